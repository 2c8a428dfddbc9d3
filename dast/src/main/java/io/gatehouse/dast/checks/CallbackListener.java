package io.gatehouse.dast.checks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Rule;
import io.gatehouse.dast.http.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scan's own out-of-band listener: a small HTTP server that targets are made to call by the
 * SSRF and XXE payloads. Each payload carries a unique token in its path; a check reports only when
 * a call with its own token arrives. The listener answers every call with an empty 204, reads at
 * most a few bytes of a body, remembers at most {@value #MAX_TOKENS} tokens, and is never requested
 * by the scan itself: it is not in the HTTP client's scope, only in the payloads that point at it.
 */
public final class CallbackListener implements AutoCloseable {
  static final int MAX_TOKENS = 10_000;
  private static final Pattern TOKEN = Pattern.compile("/(gh[a-z0-9]{8,32})(?:[/.?]|$)");

  /** A call received: when, from where, and the request line. */
  record Call(Instant at, String from, String requestLine) {}

  /** A probe whose call had not arrived when its check gave up waiting. */
  record Pending(Rule rule, InjectionPoint point, String value, Response response) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<String, Call> calls = new ConcurrentHashMap<>();
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final String base;

  private CallbackListener(HttpServer server, String base) {
    this.server = server;
    this.base = base;
  }

  /**
   * Starts a listener as {@code settings} say.
   *
   * @throws IOException when the address cannot be bound
   */
  public static CallbackListener start(CallbackSettings settings) throws IOException {
    HttpServer server = HttpServer.create(settings.bind(), 50);
    String base =
        settings.advertised().isEmpty()
            ? "http://" + hostOf(settings) + ":" + server.getAddress().getPort()
            : settings.advertised();
    CallbackListener listener = new CallbackListener(server, base);
    server.setExecutor(listener.executor);
    server.createContext("/", listener::handle);
    server.start();
    return listener;
  }

  private static String hostOf(CallbackSettings settings) {
    String host = settings.bind().getAddress().getHostAddress();
    return host.contains(":") ? "[" + host + "]" : host;
  }

  /** The URL a payload with {@code token} points at; {@code suffix} is appended to its path. */
  URI urlFor(String token, String suffix) {
    return URI.create(base + "/" + token + suffix);
  }

  /** The listener's base URL. */
  public String base() {
    return base;
  }

  /** The call with {@code token}, waiting at most {@code wait} for it. */
  Optional<Call> await(String token, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      Call call = calls.get(token);
      if (call != null) {
        return Optional.of(call);
      }
      if (System.nanoTime() >= deadline) {
        return Optional.empty();
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
  }

  /** Remembers a probe whose call may still come, for {@link #lateFindings}. */
  void expectLate(String token, Pending probe) {
    if (pending.size() < MAX_TOKENS) {
      pending.put(token, probe);
    }
  }

  /**
   * The findings of probes whose call came after their check stopped waiting (a queued job that
   * calls later), at most one per rule, URL and parameter; called when the active checks are done.
   */
  public List<Finding> lateFindings() {
    List<Finding> findings = new ArrayList<>();
    pending.forEach(
        (token, probe) -> {
          Call call = calls.get(token);
          if (call != null) {
            findings.add(OutOfBandProbes.finding(probe, call, true));
          }
        });
    return findings;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      Matcher matcher = TOKEN.matcher(path == null ? "" : path);
      if (matcher.find() && calls.size() < MAX_TOKENS) {
        calls.putIfAbsent(
            matcher.group(1),
            new Call(
                Instant.now(),
                exchange.getRemoteAddress().getAddress().getHostAddress(),
                exchange.getRequestMethod() + " " + Markers.clip(path, 200)));
      }
      try (InputStream body = exchange.getRequestBody()) {
        body.readNBytes(1024);
      }
      exchange.getResponseHeaders().set("Content-Type", "text/plain");
      exchange.sendResponseHeaders(204, -1);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
