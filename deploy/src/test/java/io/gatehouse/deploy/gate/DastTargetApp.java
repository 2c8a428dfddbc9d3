package io.gatehouse.deploy.gate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.gatehouse.images.admission.SelfSignedTls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A small web application on loopback for the {@code dast} gate's tests: a home page linking to a
 * search page that echoes its {@code q} parameter, either unescaped (a reflected XSS, {@link
 * #vulnerable()}) or HTML-escaped ({@link #safe()}). Both send the usual security headers, so that
 * the safe one has no finding of severity high. {@link #behindLogin()} has its vulnerable search
 * page only behind a login form (with a CSRF token); {@link #https(Path)} serves the vulnerable app
 * over HTTPS with a certificate of a private CA.
 */
public final class DastTargetApp implements AutoCloseable {
  private final java.util.Set<String> paths = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** The user name the login form of {@link #behindLogin()} accepts. */
  public static final String USER = "scanner";

  /** The password it accepts. */
  public static final String PASSWORD = "s3cret-Pa55word-for-the-scan";

  /** The bearer token that {@link #behindLogin()} also accepts, as an API would. */
  public static final String API_TOKEN = "api-token-4b7e9d0c2a61";

  private static final String CSRF = "csrf-" + HexFormat.of().formatHex(new byte[] {7, 1, 9});

  private final HttpServer server;
  private final boolean escape;
  private final boolean login;
  private final boolean fetching;
  private final Optional<String> caPem;
  private final Set<String> sessions = ConcurrentHashMap.newKeySet();

  private DastTargetApp(boolean escape, boolean login, Optional<Path> tlsDir) {
    this(escape, login, false, tlsDir);
  }

  private DastTargetApp(boolean escape, boolean login, boolean fetching, Optional<Path> tlsDir) {
    this.escape = escape;
    this.login = login;
    this.fetching = fetching;
    try {
      InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
      if (tlsDir.isPresent()) {
        SelfSignedTls.TlsFiles files =
            SelfSignedTls.ensure(tlsDir.get(), List.of("127.0.0.1"), Clock.systemUTC());
        HttpsServer https = HttpsServer.create(address, 50);
        https.setHttpsConfigurator(new HttpsConfigurator(serverContext(files)));
        server = https;
        caPem = Optional.of(Files.readString(files.ca(), StandardCharsets.US_ASCII));
      } else {
        server = HttpServer.create(address, 50);
        caPem = Optional.empty();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
  }

  /** The search page reflects its parameter unescaped. */
  public static DastTargetApp vulnerable() {
    return new DastTargetApp(false, false, Optional.empty());
  }

  /** The search page escapes its parameter. */
  public static DastTargetApp safe() {
    return new DastTargetApp(true, false, Optional.empty());
  }

  /**
   * The unescaped search page is at {@code /account/search}, reachable only with the session cookie
   * that {@code /login} ({@link #USER}, {@link #PASSWORD}, a hidden CSRF token) sets; without it
   * every {@code /account} page redirects to {@code /login}. Pages of a logged-in user show "Log
   * out".
   */
  public static DastTargetApp behindLogin() {
    return new DastTargetApp(false, true, Optional.empty());
  }

  /**
   * The vulnerable app over HTTPS, its certificate (for 127.0.0.1) from a new CA in {@code dir}.
   */
  public static DastTargetApp https(Path dir) {
    return new DastTargetApp(false, false, Optional.of(dir));
  }

  /**
   * A safe search page, and a {@code /preview?url=} page that fetches the URL it is given (a
   * server-side request forgery), but only on loopback, so that a test never makes it leave this
   * machine.
   */
  public static DastTargetApp fetching() {
    return new DastTargetApp(true, false, true, Optional.empty());
  }

  /** The home page's URL. */
  public String url() {
    return (caPem.isPresent() ? "https" : "http")
        + "://127.0.0.1:"
        + server.getAddress().getPort()
        + "/";
  }

  /** The PEM certificate of the CA of an {@link #https} app. */
  public String caPem() {
    return caPem.orElseThrow();
  }

  /** The paths requested so far. */
  public java.util.Set<String> paths() {
    return java.util.Set.copyOf(paths);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      paths.add(path);
      String q = query(exchange.getRequestURI().getRawQuery());
      if (login && path.equals("/login")) {
        logIn(exchange);
      } else if (login && path.startsWith("/account")) {
        if (!loggedIn(exchange)) {
          redirect(exchange, "/login");
        } else if (path.equals("/account/search")) {
          send(
              exchange,
              200,
              "<p>Results for " + q + "</p><p>Log out</p><a href=\"/account\">a</a>");
        } else if (path.equals("/account")) {
          send(
              exchange,
              200,
              "<h1>Account</h1><p>Log out</p><a href=\"/account/search?q=shoes\">search</a>");
        } else {
          send(exchange, 404, "not found");
        }
      } else if (fetching && path.equals("/preview")) {
        send(exchange, 200, "<p>preview: " + preview(field(rawQuery(exchange), "url")) + "</p>");
      } else if (path.equals("/")) {
        send(
            exchange,
            200,
            login
                ? "<h1>Shop</h1><a href=\"/login\">log in</a> <a href=\"/account\">account</a>"
                : "<h1>Shop</h1><a href=\"/search?q=shoes\">search</a>"
                    + (fetching
                        ? " <a href=\"/preview?url=http%3A%2F%2F127.0.0.1%2F\">preview</a>"
                        : ""));
      } else if (path.equals("/search")) {
        send(
            exchange,
            200,
            "<p>Results for "
                + (escape || login ? escapeHtml(q) : q)
                + "</p><a href=\"/\">home</a>");
      } else {
        send(exchange, 404, "not found");
      }
    }
  }

  private void logIn(HttpExchange exchange) throws IOException {
    if (exchange.getRequestMethod().equals("POST")) {
      String form;
      try (InputStream in = exchange.getRequestBody()) {
        form = new String(in.readNBytes(10_000), StandardCharsets.UTF_8);
      }
      if (field(form, "username").equals(USER)
          && field(form, "password").equals(PASSWORD)
          && field(form, "csrf").equals(CSRF)) {
        String session = HexFormat.of().formatHex(java.security.SecureRandom.getSeed(12));
        sessions.add(session);
        exchange
            .getResponseHeaders()
            .add("Set-Cookie", "session=" + session + "; Path=/; HttpOnly; SameSite=Strict");
        redirect(exchange, "/account");
        return;
      }
    }
    send(
        exchange,
        200,
        "<form method=\"post\" action=\"/login\"><input type=\"hidden\" name=\"csrf\" value=\""
            + CSRF
            + "\"><input name=\"username\"><input type=\"password\" name=\"password\">"
            + "<button>log in</button></form>");
  }

  /** A new session of {@link #behindLogin()}, as its login would set in the cookie "session". */
  public String session() {
    String session = "s-" + java.util.UUID.randomUUID();
    sessions.add(session);
    return session;
  }

  private boolean loggedIn(HttpExchange exchange) {
    if (exchange
        .getRequestHeaders()
        .getOrDefault("Authorization", List.of())
        .contains("Bearer " + API_TOKEN)) {
      return true;
    }
    for (String header : exchange.getRequestHeaders().getOrDefault("Cookie", List.of())) {
      for (String pair : header.split(";", -1)) {
        String cookie = pair.strip();
        if (cookie.startsWith("session=") && sessions.contains(cookie.substring(8))) {
          return true;
        }
      }
    }
    return false;
  }

  private static void redirect(HttpExchange exchange, String location) throws IOException {
    exchange.getResponseHeaders().set("Location", location);
    send(exchange, 302, "");
  }

  private static void send(HttpExchange exchange, int status, String content) throws IOException {
    byte[] bytes = ("<html><body>" + content + "</body></html>").getBytes(StandardCharsets.UTF_8);
    var headers = exchange.getResponseHeaders();
    headers.set("Content-Type", "text/html; charset=utf-8");
    headers.set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("X-Frame-Options", "DENY");
    headers.set("Referrer-Policy", "no-referrer");
    headers.set("Cache-Control", "no-store");
    headers.set("Strict-Transport-Security", "max-age=31536000");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private static String rawQuery(HttpExchange exchange) {
    String raw = exchange.getRequestURI().getRawQuery();
    return raw == null ? "" : raw;
  }

  /** Fetches {@code url} when it is on loopback; the size of the answer, or why not. */
  private static String preview(String url) {
    java.net.URI uri;
    try {
      uri = new java.net.URI(url.contains("//") ? url : "http://" + url);
    } catch (java.net.URISyntaxException e) {
      return "not a URL";
    }
    String host = String.valueOf(uri.getHost());
    if (!host.equals("127.0.0.1") && !host.equals("localhost")) {
      return "only loopback is fetched in this test application";
    }
    try (java.net.http.HttpClient client =
        java.net.http.HttpClient.newBuilder()
            .connectTimeout(java.time.Duration.ofSeconds(2))
            .build()) {
      var response =
          client.send(
              java.net.http.HttpRequest.newBuilder(uri)
                  .timeout(java.time.Duration.ofSeconds(2))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.discarding());
      return "status " + response.statusCode();
    } catch (IOException | IllegalArgumentException e) {
      return "unreachable";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  private static String query(String raw) {
    return field(raw == null ? "" : raw, "q");
  }

  private static String field(String encoded, String name) {
    for (String pair : encoded.split("&", -1)) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return "";
  }

  private static String escapeHtml(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }

  private static SSLContext serverContext(SelfSignedTls.TlsFiles files)
      throws IOException, GeneralSecurityException {
    String pem = Files.readString(files.key(), StandardCharsets.US_ASCII);
    byte[] der =
        Base64.getMimeDecoder()
            .decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
    PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
    Certificate[] chain;
    try (InputStream in = Files.newInputStream(files.certificate())) {
      chain =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(in)
              .toArray(new Certificate[0]);
    }
    char[] password = "changeit".toCharArray();
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("server", key, password, chain);
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, password);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return context;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
