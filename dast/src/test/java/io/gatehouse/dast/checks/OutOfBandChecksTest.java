package io.gatehouse.dast.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The callback listener, and the SSRF and XXE checks confirmed through it. */
class OutOfBandChecksTest {
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
  void xxe_externalEntityResolved_reported() throws Exception {
    XxeCheck check = new XxeCheck(listener);
    assertThat(check.test(target.form("/vuln/xxe/import", "xml", "<a/>"), target.client))
        .isPresent();
    assertThat(check.test(target.query("/vuln/xxe/upload", "doc", "<a/>"), target.client))
        .isPresent();
  }

  @Test
  void xxe_doctypeRefused_notReported() throws Exception {
    XxeCheck check = new XxeCheck(listener);
    assertThat(check.test(target.form("/safe/xxe/import", "xml", "<a/>"), target.client)).isEmpty();
  }

  @Test
  void listener_callWithToken_recordedAndOthersNot() throws Exception {
    String token = Markers.next();
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(listener.urlFor(token, "/x.dtd")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(listener.await(token, Duration.ZERO)).isPresent();
    assertThat(listener.await(Markers.next(), Duration.ofMillis(50))).isEmpty();
  }

  @Test
  void listener_hostileRequests_answeredAndIgnored() throws Exception {
    URI base = URI.create(listener.base());
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /" + "a".repeat(5000) + " HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[64 * 1024]);
      out.flush();
      socket.setSoTimeout(5000);
      InputStream in = socket.getInputStream();
      assertThat(new String(in.readNBytes(12), StandardCharsets.US_ASCII)).startsWith("HTTP/1.1");
    } catch (IOException e) {
      // the listener may also just drop the connection: what matters is that it goes on
    }
    String token = Markers.next();
    HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(listener.urlFor(token, "")).build(),
            HttpResponse.BodyHandlers.discarding());
    assertThat(listener.await(token, Duration.ofSeconds(1))).isPresent();
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

  @Test
  void listener_outsideTheScansScope_neverRequestedByTheScanner() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                target.client.send(
                    io.gatehouse.dast.http.Request.get(listener.urlFor(Markers.next(), ""))))
        .isInstanceOf(io.gatehouse.dast.http.OutOfScopeException.class);
  }

  @Test
  void settings_reachableAt_validatesTheUrl() {
    assertThat(
            CallbackSettings.reachableAt(URI.create("http://scanner.example:8899/cb/"))
                .bind()
                .getPort())
        .isEqualTo(8899);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> CallbackSettings.reachableAt(URI.create("ftp://scanner.example/")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ftp://scanner.example/");
  }
}
