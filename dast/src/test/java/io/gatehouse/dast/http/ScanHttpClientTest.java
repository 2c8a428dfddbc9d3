package io.gatehouse.dast.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.dast.testapp.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ScanHttpClientTest {
  private TestServer target;
  private TestServer outside;
  private ScanHttpClient client;

  @BeforeEach
  void start() throws IOException {
    target = TestServer.start();
    outside = TestServer.start();
    outside.fallback(e -> e.html("outside"));
    target.route("/", e -> e.html("<p>home</p>"));
    target.route(
        "/to-outside",
        e -> {
          e.responseHeader("Location", outside.uri("/steal").toString());
          e.send(302, "text/html", "");
        });
    target.route(
        "/loop",
        e -> {
          e.responseHeader("Location", "/loop");
          e.send(302, "text/html", "");
        });
    target.route(
        "/hop",
        e -> {
          e.responseHeader("Location", "/");
          e.send(301, "text/html", "");
        });
    client = client(settings(Duration.ofSeconds(5), 64 * 1024));
  }

  @AfterEach
  void stop() {
    client.close();
    target.close();
    outside.close();
  }

  private HttpSettings settings(Duration timeout, int maxBody) {
    return HttpSettings.defaults(Scope.of(target.base(), List.of(), List.of()))
        .withLimits(1000, 8)
        .withBounds(timeout, maxBody);
  }

  private static ScanHttpClient client(HttpSettings settings) {
    return ScanHttpClient.create(settings);
  }

  @Test
  void send_headerAndCookieWithLineBreaks_sentWithSpacesInstead() throws IOException {
    target.route(
        "/echo", e -> e.html("<p>" + e.header("User-Agent") + "|" + e.header("Cookie") + "</p>"));

    Response response =
        client.send(
            Request.get(target.uri("/echo"))
                .withHeader("User-Agent", "a\r\nX-Injected: 1\n;id\u0000\u2603")
                .withHeader("Cookie", "lang=en\r\nevil"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).contains("a  X-Injected: 1 ;id ?|lang=en  evil");
  }

  @Test
  void sendable_plainValue_unchanged() {
    String value = "Mozilla/5.0 (X11)\tok";
    assertThat(ScanHttpClient.sendable(value)).isSameAs(value);
  }

  @Test
  void send_inScope_answersAndCounts() throws IOException {
    Response response = client.send(Request.get(target.uri("/")));
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).contains("home");
    assertThat(response.isHtml()).isTrue();
    assertThat(client.requestsSent()).isEqualTo(1);
  }

  @Test
  void send_otherOrigin_refusedAndNothingSent() {
    assertThatThrownBy(() -> client.send(Request.get(outside.uri("/"))))
        .isInstanceOf(OutOfScopeException.class)
        .hasMessageContaining("outside the target's origin");
    assertThat(outside.requests()).isZero();
    assertThat(client.requestsRefused()).isEqualTo(1);
    assertThat(client.requestsSent()).isZero();
  }

  @Test
  void follow_redirectOutOfScope_returnsTheRedirectAndNeverContactsTheOtherOrigin()
      throws IOException {
    Response response = client.follow(Request.get(target.uri("/to-outside")));
    assertThat(response.status()).isEqualTo(302);
    assertThat(outside.requests()).isZero();
    assertThat(client.requestsRefused()).isEqualTo(1);
  }

  @Test
  void follow_redirectInScope_followsEachHop() throws IOException {
    Response response = client.follow(Request.get(target.uri("/hop")));
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.uri().getPath()).isEqualTo("/");
    assertThat(client.requestsSent()).isEqualTo(2);
  }

  @Test
  void follow_redirectLoop_stopsAfterMaxRedirects() throws IOException {
    Response response = client.follow(Request.get(target.uri("/loop")));
    assertThat(response.status()).isEqualTo(302);
    assertThat(client.requestsSent()).isEqualTo(1 + client.settings().maxRedirects());
  }

  @Test
  void send_hugeNeverEndingBody_truncatedAtTheLimit() throws IOException {
    target.route("/huge", e -> endless(e, 0));
    long start = System.nanoTime();
    Response response = client.send(Request.get(target.uri("/huge")));
    assertThat(response.truncated()).isTrue();
    assertThat(response.body().length()).isLessThanOrEqualTo(64 * 1024);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void send_slowTricklingBody_timesOut() {
    ScanHttpClient impatient = client(settings(Duration.ofMillis(700), 64 * 1024));
    target.route("/slow", e -> endless(e, 100));
    long start = System.nanoTime();
    assertThatThrownBy(() -> impatient.send(Request.get(target.uri("/slow"))))
        .isInstanceOf(HttpTimeoutException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    assertThat(impatient.requestsFailed()).isEqualTo(1);
    impatient.close();
  }

  @Test
  void send_noAnswerAtAll_timesOut() {
    ScanHttpClient impatient = client(settings(Duration.ofMillis(500), 64 * 1024));
    target.route("/silent", e -> sleep(10_000));
    assertThatThrownBy(() -> impatient.send(Request.get(target.uri("/silent"))))
        .isInstanceOf(HttpTimeoutException.class);
    impatient.close();
  }

  @Test
  void send_rateLimit_spacesRequests() throws IOException {
    ScanHttpClient slow = client(settings(Duration.ofSeconds(5), 64 * 1024).withLimits(20, 8));
    long start = System.nanoTime();
    for (int i = 0; i < 11; i++) {
      slow.send(Request.get(target.uri("/")));
    }
    // 11 requests at 20/s: the last starts 500 ms after the first
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(480));
    slow.close();
  }

  @Test
  void send_concurrencyLimit_neverMoreInFlight() throws Exception {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    target.route(
        "/busy",
        e -> {
          most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
          sleep(150);
          inFlight.decrementAndGet();
          e.html("done");
        });
    ScanHttpClient limited = client(settings(Duration.ofSeconds(5), 64 * 1024).withLimits(1000, 2));
    List<Future<Response>> futures = new ArrayList<>();
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 8; i++) {
        futures.add(executor.submit(() -> limited.send(Request.get(target.uri("/busy")))));
      }
    }
    for (Future<Response> future : futures) {
      assertThat(future.get().status()).isEqualTo(200);
    }
    assertThat(most.get()).isEqualTo(2);
    limited.close();
  }

  @Test
  void stop_requestInFlight_abandonedAndLaterRequestsRefused() throws Exception {
    target.route("/silent", e -> sleep(10_000));
    CompletableFuture<Throwable> failure =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                client.send(Request.get(target.uri("/silent")));
                return null;
              } catch (IOException e) {
                return e;
              }
            });
    while (client.requestsSent() == 0) {
      Thread.onSpinWait();
    }
    Thread.sleep(100);
    client.stop("time limit reached");
    assertThat(failure.get(2, TimeUnit.SECONDS)).isInstanceOf(ScanStoppedException.class);
    assertThatThrownBy(() -> client.send(Request.get(target.uri("/"))))
        .isInstanceOf(ScanStoppedException.class)
        .hasMessageContaining("time limit reached");
  }

  @Test
  void send_settingsHeaders_sentWithEveryRequest() throws IOException {
    List<String> seen = new ArrayList<>();
    target.route(
        "/who",
        e -> {
          synchronized (seen) {
            seen.add(
                e.header("Authorization")
                    + "|"
                    + e.header("Cookie")
                    + "|"
                    + e.header("User-Agent"));
          }
          e.html("ok");
        });
    ScanHttpClient authenticated =
        client(
            settings(Duration.ofSeconds(5), 64 * 1024)
                .withHeaders(Map.of("Authorization", "Bearer t0k3n", "Cookie", "session=abc")));
    authenticated.send(Request.get(target.uri("/who")));
    assertThat(seen).containsExactly("Bearer t0k3n|session=abc|" + HttpSettings.USER_AGENT);
    authenticated.close();
  }

  @Test
  void send_excludedPath_refused() {
    ScanHttpClient excluding =
        client(
            HttpSettings.defaults(
                Scope.of(target.base(), List.of(), List.of(Pattern.compile("/logout")))));
    assertThatThrownBy(() -> excluding.send(Request.get(target.uri("/logout?all=1"))))
        .isInstanceOf(OutOfScopeException.class)
        .hasMessageContaining("exclude");
    assertThat(target.requests()).isZero();
    excluding.close();
  }

  @Test
  void send_charsetFromContentType_decodesBody() throws IOException {
    target.route(
        "/latin1",
        e -> {
          byte[] bytes = "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1);
          e.http().getResponseHeaders().set("Content-Type", "text/plain; charset=ISO-8859-1");
          e.http().sendResponseHeaders(200, bytes.length);
          try (OutputStream out = e.http().getResponseBody()) {
            out.write(bytes);
          }
        });
    assertThat(client.send(Request.get(target.uri("/latin1"))).body()).isEqualTo("caf\u00e9");
  }

  @Test
  void create_outOfRangeRate_rejected() {
    Scope scope = Scope.of(URI.create("http://example.com/"), List.of(), List.of());
    assertThatThrownBy(() -> HttpSettings.defaults(scope).withLimits(0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rate");
  }

  /** Writes 8 KiB chunks forever, pausing {@code pauseMillis} between them. */
  private static void endless(TestServer.Exchange e, long pauseMillis) throws IOException {
    e.http().getResponseHeaders().set("Content-Type", "text/html");
    e.http().sendResponseHeaders(200, 0);
    byte[] chunk = "<p>more</p>".repeat(700).getBytes(StandardCharsets.UTF_8);
    try (OutputStream out = e.http().getResponseBody()) {
      while (true) {
        out.write(pauseMillis > 0 ? new byte[] {'x'} : chunk);
        out.flush();
        if (pauseMillis > 0) {
          sleep(pauseMillis);
        }
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void mergedCookies_sessionAndCookieUnderTest_requestCookieWinsByName() {
    assertThat(
            ScanHttpClient.mergedCookies(
                Map.of("cookie", "session=s1; lang=en"), Map.of("Cookie", "lang=x'; theme=dark")))
        .contains("session=s1; lang=x'; theme=dark");
    assertThat(ScanHttpClient.mergedCookies(Map.of(), Map.of("Cookie", "a=1"))).isEmpty();
    assertThat(ScanHttpClient.mergedCookies(Map.of("Cookie", "a=1"), Map.of())).isEmpty();
    assertThat(ScanHttpClient.mergedCookies(Map.of("Cookie", "a=1"), Map.of("Cookie", "")))
        .isEmpty();
  }
}
