package io.gatehouse.dast.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.dast.checks.ActiveCheck;
import io.gatehouse.dast.checks.CallbackSettings;
import io.gatehouse.dast.checks.Checks;
import io.gatehouse.dast.checks.InjectionPoint;
import io.gatehouse.dast.checks.PassiveCheck;
import io.gatehouse.dast.crawl.CrawlSettings;
import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Rule;
import io.gatehouse.dast.findings.Severity;
import io.gatehouse.dast.http.HttpSettings;
import io.gatehouse.dast.http.Response;
import io.gatehouse.dast.http.ScanHttpClient;
import io.gatehouse.dast.http.Scope;
import io.gatehouse.dast.report.ScanReport;
import io.gatehouse.dast.testapp.TestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ScannerTest {
  private TestServer site;

  @BeforeEach
  void start() throws IOException {
    site = TestServer.start();
  }

  @AfterEach
  void stop() {
    site.close();
  }

  private Scanner scanner(Duration limit, double rate, boolean passiveOnly) {
    HttpSettings http =
        HttpSettings.defaults(Scope.of(site.base(), List.of(), List.of()))
            .withLimits(rate, 4)
            .withBounds(Duration.ofSeconds(2), 64 * 1024);
    return Scanner.create(
        new ScanConfig(site.uri("/"), http, CrawlSettings.defaults(), limit, passiveOnly),
        Clock.systemUTC());
  }

  private static List<String> ids(ScanReport report) {
    return report.findings().stream()
        .map(f -> f.rule().id() + " " + URI.create(f.url()).getPath() + " " + f.parameter())
        .toList();
  }

  @Test
  void run_misconfiguredSite_reportsPassiveAndProbeFindingsOncePerRuleUrlAndParameter()
      throws Exception {
    site.route(
        "/",
        e -> {
          e.responseHeader("Server", "Jetty(9.4.12)");
          e.responseHeader("Set-Cookie", "SESSION=abc; Path=/");
          String origin = e.header("Origin");
          if (!origin.isEmpty()) {
            e.responseHeader("Access-Control-Allow-Origin", origin);
            e.responseHeader("Access-Control-Allow-Credentials", "true");
          }
          e.html("<a href=\"/error\">e</a><a href=\"/files/\">f</a><a href=\"/other\">o</a>");
        });
    site.route("/other", e -> e.html("<a href=\"/\">home</a>"));
    site.route(
        "/error",
        e ->
            e.html(
                "<pre>java.lang.NullPointerException\n\tat com.shop.Cart.total(Cart.java:17)</pre>"));
    site.route("/files/", e -> e.html("<h1>Index of /files</h1><a href=\"a.txt\">a.txt</a>"));
    site.route("/.git/HEAD", e -> e.send(200, "text/plain", "ref: refs/heads/main\n"));
    site.route("/.env", e -> e.send(200, "text/plain", "DB_PASSWORD=hunter2\n"));
    site.route(
        "/actuator/env",
        e -> e.send(200, "application/json", "{\"activeProfiles\":[],\"propertySources\":[]}"));
    // everything else: a soft 404 page with status 200, which must not count as exposed
    site.fallback(e -> e.html("<p>Page not found</p>"));

    ScanReport report = scanner(Duration.ofMinutes(1), 500, true).run();

    assertThat(ids(report))
        .contains(
            "csp-missing / ",
            "clickjacking / ",
            "cookie-without-httponly / SESSION",
            "cookie-without-samesite / SESSION",
            "version-disclosure / Server",
            "stack-trace-disclosure /error ",
            "directory-listing /files/ ",
            "sensitive-path-exposed /.git/HEAD ",
            "sensitive-path-exposed /.env ",
            "sensitive-path-exposed /actuator/env ",
            "cors-reflected-origin / Origin")
        .doesNotContain(
            "sensitive-path-exposed /h2-console/ ", "sensitive-path-exposed /.git/config ")
        .doesNotHaveDuplicates();
    assertThat(report.findings().stream().filter(f -> f.rule().id().equals("csp-missing")))
        .hasSize(1);
    assertThat(report.partial()).isFalse();
    assertThat(report.stats().injectionPoints()).isZero();
    Finding env =
        report.findings().stream().filter(f -> f.url().endsWith("/.env")).findFirst().orElseThrow();
    assertThat(env.evidence().request()).startsWith("GET ");
  }

  @Test
  void run_brokenCheck_othersStillRunAndTheReportIsPartialNamingIt() throws Exception {
    site.route("/", e -> e.html("<a href=\"/search?q=1\">s</a><p>no headers</p>"));
    site.route("/search", e -> e.html("<p>results for " + e.query("q", "") + "</p>"));
    ActiveCheck broken =
        new ActiveCheck() {
          @Override
          public Rule rule() {
            return Rule.of("broken-check", "Broken", Severity.HIGH, 20, "None.");
          }

          @Override
          public Optional<Finding> test(InjectionPoint point, ScanHttpClient client) {
            throw new IllegalStateException("defect in the check");
          }
        };
    PassiveCheck brokenPassive =
        new PassiveCheck() {
          @Override
          public List<Rule> rules() {
            return List.of();
          }

          @Override
          public List<Finding> inspect(Response response) {
            throw new NullPointerException();
          }
        };
    HttpSettings http =
        HttpSettings.defaults(Scope.of(site.base(), List.of(), List.of()))
            .withLimits(500, 4)
            .withBounds(Duration.ofSeconds(2), 64 * 1024);
    List<PassiveCheck> passive = new ArrayList<>(Checks.passive());
    passive.add(brokenPassive);
    List<ActiveCheck> active = new ArrayList<>(Checks.active());
    active.add(0, broken);

    Scanner scanner =
        Scanner.create(
            new ScanConfig(
                site.uri("/"), http, CrawlSettings.defaults(), Duration.ofMinutes(1), false),
            Clock.systemUTC(),
            passive,
            active);
    ScanReport report = scanner.run();

    assertThat(ids(report)).contains("csp-missing / ", "xss-reflected /search q");
    assertThat(report.partial()).isTrue();
    assertThat(report.stopReason().orElseThrow())
        .matches("\\d+ checks failed with an error \\(first: .*\\)")
        .hasSizeLessThanOrEqualTo(200);
    assertThat(report.stopReason().orElseThrow())
        .containsAnyOf("broken-check at ", "on " + site.base());
    assertThat(scanner.checkErrors())
        .hasSizeBetween(2, 21)
        .anySatisfy(
            detail ->
                assertThat(detail)
                    .startsWith("broken-check at ")
                    .contains("java.lang.IllegalStateException: defect in the check")
                    .contains("\tat "))
        .anySatisfy(detail -> assertThat(detail).contains("java.lang.NullPointerException"));
  }

  @Test
  void progress_countsOnlyTheFindingsAskedFor() throws Exception {
    site.route("/", e -> e.html("<p>no security headers at all</p>"));
    Scanner scanner = scanner(Duration.ofMinutes(1), 500, true);
    scanner.countInProgress(finding -> !finding.rule().id().equals("csp-missing"));

    ScanReport report = scanner.run();

    Finding csp =
        report.findings().stream()
            .filter(f -> f.rule().id().equals("csp-missing"))
            .findFirst()
            .orElseThrow();
    long all = report.findings().stream().filter(f -> f.severity() == csp.severity()).count();
    assertThat(scanner.progress().findings()).containsEntry(csp.severity(), (int) all - 1);
  }

  @Test
  void run_timeLimit_stopsInTimeWithPartialReport() throws Exception {
    site.route("/", e -> e.html("<a href=\"/a?x=1\">a</a>"));
    site.fallback(e -> e.html("<a href=\"/b?y=2\">b</a><a href=\"/c?z=3\">c</a>"));
    long start = System.nanoTime();

    ScanReport report = scanner(Duration.ofMillis(1500), 5, false).run();

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(report.partial()).isTrue();
    assertThat(report.stopReason()).hasValue(Scanner.TIME_LIMIT);
  }

  @Test
  void run_timeLimitWithManyRequestsQueuedBehindTheRateLimit_stopsInTime() throws Exception {
    StringBuilder links = new StringBuilder();
    for (int i = 0; i < 60; i++) {
      links.append("<a href=\"/p").append(i).append("?a=1&b=2\">p</a>");
    }
    site.route("/", e -> e.html(links.toString()));
    site.fallback(e -> e.html("<p>page</p>"));
    long start = System.nanoTime();

    ScanReport report = scanner(Duration.ofMillis(1500), 10, false).run();

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    assertThat(report.stopReason()).hasValue(Scanner.TIME_LIMIT);
  }

  @Test
  void stop_duringScan_returnsPartialReportPromptly() throws Exception {
    site.route("/", e -> e.html("<a href=\"/slow?x=1\">s</a>"));
    site.route(
        "/slow",
        e -> {
          try {
            Thread.sleep(1500);
          } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
          }
          e.html("slow");
        });
    Scanner scanner = scanner(Duration.ofMinutes(5), 100, false);
    CompletableFuture<ScanReport> running =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return scanner.run();
              } catch (ScanFailedException e) {
                throw new IllegalStateException(e);
              }
            });
    Thread.sleep(700);
    scanner.stop("interrupted");

    ScanReport report = running.get(3, TimeUnit.SECONDS);

    assertThat(report.stopReason()).hasValue("interrupted");
  }

  @Test
  void run_targetNotAnswering_fails() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    URI target = URI.create("http://127.0.0.1:" + port + "/");
    ScanConfig config =
        new ScanConfig(
            target,
            HttpSettings.defaults(Scope.of(target, List.of(), List.of())),
            CrawlSettings.defaults(),
            Duration.ofMinutes(1),
            false);
    assertThatThrownBy(() -> Scanner.create(config, Clock.systemUTC()).run())
        .isInstanceOf(ScanFailedException.class)
        .hasMessageContaining("does not answer");
  }

  @Test
  void config_targetExcludedByScope_rejected() {
    URI target = site.uri("/");
    HttpSettings http =
        HttpSettings.defaults(
            Scope.of(target, List.of(), List.of(java.util.regex.Pattern.compile("127"))));
    assertThatThrownBy(
            () ->
                new ScanConfig(
                    target, http, CrawlSettings.defaults(), Duration.ofMinutes(1), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not in the scope");
  }

  @Test
  void progress_afterRun_countsPagesRequestsAndFindings() throws Exception {
    site.route("/", e -> e.html("<p>x</p>"));
    Scanner scanner = scanner(Duration.ofMinutes(1), 500, true);
    scanner.run();
    ScanProgress progress = scanner.progress();
    assertThat(progress.phase()).isEqualTo("done");
    assertThat(progress.pages()).isEqualTo(1);
    assertThat(progress.requests()).isGreaterThan(5);
    assertThat(progress.line()).contains("phase=done", "pages=1", "findings high=");
  }

  /** A page that fetches any loopback URL it is given: a server-side request forgery. */
  private void fetchingSite() {
    site.route("/", e -> e.html("<a href=\"/fetch?url=http%3A%2F%2F127.0.0.1%2F\">fetch</a>"));
    site.route(
        "/fetch",
        e -> {
          String url = e.query("url", "");
          URI target = URI.create(url.contains("//") ? url : "http://" + url);
          String answer = "refused";
          if ("127.0.0.1".equals(target.getHost())) {
            try (java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient()) {
              answer =
                  "status "
                      + client
                          .send(
                              java.net.http.HttpRequest.newBuilder(target)
                                  .timeout(Duration.ofSeconds(2))
                                  .build(),
                              java.net.http.HttpResponse.BodyHandlers.discarding())
                          .statusCode();
            } catch (IOException e2) {
              answer = "unreachable";
            } catch (InterruptedException e2) {
              Thread.currentThread().interrupt();
            }
          }
          e.html("<p>" + answer + "</p>");
        });
  }

  private Scanner activeScanner(CallbackSettings callbacks) {
    HttpSettings http =
        HttpSettings.defaults(Scope.of(site.base(), List.of(), List.of()))
            .withLimits(500, 4)
            .withBounds(Duration.ofSeconds(3), 64 * 1024);
    return Scanner.create(
        new ScanConfig(site.uri("/"), http, CrawlSettings.defaults(), Duration.ofMinutes(1), false)
            .withCallbacks(callbacks),
        Clock.systemUTC());
  }

  @Test
  void run_callbacksOnLoopback_confirmsSsrf() throws Exception {
    fetchingSite();

    ScanReport report = activeScanner(CallbackSettings.loopback()).run();

    assertThat(ids(report)).contains("ssrf /fetch url");
  }

  @Test
  void run_callbacksOff_runsNoOutOfBandCheck() throws Exception {
    fetchingSite();

    ScanReport report = activeScanner(CallbackSettings.off()).run();

    assertThat(ids(report)).noneMatch(id -> id.startsWith("ssrf ") || id.startsWith("xxe "));
    assertThat(CallbackSettings.off().enabled()).isFalse();
  }

  @Test
  void run_callbackAddressTaken_failsBeforeAnyRequestInsteadOfSkippingTheChecks() throws Exception {
    fetchingSite();
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CallbackSettings callbacks =
          CallbackSettings.reachableAt(
              URI.create("http://127.0.0.1:" + taken.getLocalPort() + "/"),
              new java.net.InetSocketAddress(
                  InetAddress.getLoopbackAddress(), taken.getLocalPort()));
      long before = site.requests();

      assertThatThrownBy(() -> activeScanner(callbacks).run())
          .isInstanceOf(ScanFailedException.class)
          .hasMessageContaining("callback listener")
          .hasMessageContaining(Integer.toString(taken.getLocalPort()));
      assertThat(site.requests()).isEqualTo(before);
    }
  }

  @Test
  void callbackSettings_separateBindAddress_keptApartFromTheUrl() {
    CallbackSettings settings =
        CallbackSettings.reachableAt(
            URI.create("http://scanner.example:8099/"),
            new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 18099));

    assertThat(settings.enabled()).isTrue();
    assertThat(settings.bind().getPort()).isEqualTo(18099);
    assertThat(settings.toString()).contains("http://scanner.example:8099");
  }
}
