package io.gatehouse.deploy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.testing.DatabaseKind;
import io.gatehouse.testing.PostgresServer;
import io.gatehouse.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GatehouseServerIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void probes_freshDatabase_answerHealthyAndReady(DatabaseKind kind) throws IOException {
    try (ServerFixture fixture = ServerFixture.start(kind.create())) {
      HttpResponse<String> health = fixture.get("/healthz");
      HttpResponse<String> ready = fixture.get("/readyz");

      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(health.body()).path("status").asText()).isEqualTo("ok");
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(ready.body()).path("status").asText()).isEqualTo("ready");
    }
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void version_reportsBuildDatabaseAndInstallation(DatabaseKind kind) throws IOException {
    try (ServerFixture fixture = ServerFixture.start(kind.create())) {
      HttpResponse<String> response = fixture.get("/api/v1/version");

      JsonNode body = JSON.readTree(response.body());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
      assertThat(body.path("name").asText()).isEqualTo("gatehouse");
      assertThat(body.path("version").asText()).isEqualTo(GatehouseVersion.current());
      assertThat(GatehouseVersion.current()).matches("\\d+\\.\\d+\\.\\d+.*");
      assertThat(body.path("database").asText()).isEqualTo(kind.name().toLowerCase(Locale.ROOT));
      assertThat(body.path("installation").asText())
          .isEqualTo(fixture.server().installation().id().toString());
    }
  }

  @Test
  void metrics_afterTraffic_exposeJvmAndHttpSeries() {
    try (ServerFixture fixture = ServerFixture.start(DatabaseKind.H2.create())) {
      fixture.get("/api/v1/version");
      fixture.get("/no/such/page");

      HttpResponse<String> metrics = fixture.get("/metrics");

      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
      assertThat(metrics.body())
          .contains("jvm_memory_used_bytes")
          .contains("jvm_threads_live_threads")
          .contains("hikaricp_connections")
          .containsPattern(
              "http_server_requests_seconds_count\\{[^}]*method=\"GET\"[^}]*status=\"200\""
                  + "[^}]*uri=\"/api/v1/version\"[^}]*\\} 1")
          .contains("uri=\"NOT_FOUND\"")
          .doesNotContain("/no/such/page");
    }
  }

  @Test
  void unknownRoute_answersJsonNotFound() throws IOException {
    try (ServerFixture fixture = ServerFixture.start(DatabaseKind.H2.create())) {
      HttpResponse<String> response = fixture.get("/api/v1/nothing-here");

      assertThat(response.statusCode()).isEqualTo(404);
      JsonNode error = JSON.readTree(response.body()).path("error");
      assertThat(error.path("code").asText()).isEqualTo("not_found");
      assertThat(error.path("message").asText()).isEqualTo("no route for GET /api/v1/nothing-here");
    }
  }

  @Test
  void wrongMethod_answersJsonMethodNotAllowed() throws IOException {
    try (ServerFixture fixture = ServerFixture.start(DatabaseKind.H2.create())) {
      HttpResponse<String> response =
          fixture.send(HttpRequest.newBuilder(fixture.uri("/healthz")).DELETE().build());

      assertThat(response.statusCode()).isEqualTo(405);
      assertThat(JSON.readTree(response.body()).path("error").path("code").asText())
          .isEqualTo("method_not_allowed");
    }
  }

  @Test
  void unexpectedFailure_answersReferenceWithoutStackTrace() throws IOException {
    RouteGroup failing =
        routes ->
            routes.get(
                "/boom",
                ctx -> {
                  throw new IllegalStateException("secret-detail-that-must-not-leak");
                });
    try (ServerFixture fixture = ServerFixture.start(DatabaseKind.H2.create(), List.of(failing))) {
      HttpResponse<String> response = fixture.get("/boom");

      assertThat(response.statusCode()).isEqualTo(500);
      JsonNode error = JSON.readTree(response.body()).path("error");
      assertThat(error.path("code").asText()).isEqualTo("internal_error");
      assertThat(error.path("message").asText()).matches(".*under reference [0-9a-f]{12}");
      assertThat(response.body()).doesNotContain("secret-detail").doesNotContain("at io.");
    }
  }

  @Test
  void apiException_answersItsStatusCodeAndMessage() throws IOException {
    RouteGroup refusing =
        routes ->
            routes.get(
                "/refuse",
                ctx -> {
                  throw new ApiException(409, "conflict", "already exists");
                });
    try (ServerFixture fixture = ServerFixture.start(DatabaseKind.H2.create(), List.of(refusing))) {
      HttpResponse<String> response = fixture.get("/refuse");

      assertThat(response.statusCode()).isEqualTo(409);
      assertThat(response.body())
          .isEqualTo("{\"error\":{\"code\":\"conflict\",\"message\":\"already exists\"}}");
    }
  }

  @Test
  void oversizedBody_isRefusedWith413() throws IOException {
    RouteGroup echoLength =
        routes -> routes.post("/size", ctx -> ctx.result(Integer.toString(ctx.body().length())));
    try (ServerFixture fixture =
        ServerFixture.start(DatabaseKind.H2.create(), List.of(echoLength))) {
      String twoMegabytes = "x".repeat(2 << 20);

      HttpResponse<String> response =
          fixture.send(
              HttpRequest.newBuilder(fixture.uri("/size"))
                  .POST(HttpRequest.BodyPublishers.ofString(twoMegabytes))
                  .build());

      assertThat(response.statusCode()).isEqualTo(413);
      assertThat(JSON.readTree(response.body()).path("error").path("code").asText())
          .isEqualTo("payload_too_large");
      assertThat(response.body()).doesNotContain("xxxx");
    }
  }

  @Test
  void responses_carrySecurityHeadersAndNoServerVersion() {
    try (ServerFixture fixture = ServerFixture.start(DatabaseKind.H2.create())) {
      HttpResponse<String> response = fixture.get("/");

      assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
      assertThat(response.headers().firstValue("Content-Security-Policy"))
          .hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'none'"));
      assertThat(response.headers().firstValue("Server")).isEmpty();
    }
  }

  @Test
  void readyz_databaseStopped_answers503AndHealthzStays200() {
    PostgresServer postgres = PostgresServer.start();
    try (ServerFixture fixture = ServerFixture.start(postgres.createDatabase())) {
      assertThat(fixture.get("/readyz").statusCode()).isEqualTo(200);

      postgres.close();

      HttpResponse<String> ready = fixture.get("/readyz");
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.body()).contains("\"code\":\"not_ready\"");
      assertThat(fixture.get("/healthz").statusCode()).isEqualTo(200);
    } finally {
      postgres.close();
    }
  }

  @Test
  void close_requestInFlight_finishesItThenRefusesNewConnections() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    RouteGroup slow =
        routes ->
            routes.get(
                "/slow",
                ctx -> {
                  entered.countDown();
                  Thread.sleep(Duration.ofMillis(1500));
                  ctx.result("finished");
                });
    ServerFixture fixture = ServerFixture.start(DatabaseKind.H2.create(), List.of(slow));
    CompletableFuture<HttpResponse<String>> inFlight =
        CompletableFuture.supplyAsync(() -> fixture.get("/slow"));
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

    fixture.close();

    HttpResponse<String> response = inFlight.get(10, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("finished");
    assertThatThrownBy(() -> fixture.get("/healthz")).isInstanceOf(UncheckedIOException.class);
  }

  @Test
  void start_portInUse_failsWithClearMessage() throws IOException {
    TestDatabase database = DatabaseKind.H2.create();
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      ServerConfig config =
          ServerFixture.configFor(database).withAddress("127.0.0.1", taken.getLocalPort());

      assertThatThrownBy(() -> ServerFixture.start(config, List.of()))
          .isInstanceOf(ServerStartException.class)
          .hasMessage(
              "cannot listen on 127.0.0.1:"
                  + taken.getLocalPort()
                  + ": the address is already in use");
    }
  }
}
