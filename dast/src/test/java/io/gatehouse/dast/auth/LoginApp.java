package io.gatehouse.dast.auth;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A web application on loopback with a login form (a CSRF token in a hidden field, a pre-login
 * cookie), a session cookie, a page only a logged-in user sees, and a way to end every session, for
 * the login tests.
 */
final class LoginApp implements AutoCloseable {
  static final String USER = "scanner";
  static final String PASSWORD = "s3cret-Pw";
  private static final String CSRF = "csrf-7f3a";

  private final HttpServer server;
  private final Set<String> sessions = ConcurrentHashMap.newKeySet();
  private final AtomicInteger logins = new AtomicInteger();
  final AtomicInteger accountViews = new AtomicInteger();

  LoginApp() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  int logins() {
    return logins.get();
  }

  /** Ends every session, as a server restart or a timeout would. */
  void endSessions() {
    sessions.clear();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      boolean loggedIn = sessions.contains(cookies(exchange).getOrDefault("session", ""));
      switch (path) {
        case "/login" -> login(exchange);
        case "/account" -> {
          if (!loggedIn) {
            redirect(exchange, "/login");
          } else {
            accountViews.incrementAndGet();
            html(exchange, "<p>Welcome " + USER + "</p><a href=\"/logout-page\">Log out</a>");
          }
        }
        default ->
            html(
                exchange,
                loggedIn
                    ? "<a href=\"/account\">account</a> <a href=\"/logout-page\">Log out</a>"
                    : "<a href=\"/account\">account</a> <a href=\"/login\">Sign in</a>");
      }
    }
  }

  private void login(HttpExchange exchange) throws IOException {
    if (exchange.getRequestMethod().equals("GET")) {
      exchange.getResponseHeaders().add("Set-Cookie", "pre=1; Path=/; HttpOnly");
      html(
          exchange,
          "<form action=\"/login\" method=\"post\"><input type=\"hidden\" name=\"csrf\" value=\""
              + CSRF
              + "\"><input name=\"user\"><input type=\"password\" name=\"password\">"
              + "<input type=\"submit\" name=\"go\" value=\"Sign in\"></form>");
      return;
    }
    Map<String, String> form =
        query(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    boolean ok =
        CSRF.equals(form.get("csrf"))
            && USER.equals(form.get("user"))
            && PASSWORD.equals(form.get("password"))
            && "1".equals(cookies(exchange).get("pre"));
    if (!ok) {
      html(exchange, "<p>Wrong user or password</p>");
      return;
    }
    String session = "s" + logins.incrementAndGet();
    sessions.add(session);
    exchange.getResponseHeaders().add("Set-Cookie", "session=" + session + "; Path=/; HttpOnly");
    redirect(exchange, "/account");
  }

  private static Map<String, String> cookies(HttpExchange exchange) {
    Map<String, String> cookies = new HashMap<>();
    String header = exchange.getRequestHeaders().getFirst("Cookie");
    if (header != null) {
      for (String part : header.split(";", -1)) {
        int eq = part.indexOf('=');
        if (eq > 0) {
          cookies.put(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
        }
      }
    }
    return cookies;
  }

  private static Map<String, String> query(String body) {
    Map<String, String> values = new HashMap<>();
    for (String pair : body.split("&", -1)) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        values.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return values;
  }

  private static void redirect(HttpExchange exchange, String location) throws IOException {
    exchange.getResponseHeaders().set("Location", location);
    exchange.sendResponseHeaders(302, -1);
  }

  private static void html(HttpExchange exchange, String body) throws IOException {
    byte[] bytes = ("<html><body>" + body + "</body></html>").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
