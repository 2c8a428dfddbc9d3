package io.gatehouse.dast.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The SSRF check, confirmed through the callback listener, against the test app. */
class SsrfCheckTest {
  private static TargetApp target;
  private static CallbackListener listener;

  @BeforeAll
  static void start() throws Exception {
    target = TargetApp.start();
    listener = CallbackListener.start(CallbackSettings.loopback());
  }

  @AfterAll
  static void stop() throws Exception {
    listener.close();
    target.close();
  }

  @Test
  void ssrf_fetchedUrl_reportedWithTheCall() throws Exception {
    SsrfCheck check = new SsrfCheck(listener);
    assertThat(check.test(target.query("/vuln/ssrf/fetch", "url", "/news.txt"), target.client))
        .hasValueSatisfying(
            f -> assertThat(f.evidence().detail()).contains("callback listener received GET /gh"));
    assertThat(check.test(target.form("/vuln/ssrf/webhook", "callback", "x"), target.client))
        .isPresent();
  }

  @Test
  void ssrf_allowListAndEcho_notReported() throws Exception {
    SsrfCheck check = new SsrfCheck(listener);
    assertThat(check.test(target.query("/safe/ssrf/fetch", "url", "/news.txt"), target.client))
        .isEmpty();
    assertThat(check.test(target.query("/safe/ssrf/preview", "url", "/news.txt"), target.client))
        .isEmpty();
  }

  @Test
  void ssrf_callAfterTheWait_reportedAsLateFinding() throws Exception {
    try (CallbackListener own = CallbackListener.start(CallbackSettings.loopback());
        io.gatehouse.dast.testapp.TestServer slow = io.gatehouse.dast.testapp.TestServer.start();
        var client =
            io.gatehouse.dast.http.ScanHttpClient.create(
                io.gatehouse.dast.http.HttpSettings.defaults(
                    io.gatehouse.dast.http.Scope.of(slow.base(), List.of(), List.of())))) {
      slow.route(
          "/queue",
          e -> {
            String url = e.query("url", "");
            Thread.ofVirtual()
                .start(
                    () -> {
                      try {
                        Thread.sleep(OutOfBandProbes.WAIT.toMillis() + 500);
                        HttpClient.newHttpClient()
                            .send(
                                HttpRequest.newBuilder(URI.create(url)).build(),
                                HttpResponse.BodyHandlers.discarding());
                      } catch (IOException | IllegalArgumentException | InterruptedException ex) {
                        // a bad URL is not called
                      }
                    });
            e.html("<p>queued</p>");
          });
      io.gatehouse.dast.crawl.Parameter url =
          new io.gatehouse.dast.crawl.Parameter(
              io.gatehouse.dast.crawl.Parameter.Location.QUERY, "url", "x");
      InjectionPoint point =
          new InjectionPoint(
              new io.gatehouse.dast.crawl.Endpoint("GET", slow.uri("/queue"), List.of(url)), url);
      assertThat(new SsrfCheck(own).test(point, client)).isEmpty();
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (own.lateFindings().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(own.lateFindings())
          .singleElement()
          .satisfies(f -> assertThat(f.evidence().detail()).contains("later than the answer"));
    }
  }
}
