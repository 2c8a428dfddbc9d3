package io.gatehouse.dast.testapp;

import io.gatehouse.dast.testapp.VulnerableApp.Point;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.naming.NamingException;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * The test target's routes for stored XSS, time-based SQL and command injection, template, LDAP,
 * XPath and CRLF injection, JWT weaknesses, SSRF, XXE, private IP disclosure and cacheable
 * authenticated pages: each vulnerable route under {@code /vuln/} with a safe twin under {@code
 * /safe/} that looks alike (escaped output, parameterised query, no shell, fixed template, escaped
 * filter, XPath variables, stripped line breaks, strict token verification, host allow-list, DTDs
 * refused, no internal address, {@code Cache-Control: no-store}). The interpreters are real:
 * Jinjava, FreeMarker and Velocity templates ({@link TemplateEngines}), an LDAP directory searched
 * through JNDI ({@link LdapDirectory}), the JDK's XPath and XML parsers, H2; and SQL injection on
 * PostgreSQL, SQLite and HSQLDB ({@link DatabaseTargets}).
 */
public final class CheckTargets implements AutoCloseable {
  /** The cookie the accuracy scan sends as its credentials. */
  static final String SESSION_COOKIE = "account=alice";

  /** A secret from the scanner's word list, and strong random ones. */
  static final String WEAK_SECRET = "changeme";

  private static final byte[] STRONG_SECRET = random(32);
  private static final byte[] SAFE_SECRET = random(32);
  private static final int MAX_STORED = 200;

  private final TestServer server;
  private final String timingDatabase =
      "jdbc:h2:mem:timing" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
  private final Deque<String> guestbook = new ConcurrentLinkedDeque<>();
  private final Deque<String> safeGuestbook = new ConcurrentLinkedDeque<>();
  private final AtomicReference<String> nickname = new AtomicReference<>("guest");
  private final AtomicReference<String> safeNickname = new AtomicReference<>("guest");
  private final LdapDirectory directory;
  private final DatabaseTargets databases;
  private final Document users;
  private final HttpClient fetcher =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  private CheckTargets(TestServer server) throws IOException {
    this.server = server;
    this.directory = LdapDirectory.start();
    this.databases = DatabaseTargets.start();
    try {
      this.users =
          DocumentBuilderFactory.newInstance()
              .newDocumentBuilder()
              .parse(
                  new ByteArrayInputStream(
                      ("<users><user><name>alice</name><email>alice@shop.test</email></user>"
                              + "<user><name>bob</name><email>bob@shop.test</email></user></users>")
                          .getBytes(StandardCharsets.UTF_8)));
    } catch (javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException e) {
      throw new IOException(e);
    }
    try (Connection connection = DriverManager.getConnection(timingDatabase);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE stock(id INT PRIMARY KEY, name VARCHAR(100))");
      statement.execute("INSERT INTO stock VALUES (1, 'Widget'), (2, 'Gadget')");
      statement.execute("CREATE TABLE subscribers(email VARCHAR(1000))");
      // the MySQL and PostgreSQL sleep functions, which H2 lacks
      statement.execute("CREATE ALIAS SLEEP FOR \"io.gatehouse.dast.testapp.CheckTargets.sleep\"");
      statement.execute(
          "CREATE ALIAS PG_SLEEP FOR \"io.gatehouse.dast.testapp.CheckTargets.pgSleep\"");
    } catch (SQLException e) {
      throw new IOException(e);
    }
  }

  /** Adds the routes to {@code server}; the targets' interpreters serve the other locations too. */
  static CheckTargets install(TestServer server) {
    try {
      CheckTargets targets = new CheckTargets(server);
      targets.routes();
      return targets;
    } catch (IOException e) {
      throw new IllegalStateException("the check targets cannot be set up", e);
    }
  }

  /** Links to every entry page, for the start page. */
  static String links() {
    StringBuilder html = new StringBuilder();
    for (String p : List.of("vuln", "safe")) {
      for (String path :
          List.of(
              "/guestbook",
              "/profile",
              "/profile/nick?nick=guest",
              "/sqli-time/stock?id=2",
              "/cmd-time/backup?name=report",
              "/template/greet?name=World",
              "/template/card?to=Alice",
              "/ldap/user?uid=alice",
              "/xpath/user?name=alice",
              "/crlf/redirect?to=/",
              "/jwt/weak/login",
              "/jwt/none/login",
              "/ssrf/fetch?url=/news.txt",
              "/xxe/upload?doc=%3Corder%3E%3Citem%3E1%3C%2Fitem%3E%3C%2Forder%3E",
              "/info/status",
              "/account/orders")) {
        html.append("<li><a href=\"/")
            .append(p)
            .append(path.replace("&", "&amp;"))
            .append("\">")
            .append(p)
            .append("</a>");
      }
      for (String[] form :
          List.of(
              new String[] {"/guestbook/sign", "message", "Hello"},
              new String[] {"/sqli-time/subscribe", "email", "a@shop.test"},
              new String[] {"/template/mail", "subject", "Your order"},
              new String[] {"/ldap/login", "user", "alice"},
              new String[] {"/xpath/login", "name", "alice"},
              new String[] {"/crlf/lang", "lang", "en"},
              new String[] {"/ssrf/webhook", "callback", "http://localhost:1/hook"},
              new String[] {"/xxe/import", "xml", "<order><item>1</item></order>"})) {
        html.append("<li><form method=\"post\" action=\"/")
            .append(p)
            .append(form[0])
            .append("\"><input type=\"text\" name=\"")
            .append(form[1])
            .append("\" value=\"")
            .append(VulnerableApp.html(form[2]))
            .append("\"><input type=\"submit\"></form>");
      }
    }
    html.append(DatabaseTargets.links());
    html.append("<li><a href=\"/safe/slow?id=1\">slow</a>")
        .append("<li><a href=\"/safe/template/echo?expr=1\">echo</a>")
        .append("<li><a href=\"/safe/ssrf/preview?url=/news.txt\">preview</a>")
        .append("<li><a href=\"/safe/account/help\">help</a>")
        .append("<li><a href=\"/safe/info/version\">version</a>")
        .append("<li><a href=\"/vuln/info/headers\">headers</a>");
    return html.toString();
  }

  private void routes() {
    databases.routes(server);
    storedXssRoutes();
    timeRoutes();
    templateRoutes();
    ldapRoutes();
    xpathRoutes();
    crlfRoutes();
    jwtRoutes();
    ssrfRoutes();
    xxeRoutes();
    infoRoutes();
    accountRoutes();
  }

  // --- stored XSS -----------------------------------------------------------------------------

  private void storedXssRoutes() {
    server.route("/vuln/guestbook", e -> e.html(entries(guestbook, false)));
    server.route("/safe/guestbook", e -> e.html(entries(safeGuestbook, true)));
    server.route("/vuln/guestbook/sign", e -> sign(e, guestbook));
    server.route("/safe/guestbook/sign", e -> sign(e, safeGuestbook));
    server.route(
        "/vuln/profile",
        e -> e.html("<form><input name=\"nick\" value=\"" + nickname.get() + "\"></form>"));
    server.route(
        "/safe/profile",
        e ->
            e.html(
                "<form><input name=\"nick\" value=\""
                    + VulnerableApp.html(safeNickname.get())
                    + "\"></form>"));
    server.route(
        "/vuln/profile/nick",
        e -> {
          nickname.set(e.query("nick", "guest"));
          e.html("<p>Saved. <a href=\"/vuln/profile\">profile</a></p>");
        });
    server.route(
        "/safe/profile/nick",
        e -> {
          safeNickname.set(e.query("nick", "guest"));
          e.html("<p>Saved. <a href=\"/safe/profile\">profile</a></p>");
        });
  }

  private static void sign(TestServer.Exchange e, Deque<String> book) throws IOException {
    book.addFirst(e.form("message", ""));
    while (book.size() > MAX_STORED) {
      book.pollLast();
    }
    e.html("<p>Thank you, your message is waiting for moderation.</p>");
  }

  private static String entries(Deque<String> book, boolean escape) {
    StringBuilder html = new StringBuilder("<h1>Guestbook</h1><ul>");
    for (String entry : book) {
      html.append("<li>").append(escape ? VulnerableApp.html(entry) : entry);
    }
    return html.append("</ul>").toString();
  }

  // --- time-based SQL and command injection ---------------------------------------------------

  /** MySQL's {@code SLEEP(seconds)}, for the target's H2 database. */
  public static boolean sleep(double seconds) throws InterruptedException {
    Thread.sleep(Math.min(5_000, (long) (seconds * 1000)));
    return false;
  }

  /** PostgreSQL's {@code PG_SLEEP(seconds)}, for the target's H2 database. */
  public static String pgSleep(double seconds) throws InterruptedException {
    sleep(seconds);
    return "";
  }

  private void timeRoutes() {
    server.route(
        "/vuln/sqli-time/stock",
        e -> e.html(timing("SELECT name FROM stock WHERE id = " + e.query("id", "2"), null)));
    server.route(
        "/safe/sqli-time/stock",
        e -> e.html(timing("SELECT name FROM stock WHERE id = ?", e.query("id", "2"))));
    server.route(
        "/vuln/sqli-time/subscribe",
        e ->
            e.html(timing("INSERT INTO subscribers VALUES ('" + e.form("email", "") + "')", null)));
    server.route(
        "/safe/sqli-time/subscribe",
        e -> e.html(timing("INSERT INTO subscribers VALUES (?)", e.form("email", ""))));
    // slow on its own, whatever the input: a time-based check must not take it for a delay
    server.route(
        "/safe/slow",
        e -> {
          try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(0, 400));
          } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
          }
          e.html(timing("SELECT name FROM stock WHERE id = ?", e.query("id", "1")));
        });
    server.route(
        "/vuln/cmd-time/backup",
        e -> {
          run(List.of("/bin/sh", "-c", "echo " + e.query("name", "") + " > /dev/null"));
          e.html("<p>Backup queued.</p>");
        });
    server.route(
        "/safe/cmd-time/backup",
        e -> {
          run(List.of("echo", e.query("name", "")));
          e.html("<p>Backup queued.</p>");
        });
  }

  /** Runs {@code sql} on its own connection; the page is the same whatever happens (blind). */
  String timing(String sql, String parameter) {
    try (Connection connection = DriverManager.getConnection(timingDatabase)) {
      if (parameter == null) {
        try (Statement statement = connection.createStatement()) {
          statement.execute(sql);
        }
      } else {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
          statement.setString(1, parameter);
          statement.execute();
        }
      }
    } catch (SQLException e) {
      // blind: errors are not shown
    }
    return "<p>Thank you, your request was recorded.</p>";
  }

  private static void run(List<String> command) {
    try {
      Process process =
          new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
      process.getOutputStream().close();
      process.getInputStream().readNBytes(8192);
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (IOException e) {
      // blind: failures are not shown
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // --- template injection (Jinjava, FreeMarker) ----------------------------------------------

  private void templateRoutes() {
    for (boolean vulnerable : new boolean[] {true, false}) {
      String p = vulnerable ? "/vuln" : "/safe";
      server.route(
          p + "/template/greet",
          e ->
              e.html(
                  TemplateEngines.JINJAVA.page(
                      "<p>Hello ", e.query("name", ""), "!</p>", vulnerable)));
      server.route(
          p + "/template/mail",
          e ->
              e.html(
                  TemplateEngines.FREEMARKER.page(
                      "<p>Subject: ", e.form("subject", ""), "</p>", vulnerable)));
      server.route(
          p + "/template/card",
          e ->
              e.html(
                  TemplateEngines.VELOCITY.page(
                      "<p>A card for ", e.query("to", ""), "</p>", vulnerable)));
    }
    server.route(
        "/safe/template/echo",
        e -> e.html("<p>Expression: " + VulnerableApp.html(e.query("expr", "")) + "</p>"));
  }

  // --- LDAP and XPath injection ---------------------------------------------------------------

  private void ldapRoutes() {
    for (boolean vulnerable : new boolean[] {true, false}) {
      String p = vulnerable ? "/vuln" : "/safe";
      server.route(p + "/ldap/user", e -> e.html(ldap(e.query("uid", ""), vulnerable, true)));
      server.route(p + "/ldap/login", e -> e.html(ldap(e.form("user", ""), vulnerable, false)));
    }
  }

  /**
   * The people whose {@code uid} is {@code uid}, searched in the directory with a filter built by
   * concatenation (vulnerable) or with {@code uid} as an escaped filter argument (safe); the
   * directory's error shown only if {@code showErrors}.
   */
  String ldap(String uid, boolean vulnerable, boolean showErrors) {
    try {
      List<Map<String, String>> found =
          vulnerable
              ? directory.search("(&(uid=" + uid + ")(objectClass=person))")
              : directory.search("(&(uid={0})(objectClass=person))", uid);
      if (found.isEmpty()) {
        return "<p>No such user.</p>";
      }
      StringBuilder html = new StringBuilder("<h2>Directory</h2><ul>");
      found.forEach(
          entry ->
              html.append("<li>")
                  .append(VulnerableApp.html(entry.get("cn")))
                  .append(" - ")
                  .append(VulnerableApp.html(entry.get("mail"))));
      return html.append("</ul>").toString();
    } catch (NamingException | RuntimeException e) {
      return showErrors
          ? "<pre>" + VulnerableApp.html(e.toString()) + "</pre>"
          : "<p>No such user.</p>";
    }
  }

  private void xpathRoutes() {
    server.route(
        "/vuln/xpath/user",
        e -> e.html(xpath("//user[name='" + e.query("name", "") + "']/email", null, true)));
    server.route(
        "/safe/xpath/user",
        e -> e.html(xpath("//user[name=$name]/email", e.query("name", ""), true)));
    server.route(
        "/vuln/xpath/login",
        e -> e.html(xpath("//user[name='" + e.form("name", "") + "']/email", null, false)));
    server.route(
        "/safe/xpath/login",
        e -> e.html(xpath("//user[name=$name]/email", e.form("name", ""), false)));
  }

  synchronized String xpath(String expression, String name, boolean showErrors) {
    XPath xpath = XPathFactory.newInstance().newXPath();
    if (name != null) {
      xpath.setXPathVariableResolver(variable -> name);
    }
    try {
      NodeList nodes = (NodeList) xpath.evaluate(expression, users, XPathConstants.NODESET);
      if (nodes.getLength() == 0) {
        return "<p>Unknown user.</p>";
      }
      StringBuilder html = new StringBuilder("<h2>Users</h2><ul>");
      for (int i = 0; i < nodes.getLength(); i++) {
        html.append("<li>").append(VulnerableApp.html(nodes.item(i).getTextContent()));
      }
      return html.append("</ul>").toString();
    } catch (XPathExpressionException | RuntimeException e) {
      return showErrors
          ? "<pre>" + VulnerableApp.html(e.toString()) + "</pre>"
          : "<p>Unknown user.</p>";
    }
  }

  // --- CRLF injection -------------------------------------------------------------------------

  private void crlfRoutes() {
    server.route(
        "/vuln/crlf/redirect",
        e -> {
          writeHeaderRaw(e, "Location", "/?lang=" + e.query("to", "/"));
          e.send(302, "text/html", "");
        });
    server.route(
        "/safe/crlf/redirect",
        e -> {
          e.responseHeader("Location", "/?lang=" + e.query("to", "/").replaceAll("[\\r\\n]", ""));
          e.send(302, "text/html", "");
        });
    server.route(
        "/vuln/crlf/lang",
        e -> {
          writeHeaderRaw(
              e, "Set-Cookie", "lang=" + e.form("lang", "en") + "; HttpOnly; SameSite=Lax");
          e.html("<p>Language saved.</p>");
        });
    server.route(
        "/safe/crlf/lang",
        e -> {
          String lang = java.net.URLEncoder.encode(e.form("lang", "en"), StandardCharsets.UTF_8);
          e.responseHeader("Set-Cookie", "lang=" + lang + "; HttpOnly; SameSite=Lax");
          e.html("<p>Language saved.</p>");
        });
  }

  /**
   * Writes a header the way a server that does not check for line breaks puts it on the wire: each
   * line break starts a new header line. (The JDK server refuses line breaks in values, so the
   * lines are split here into the headers the client would read.)
   */
  static void writeHeaderRaw(TestServer.Exchange e, String name, String value) {
    String[] lines = value.split("\\r\\n|\\r|\\n", 20);
    e.responseHeader(name, lines[0]);
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0 && lines[i].substring(0, colon).matches("[A-Za-z0-9-]+")) {
        e.responseHeader(lines[i].substring(0, colon), lines[i].substring(colon + 1).strip());
      }
    }
  }

  // --- JWT ------------------------------------------------------------------------------------

  private void jwtRoutes() {
    byte[] weak = WEAK_SECRET.getBytes(StandardCharsets.UTF_8);
    login("/vuln/jwt/weak", "weak_session", weak);
    login("/safe/jwt/weak", "weak_session", SAFE_SECRET);
    login("/vuln/jwt/none", "none_session", STRONG_SECRET);
    login("/safe/jwt/none", "none_session", SAFE_SECRET);
    account("/vuln/jwt/weak", "weak_session", weak, false);
    account("/safe/jwt/weak", "weak_session", SAFE_SECRET, false);
    account("/vuln/jwt/none", "none_session", STRONG_SECRET, true);
    account("/safe/jwt/none", "none_session", SAFE_SECRET, false);
  }

  private void login(String prefix, String cookie, byte[] secret) {
    server.route(
        prefix + "/login",
        e -> {
          e.responseHeader(
              "Set-Cookie", cookie + "=" + sign(secret) + "; Path=/; HttpOnly; SameSite=Lax");
          e.responseHeader("Cache-Control", "no-store");
          e.html("<p>Signed in. <a href=\"" + prefix + "/account\">your account</a></p>");
        });
  }

  private void account(String prefix, String cookie, byte[] secret, boolean trustsHeaderAlg) {
    server.route(
        prefix + "/account",
        e -> {
          String token = cookieValue(e.header("Cookie"), cookie);
          if (valid(token, secret, trustsHeaderAlg)) {
            e.responseHeader("Cache-Control", "no-store");
            e.html("<h1>Your account</h1><p>Alice Archer, 3 orders, card ending 4242.</p>");
          } else {
            e.send(401, "text/html", "<p>Please sign in.</p>");
          }
        });
  }

  private static String cookieValue(String header, String name) {
    for (String pair : header.split(";", -1)) {
      String[] parts = pair.strip().split("=", 2);
      if (parts.length == 2 && parts[0].equals(name)) {
        return parts[1];
      }
    }
    return "";
  }

  private static String sign(byte[] secret) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header =
        b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String claims =
        b64.encodeToString(
            "{\"sub\":\"alice\",\"role\":\"customer\"}".getBytes(StandardCharsets.UTF_8));
    return header + "." + claims + "." + b64.encodeToString(hmac(secret, header + "." + claims));
  }

  /** Verifies {@code token}; the vulnerable verifier takes the algorithm from the token. */
  private static boolean valid(String token, byte[] secret, boolean trustsHeaderAlg) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return false;
    }
    try {
      String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
      boolean none = header.toLowerCase(Locale.ROOT).replace(" ", "").contains("\"alg\":\"none\"");
      if (none) {
        return trustsHeaderAlg;
      }
      byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
      return MessageDigest.isEqual(hmac(secret, parts[0] + "." + parts[1]), signature);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static byte[] hmac(byte[] secret, String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(text.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] random(int bytes) {
    byte[] secret = new byte[bytes];
    new SecureRandom().nextBytes(secret);
    return secret;
  }

  // --- SSRF and XXE ---------------------------------------------------------------------------

  private void ssrfRoutes() {
    server.route("/news.txt", e -> e.send(200, "text/plain", "No news."));
    server.route("/vuln/ssrf/fetch", e -> e.html(fetch(e.query("url", "/news.txt"), false)));
    server.route("/safe/ssrf/fetch", e -> e.html(fetch(e.query("url", "/news.txt"), true)));
    server.route(
        "/vuln/ssrf/webhook",
        e -> {
          String url = e.form("callback", "");
          Thread.ofVirtual().start(() -> fetch(url, false));
          e.html("<p>Webhook registered; a test call is on its way.</p>");
        });
    server.route(
        "/safe/ssrf/webhook",
        e -> {
          String url = e.form("callback", "");
          Thread.ofVirtual().start(() -> fetch(url, true));
          e.html("<p>Webhook registered; a test call is on its way.</p>");
        });
    server.route(
        "/safe/ssrf/preview",
        e ->
            e.html(
                "<p>Preview of " + VulnerableApp.html(e.query("url", "")) + " is disabled.</p>"));
  }

  /**
   * Fetches {@code url} (a path or a bare name: a page of this server; {@code host:port/path}: over
   * HTTP); the safe variant only this server.
   */
  String fetch(String url, boolean ownHostOnly) {
    try {
      URI base = server.base();
      URI target;
      if (url.startsWith("/") || !url.contains(":")) {
        target = base.resolve("/" + url.replaceFirst("^/+", ""));
      } else {
        target = URI.create(url.contains("://") ? url : "http://" + url);
      }
      if (ownHostOnly && !base.getAuthority().equals(target.getAuthority())) {
        return "<p>Only this site's addresses can be fetched.</p>";
      }
      HttpResponse<byte[]> response =
          fetcher.send(
              HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(2)).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      return "<p>Fetched " + response.body().length + " bytes.</p>";
    } catch (IOException | IllegalArgumentException e) {
      return "<p>Could not fetch it.</p>";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "<p>Interrupted.</p>";
    }
  }

  private void xxeRoutes() {
    server.route("/vuln/xxe/import", e -> e.html(parse(e.form("xml", ""), false)));
    server.route("/safe/xxe/import", e -> e.html(parse(e.form("xml", ""), true)));
    server.route("/vuln/xxe/upload", e -> e.html(parse(e.query("doc", ""), false)));
    server.route("/safe/xxe/upload", e -> e.html(parse(e.query("doc", ""), true)));
  }

  /**
   * Parses an order; the JDK's defaults resolve external entities, the safe parser refuses DTDs.
   */
  static String parse(String xml, boolean refuseDtd) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      if (refuseDtd) {
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      }
      javax.xml.parsers.DocumentBuilder builder = factory.newDocumentBuilder();
      builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler());
      Document document =
          builder.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
      return "<p>Imported " + document.getElementsByTagName("item").getLength() + " items.</p>";
    } catch (Exception e) {
      return "<p>Invalid document.</p>";
    }
  }

  // --- private IP disclosure and cacheable authenticated pages --------------------------------

  private void infoRoutes() {
    server.route(
        "/vuln/info/status", e -> e.html("<p>OK, served by backend 10.20.30.40 in 3 ms.</p>"));
    server.route(
        "/vuln/info/headers",
        e -> {
          e.responseHeader("X-Backend-Server", "192.168.17.5:8080");
          e.html("<p>OK</p>");
        });
    server.route("/safe/info/status", e -> e.html("<p>OK, served by backend app-2 in 3 ms.</p>"));
    server.route(
        "/safe/info/version",
        e -> e.html("<p>Version 10.20.30.40.1, build 172.32.0.1, mirror 203.0.113.7.</p>"));
  }

  private void accountRoutes() {
    server.route("/vuln/account/orders", e -> orders(e, false));
    server.route("/safe/account/orders", e -> orders(e, true));
    server.route("/safe/account/help", e -> e.html("<p>Call us on weekdays.</p>"));
  }

  private static void orders(TestServer.Exchange e, boolean noStore) throws IOException {
    if (noStore) {
      e.responseHeader("Cache-Control", "no-store");
    }
    if (e.header("Cookie").contains(SESSION_COOKIE)) {
      e.html(
          "<h1>Orders of Alice Archer</h1><ul><li>Order 1042: 2 widgets, paid by card 4242</ul>");
    } else {
      e.html("<p>Please sign in to see your orders.</p>");
    }
  }

  /** The points of these routes. */
  static List<Point> points() {
    List<Point> points = new ArrayList<>();
    for (boolean vulnerable : new boolean[] {true, false}) {
      String p = vulnerable ? "/vuln" : "/safe";
      points.add(
          new Point("xss-stored", "xss-stored", p + "/guestbook/sign", "message", vulnerable));
      points.add(new Point("xss-stored", "xss-stored", p + "/profile/nick", "nick", vulnerable));
      points.add(
          new Point("sqli-time", "sql-injection-time", p + "/sqli-time/stock", "id", vulnerable));
      points.add(
          new Point(
              "sqli-time", "sql-injection-time", p + "/sqli-time/subscribe", "email", vulnerable));
      points.add(
          new Point(
              "command-injection-time",
              "command-injection-time",
              p + "/cmd-time/backup",
              "name",
              vulnerable));
      points.add(
          new Point(
              "command-injection-time", "command-injection-time", p + "/ping", "host", vulnerable));
      points.add(
          new Point(
              "command-injection-time",
              "command-injection-time",
              p + "/lookup",
              "domain",
              vulnerable));
      points.add(
          new Point("ssti", "template-injection", p + "/template/greet", "name", vulnerable));
      points.add(
          new Point("ssti", "template-injection", p + "/template/mail", "subject", vulnerable));
      points.add(new Point("ssti", "template-injection", p + "/template/card", "to", vulnerable));
      points.add(new Point("ldap", "ldap-injection", p + "/ldap/user", "uid", vulnerable));
      points.add(new Point("ldap", "ldap-injection", p + "/ldap/login", "user", vulnerable));
      points.add(new Point("xpath", "xpath-injection", p + "/xpath/user", "name", vulnerable));
      points.add(new Point("xpath", "xpath-injection", p + "/xpath/login", "name", vulnerable));
      points.add(new Point("crlf", "crlf-injection", p + "/crlf/redirect", "to", vulnerable));
      points.add(new Point("crlf", "crlf-injection", p + "/crlf/lang", "lang", vulnerable));
      points.add(
          new Point("jwt", "jwt-weak-secret", p + "/jwt/weak/login", "weak_session", vulnerable));
      points.add(
          new Point(
              "jwt", "jwt-none-accepted", p + "/jwt/none/account", "none_session", vulnerable));
      points.add(new Point("ssrf", "ssrf", p + "/ssrf/fetch", "url", vulnerable));
      points.add(new Point("ssrf", "ssrf", p + "/ssrf/webhook", "callback", vulnerable));
      points.add(new Point("xxe", "xxe", p + "/xxe/import", "xml", vulnerable));
      points.add(new Point("xxe", "xxe", p + "/xxe/upload", "doc", vulnerable));
      points.add(
          new Point("private-ip", "private-ip-disclosure", p + "/info/status", "", vulnerable));
      points.add(
          new Point(
              "cache-control", "cache-control-missing", p + "/account/orders", "", vulnerable));
    }
    points.add(new Point("private-ip", "private-ip-disclosure", "/vuln/info/headers", "", true));
    points.add(new Point("private-ip", "private-ip-disclosure", "/safe/info/version", "", false));
    points.add(new Point("sqli-time", "sql-injection-time", "/safe/slow", "id", false));
    points.add(
        new Point("command-injection-time", "command-injection-time", "/safe/slow", "id", false));
    points.add(new Point("ssti", "template-injection", "/safe/template/echo", "expr", false));
    points.add(new Point("ssrf", "ssrf", "/safe/ssrf/preview", "url", false));
    points.add(
        new Point("cache-control", "cache-control-missing", "/safe/account/help", "", false));
    points.addAll(DatabaseTargets.points());
    return List.copyOf(points);
  }

  /** Stops the directory and the databases. */
  @Override
  public void close() {
    directory.close();
    databases.close();
  }
}
