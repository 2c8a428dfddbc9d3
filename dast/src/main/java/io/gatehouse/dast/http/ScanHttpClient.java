package io.gatehouse.dast.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * The only way a scan talks to its target. Every request, each redirect hop included, is checked
 * against the {@link Scope} here, where it is made; an out-of-scope request is refused, never sent.
 * The client also enforces the rate and concurrency limits, the per-request timeout and the body
 * size limit, and counts what it does. {@link #stop} refuses every later request and abandons those
 * in flight, so a stopped scan winds down at once.
 */
public final class ScanHttpClient implements AutoCloseable {
  private static final Pattern CHARSET = Pattern.compile("(?i)charset=\"?([\\w.:-]{1,40})");
  private static final Set<String> UNSENDABLE_HEADERS =
      Set.of("connection", "content-length", "expect", "host", "upgrade");

  private final HttpSettings settings;
  private final HttpClient client;
  private final RateLimiter rateLimiter;
  private final Semaphore inFlight;
  private final Map<Long, CompletableFuture<?>> pending = new ConcurrentHashMap<>();
  private final AtomicReference<String> stopReason = new AtomicReference<>();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private volatile Map<String, String> sessionHeaders = Map.of();
  private volatile Consumer<Response> observer = response -> {};

  private ScanHttpClient(HttpSettings settings, Optional<SSLContext> tls) {
    this.settings = settings;
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(settings.timeout());
    tls.ifPresent(builder::sslContext);
    this.client = builder.build();
    this.rateLimiter = new RateLimiter(settings.requestsPerSecond());
    this.inFlight = new Semaphore(settings.concurrency(), true);
  }

  /** A client with {@code settings}. */
  public static ScanHttpClient create(HttpSettings settings) {
    return new ScanHttpClient(settings, Optional.empty());
  }

  /**
   * A client with {@code settings} whose HTTPS connections trust what {@code tls} trusts (a private
   * CA, see {@link TlsTrust}) instead of the JDK's trust store.
   */
  public static ScanHttpClient create(HttpSettings settings, Optional<SSLContext> tls) {
    return new ScanHttpClient(settings, tls);
  }

  /** The settings of this client. */
  public HttpSettings settings() {
    return settings;
  }

  /**
   * Sends one request, following no redirect.
   *
   * @throws OutOfScopeException when the scope forbids the URL (nothing was sent)
   * @throws ScanStoppedException when the scan was stopped
   * @throws IOException when the target did not answer in time or the connection failed
   */
  public Response send(Request request) throws IOException {
    Optional<String> refusal = settings.scope().refusal(request.uri());
    if (refusal.isPresent()) {
      refused.incrementAndGet();
      throw new OutOfScopeException(request.uri(), refusal.get());
    }
    checkRunning();
    try {
      if (!rateLimiter.acquire(stopped)) {
        throw new ScanStoppedException(String.valueOf(stopReason.get()));
      }
      inFlight.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted waiting to send " + request.requestLine());
    }
    Response response;
    try {
      checkRunning();
      response = exchange(request);
    } finally {
      inFlight.release();
    }
    observer.accept(response);
    return response;
  }

  /**
   * Sends a request and follows its redirects, each hop checked against the scope, at most the
   * configured number. Returns the last response: the answer, or the redirect that was not followed
   * because it left the scope or exceeded the limit.
   */
  public Response follow(Request request) throws IOException {
    Response response = send(request);
    for (int hop = 0; hop < settings.maxRedirects() && response.isRedirect(); hop++) {
      Optional<Request> next = redirectOf(response);
      if (next.isEmpty()) {
        return response;
      }
      try {
        response = send(next.get());
      } catch (OutOfScopeException e) {
        return response;
      }
    }
    return response;
  }

  /** The request a redirect leads to, when its Location is a URL. */
  static Optional<Request> redirectOf(Response response) {
    URI target;
    try {
      target = response.uri().resolve(response.header("Location").orElseThrow().trim());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    Request previous = response.request();
    int status = response.status();
    boolean keepMethod = status == 307 || status == 308;
    if (keepMethod) {
      return Optional.of(
          new Request(previous.method(), target, previous.headers(), previous.body()));
    }
    return Optional.of(Request.get(target));
  }

  private Response exchange(Request request) throws IOException {
    HttpRequest httpRequest = toHttpRequest(request);
    long start = System.nanoTime();
    CompletableFuture<HttpResponse<BoundedBodySubscriber.Body>> future =
        client.sendAsync(
            httpRequest,
            info ->
                new BoundedBodySubscriber(
                    settings.maxBodyBytes(),
                    charsetOf(info.headers().firstValue("Content-Type").orElse(""))
                        .orElse(StandardCharsets.UTF_8)));
    long id = sent.incrementAndGet();
    pending.put(id, future);
    try {
      HttpResponse<BoundedBodySubscriber.Body> response =
          future.get(settings.timeout().toNanos(), TimeUnit.NANOSECONDS);
      return toResponse(request, response, Duration.ofNanos(System.nanoTime() - start));
    } catch (TimeoutException e) {
      future.cancel(true);
      failed.incrementAndGet();
      throw timeout(request);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted: " + request.requestLine());
    } catch (CancellationException e) {
      failed.incrementAndGet();
      throw new ScanStoppedException(String.valueOf(stopReason.get()));
    } catch (ExecutionException e) {
      failed.incrementAndGet();
      checkRunning();
      Throwable cause = e.getCause();
      if (cause instanceof HttpTimeoutException) {
        // the HTTP stack's own timeout for the headers, which can fire a moment before ours
        throw timeout(request);
      }
      throw new IOException(
          request.requestLine() + " failed: " + (cause == null ? e : cause).toString(), cause);
    } finally {
      pending.remove(id);
    }
  }

  private HttpTimeoutException timeout(Request request) {
    return new HttpTimeoutException(
        "no complete answer within " + settings.timeout() + ": " + request.requestLine());
  }

  private HttpRequest toHttpRequest(Request request) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(request.uri())
            .timeout(settings.timeout())
            .method(
                request.method(),
                request.body().isEmpty()
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(request.body(), StandardCharsets.UTF_8));
    builder.setHeader("User-Agent", HttpSettings.USER_AGENT);
    setHeaders(builder, scanHeaders());
    setHeaders(builder, request.headers());
    mergedCookies(scanHeaders(), request.headers())
        .ifPresent(cookies -> builder.setHeader("Cookie", sendable(cookies)));
    return builder.build();
  }

  /**
   * A header value as HTTP can carry it: line breaks and other control characters become spaces and
   * characters beyond Latin-1 become {@code ?}, so that the request is sent rather than refused by
   * the HTTP client. Values set at an injection point are already percent-encoded where they are
   * placed ({@code RequestParts.headerValue}); this guards the rest: the scan's own headers, the
   * cookies of a login session that the target set, and headers a check sets itself.
   */
  static String sendable(String value) {
    StringBuilder text = null;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      char replacement = (c < 0x20 && c != '\t') || c == 0x7f ? ' ' : c > 0xff ? '?' : c;
      if (replacement != c && text == null) {
        text = new StringBuilder(value.length()).append(value, 0, i);
      }
      if (text != null) {
        text.append(replacement);
      }
    }
    return text == null ? value : text.toString();
  }

  /**
   * The Cookie header when both the scan's headers (a session) and the request (a cookie under
   * test) carry one: the session's cookies with the request's added, a request cookie replacing a
   * session cookie of the same name. A blank request Cookie header replaces the session's.
   */
  static Optional<String> mergedCookies(Map<String, String> scan, Map<String, String> request) {
    Optional<String> scanCookies = headerOf(scan, "Cookie");
    Optional<String> requestCookies = headerOf(request, "Cookie");
    if (scanCookies.isEmpty() || requestCookies.isEmpty() || requestCookies.get().isBlank()) {
      // a blank Cookie header in the request means no cookies at all (an anonymous request)
      return Optional.empty();
    }
    Map<String, String> cookies = new java.util.LinkedHashMap<>();
    for (String header : List.of(scanCookies.get(), requestCookies.get())) {
      for (String pair : header.split(";", -1)) {
        String trimmed = pair.strip();
        if (!trimmed.isEmpty()) {
          int equals = trimmed.indexOf('=');
          cookies.put(equals < 0 ? trimmed : trimmed.substring(0, equals), trimmed);
        }
      }
    }
    return Optional.of(String.join("; ", cookies.values()));
  }

  private static Optional<String> headerOf(Map<String, String> headers, String name) {
    return headers.entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(name))
        .map(Map.Entry::getValue)
        .findFirst();
  }

  private static void setHeaders(HttpRequest.Builder builder, Map<String, String> headers) {
    headers.forEach(
        (name, value) -> {
          if (!UNSENDABLE_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
            builder.setHeader(name, sendable(value));
          }
        });
  }

  private static Response toResponse(
      Request request, HttpResponse<BoundedBodySubscriber.Body> response, Duration elapsed) {
    BoundedBodySubscriber.Body body = response.body();
    return new Response(
        request,
        response.statusCode(),
        response.headers().map(),
        body.text(),
        body.truncated(),
        elapsed);
  }

  static Optional<Charset> charsetOf(String contentType) {
    Matcher matcher = CHARSET.matcher(contentType);
    if (!matcher.find()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Charset.forName(matcher.group(1)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private void checkRunning() throws ScanStoppedException {
    String reason = stopReason.get();
    if (reason != null) {
      throw new ScanStoppedException(reason);
    }
  }

  /** Refuses every later request and abandons those in flight; the first reason is kept. */
  public void stop(String reason) {
    if (stopReason.compareAndSet(null, reason)) {
      stopped.countDown();
      pending.values().forEach(future -> future.cancel(true));
    }
  }

  /** Why the client was stopped, if it was. */
  public Optional<String> stopReason() {
    return Optional.ofNullable(stopReason.get());
  }

  /** Requests sent so far (those refused by the scope not included). */
  public long requestsSent() {
    return sent.get();
  }

  /** Requests refused because the scope forbids them. */
  public long requestsRefused() {
    return refused.get();
  }

  /** Requests that timed out or failed at the connection. */
  public long requestsFailed() {
    return failed.get();
  }

  /**
   * The headers every request carries: the settings' headers, then those of the login session,
   * which replace one of the same name. They hold credentials: checks may send them, never show
   * them.
   */
  public Map<String, String> scanHeaders() {
    Map<String, String> session = sessionHeaders;
    if (session.isEmpty()) {
      return settings.headers();
    }
    Map<String, String> all = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    all.putAll(settings.headers());
    all.putAll(session);
    return all;
  }

  /**
   * Headers of a login session, sent with every later request after the settings' headers (and
   * replacing one of the same name); secrets, never shown.
   */
  public void sessionHeaders(Map<String, String> headers) {
    this.sessionHeaders = Map.copyOf(headers);
  }

  /**
   * Tells {@code observer} of every response, on the thread that sent the request, after its
   * concurrency slot is free, so that the observer may send requests itself (a login).
   */
  public void observeResponses(Consumer<Response> observer) {
    this.observer = observer;
  }

  @Override
  public void close() {
    stop("closed");
    client.shutdownNow();
  }
}
