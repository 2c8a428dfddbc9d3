package io.gatehouse.deploy.gate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * A small web application on loopback for the {@code dast} gate's tests: a home page linking to a
 * search page that echoes its {@code q} parameter, either unescaped (a reflected XSS, {@link
 * #vulnerable()}) or HTML-escaped ({@link #safe()}). Both send the usual security headers, so that
 * the safe one has no finding of severity high.
 */
final class DastTargetApp implements AutoCloseable {
  private final HttpServer server;
  private final boolean escape;

  private DastTargetApp(boolean escape) {
    this.escape = escape;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
  }

  /** The search page reflects its parameter unescaped. */
  static DastTargetApp vulnerable() {
    return new DastTargetApp(false);
  }

  /** The search page escapes its parameter. */
  static DastTargetApp safe() {
    return new DastTargetApp(true);
  }

  /** The home page's URL. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String body;
      int status = 200;
      if (path.equals("/")) {
        body = "<html><body><h1>Shop</h1><a href=\"/search?q=shoes\">search</a></body></html>";
      } else if (path.equals("/search")) {
        String q = query(exchange.getRequestURI().getRawQuery());
        body =
            "<html><body><p>Results for "
                + (escape ? escapeHtml(q) : q)
                + "</p><a href=\"/\">home</a></body></html>";
      } else {
        status = 404;
        body = "<html><body>not found</body></html>";
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      var headers = exchange.getResponseHeaders();
      headers.set("Content-Type", "text/html; charset=utf-8");
      headers.set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
      headers.set("X-Content-Type-Options", "nosniff");
      headers.set("X-Frame-Options", "DENY");
      headers.set("Referrer-Policy", "no-referrer");
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private static String query(String raw) {
    if (raw == null) {
      return "";
    }
    for (String pair : raw.split("&", -1)) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals("q")) {
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

  @Override
  public void close() {
    server.stop(0);
  }
}
