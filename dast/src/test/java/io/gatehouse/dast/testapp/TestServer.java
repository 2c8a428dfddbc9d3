package io.gatehouse.dast.testapp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;

/** A real HTTP server on loopback for tests: routes by exact path, counts requests. */
public final class TestServer implements AutoCloseable {
  /** Handles one exchange. */
  @FunctionalInterface
  public interface Handler {
    void handle(Exchange exchange) throws IOException;
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<String, Handler> routes = new LinkedHashMap<>();
  private final Map<String, Handler> prefixRoutes = new LinkedHashMap<>();
  private final AtomicLong requests = new AtomicLong();
  private final java.util.Set<String> paths = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private Handler fallback = exchange -> exchange.send(404, "text/html", "<p>not found</p>");

  private TestServer(HttpServer server) {
    this.server = server;
    server.setExecutor(executor);
    server.createContext("/", this::dispatch);
  }

  /** A started server with no routes. */
  public static TestServer start() throws IOException {
    TestServer testServer =
        new TestServer(
            HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100));
    testServer.server.start();
    return testServer;
  }

  /** A started HTTPS server with no routes, whose certificate and key are {@code tls}'s. */
  public static TestServer startHttps(SSLContext tls) throws IOException {
    HttpsServer https =
        HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
    https.setHttpsConfigurator(new HttpsConfigurator(tls));
    TestServer testServer = new TestServer(https);
    testServer.server.start();
    return testServer;
  }

  /** Routes {@code path} to {@code handler}. */
  public TestServer route(String path, Handler handler) {
    synchronized (routes) {
      routes.put(path, handler);
    }
    return this;
  }

  /**
   * Routes every path that starts with {@code prefix} and has no exact route to {@code handler}.
   */
  public TestServer routePrefix(String prefix, Handler handler) {
    synchronized (routes) {
      prefixRoutes.put(prefix, handler);
    }
    return this;
  }

  /** Handles paths without a route. */
  public TestServer fallback(Handler handler) {
    this.fallback = handler;
    return this;
  }

  /** The base URL, {@code http://127.0.0.1:PORT} (or {@code https://}). */
  public URI base() {
    String scheme = server instanceof HttpsServer ? "https" : "http";
    return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort());
  }

  /** {@code path} on this server. */
  public URI uri(String path) {
    return base().resolve(path);
  }

  /** Requests received so far. */
  public long requests() {
    return requests.get();
  }

  /** The paths requested so far. */
  public java.util.Set<String> paths() {
    return java.util.Set.copyOf(paths);
  }

  private void dispatch(HttpExchange http) throws IOException {
    requests.incrementAndGet();
    paths.add(http.getRequestURI().getPath());
    Handler handler;
    synchronized (routes) {
      handler = routes.get(http.getRequestURI().getPath());
      for (var prefix : prefixRoutes.entrySet()) {
        if (handler == null && http.getRequestURI().getRawPath().startsWith(prefix.getKey())) {
          handler = prefix.getValue();
        }
      }
      handler = handler == null ? fallback : handler;
    }
    try (http) {
      handler.handle(new Exchange(http));
    } catch (IOException | RuntimeException e) {
      // the client went away (as the scanner does with huge and slow answers)
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  /** One request and its response. */
  public static final class Exchange {
    private final HttpExchange http;
    private Map<String, String> form;

    Exchange(HttpExchange http) {
      this.http = http;
    }

    /** The underlying exchange. */
    public HttpExchange http() {
      return http;
    }

    /** A query parameter, or {@code fallback}. */
    public String query(String name, String fallback) {
      return parse(http.getRequestURI().getRawQuery()).getOrDefault(name, fallback);
    }

    /** A form field of an url-encoded POST body, or {@code fallback}. */
    public String form(String name, String fallback) throws IOException {
      if (form == null) {
        try (InputStream in = http.getRequestBody()) {
          form = parse(new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8));
        }
      }
      return form.getOrDefault(name, fallback);
    }

    /** A request header, or empty. */
    public String header(String name) {
      String value = http.getRequestHeaders().getFirst(name);
      return value == null ? "" : value;
    }

    /** Adds a response header. */
    public Exchange responseHeader(String name, String value) {
      http.getResponseHeaders().add(name, value);
      return this;
    }

    /** Sends a complete response. */
    public void send(int status, String contentType, String body) throws IOException {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      http.getResponseHeaders().set("Content-Type", contentType + "; charset=utf-8");
      http.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
      try (OutputStream out = http.getResponseBody()) {
        out.write(bytes);
      }
    }

    /** Sends an HTML page. */
    public void html(String body) throws IOException {
      send(
          200,
          "text/html",
          "<!DOCTYPE html><html><head><title>Shop</title></head><body>" + body + "</body></html>");
    }

    private static Map<String, String> parse(String query) {
      Map<String, String> values = new LinkedHashMap<>();
      if (query == null || query.isEmpty()) {
        return values;
      }
      for (String pair : query.split("&", 100)) {
        int equals = pair.indexOf('=');
        String name = equals < 0 ? pair : pair.substring(0, equals);
        String value = equals < 0 ? "" : pair.substring(equals + 1);
        try {
          values.putIfAbsent(
              URLDecoder.decode(name, StandardCharsets.UTF_8),
              URLDecoder.decode(value, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
          values.putIfAbsent(name, value);
        }
      }
      return values;
    }
  }
}
