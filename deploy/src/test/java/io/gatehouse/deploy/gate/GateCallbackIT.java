package io.gatehouse.deploy.gate;

import static io.gatehouse.deploy.gate.GatesTest.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.deploy.persistence.Database;
import io.gatehouse.deploy.project.GateSpec;
import io.gatehouse.deploy.server.ApiJson;
import io.gatehouse.deploy.server.ServerFixture;
import io.gatehouse.testing.DatabaseKind;
import io.gatehouse.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.assertj.core.data.TemporalUnitOffset;
import org.assertj.core.data.TemporalUnitWithinOffset;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Asynchronous {@code http} gates through a real server: the gate sends its request with a callback
 * URL, and the receiver answers at {@code POST /api/v1/gates/callbacks/{token}}.
 */
class GateCallbackIT {
  private static final GateSpec SPEC =
      new GateSpec(
          "smoke",
          "http",
          Duration.ZERO,
          Duration.ofSeconds(30),
          Duration.ofHours(1),
          map("url", "http://placeholder/", "callback", true));

  private final GateReceiver receiver = new GateReceiver().answering(202, null, "");
  private ServerFixture server;
  private Database database;
  private boolean ownDeploymentsTable;

  @AfterEach
  void stop() {
    receiver.close();
    if (database != null) {
      database.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private Gate start(DatabaseKind kind) {
    TestDatabase db = kind.create();
    server = ServerFixture.start(db);
    database = Database.open(ServerFixture.configFor(db).database(), new SimpleMeterRegistry());
    ownDeploymentsTable = createDeploymentsTableIfAbsent(database.jdbi());
    Gates gates =
        Gates.create(
            new GateEnvironment(
                GateEnvironment.defaultHttpClient(),
                () -> server.server().uri(),
                (p, e, s, i) -> Optional.empty(),
                Optional::empty,
                Clock.systemUTC(),
                database.jdbi()));
    return gates.gate(withUrl(receiver.url("/smoke")));
  }

  private static GateSpec withUrl(String url) {
    return new GateSpec(
        SPEC.name(),
        SPEC.type(),
        SPEC.delay(),
        SPEC.interval(),
        SPEC.timeout(),
        map("url", url, "callback", true));
  }

  /**
   * The deployment service owns table {@code deployments}; where its migration is not present, a
   * minimal table with the one column the callback route sets stands in, holding deployment 42.
   */
  private static boolean createDeploymentsTableIfAbsent(Jdbi jdbi) {
    return jdbi.withHandle(
        handle -> {
          int tables =
              handle
                  .createQuery(
                      "SELECT COUNT(*) FROM information_schema.tables WHERE table_name ="
                          + " 'deployments'")
                  .mapTo(Integer.class)
                  .one();
          if (tables > 0) {
            return false;
          }
          handle.execute(
              "CREATE TABLE deployments (id BIGINT PRIMARY KEY, next_check_at TIMESTAMP WITH TIME"
                  + " ZONE)");
          handle.execute("INSERT INTO deployments (id) VALUES (42)");
          return true;
        });
  }

  private Optional<Instant> nextCheckAt() {
    return database
        .jdbi()
        .withHandle(
            handle ->
                handle
                    .createQuery("SELECT next_check_at FROM deployments WHERE id = 42")
                    .map(
                        (rs, ctx) ->
                            Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant))
                    .one());
  }

  private static GateContext round(int round, Instant now) {
    return new GateContext(GateFixtures.deployment(GateFixtures.IMAGES), 7, SPEC, round, now);
  }

  private String lastCallbackUrl() {
    try {
      JsonNode body = ApiJson.mapper().readTree(receiver.received().getLast().body());
      return body.get("callbackUrl").asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private HttpResponse<String> answer(String callbackUrl, String contentType, String body) {
    return server.send(
        HttpRequest.newBuilder(URI.create(callbackUrl))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  private HttpResponse<String> answer(String callbackUrl, String body) {
    return answer(callbackUrl, "application/json", body);
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void callback_pass_isPendingUntilAnsweredThenPasses(DatabaseKind kind) {
    Gate gate = start(kind);
    Instant now = Instant.now();

    GateOutcome sent = gate.evaluate(round(1, now));
    String callbackUrl = lastCallbackUrl();
    GateOutcome waiting = gate.evaluate(round(2, now.plusSeconds(30)));
    HttpResponse<String> answered =
        answer(callbackUrl, "{\"result\":\"pass\",\"detail\":\"smoke tests green\"}");
    GateOutcome passed = gate.evaluate(round(3, now.plusSeconds(31)));

    assertThat(sent)
        .isEqualTo(
            GateOutcome.pending(
                "POST "
                    + receiver.url("/smoke")
                    + " answered 202: accepted; awaiting the callback"));
    assertThat(callbackUrl)
        .startsWith(server.server().uri() + "/api/v1/gates/callbacks/gcb_")
        .hasSize(
            server.server().uri().toString().length() + "/api/v1/gates/callbacks/".length() + 47);
    assertThat(waiting)
        .isEqualTo(GateOutcome.pending("awaiting the callback requested in round 1"));
    assertThat(receiver.received()).hasSize(1);
    assertThat(answered.statusCode()).isEqualTo(204);
    assertThat(passed)
        .isEqualTo(GateOutcome.pass("the callback of round 1 answered pass: smoke tests green"));
    if (ownDeploymentsTable) {
      assertThat(nextCheckAt())
          .hasValueSatisfying(at -> assertThat(at).isCloseTo(Instant.now(), within()));
    }
  }

  private static TemporalUnitOffset within() {
    return new TemporalUnitWithinOffset(10, ChronoUnit.SECONDS);
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void callback_answerHoldsForOneIntervalThenANewRequestIsSent(DatabaseKind kind) {
    Gate gate = start(kind);
    Instant now = Instant.now();
    gate.evaluate(round(1, now));
    answer(lastCallbackUrl(), "{\"result\":\"pass\"}");

    GateOutcome first = gate.evaluate(round(2, now.plusSeconds(1)));
    GateOutcome sameInterval = gate.evaluate(round(3, now.plusSeconds(30)));
    GateOutcome nextInterval = gate.evaluate(round(4, now.plusSeconds(31)));

    assertThat(first).isEqualTo(GateOutcome.pass("the callback of round 1 answered pass"));
    assertThat(sameInterval).isEqualTo(first);
    assertThat(nextInterval.status()).isEqualTo(GateOutcome.Status.PENDING);
    assertThat(receiver.received()).hasSize(2);
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void callback_fail_failsWithTheDetail(DatabaseKind kind) {
    Gate gate = start(kind);
    Instant now = Instant.now();
    gate.evaluate(round(1, now));

    HttpResponse<String> answered =
        answer(lastCallbackUrl(), "{\"result\":\"fail\",\"detail\":\"3 of 40 checks\\nfailed\"}");
    GateOutcome outcome = gate.evaluate(round(2, now.plusSeconds(1)));

    assertThat(answered.statusCode()).isEqualTo(204);
    assertThat(outcome)
        .isEqualTo(
            GateOutcome.fail("the callback of round 1 answered fail: 3 of 40 checks failed"));
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void callback_secondAnswer_refusedWith404(DatabaseKind kind) {
    Gate gate = start(kind);
    gate.evaluate(round(1, Instant.now()));
    String callbackUrl = lastCallbackUrl();

    HttpResponse<String> first = answer(callbackUrl, "{\"result\":\"pass\"}");
    HttpResponse<String> again = answer(callbackUrl, "{\"result\":\"fail\"}");

    assertThat(first.statusCode()).isEqualTo(204);
    assertThat(again.statusCode()).isEqualTo(404);
    assertThat(again.body()).contains("\"code\":\"not_found\"");
    assertThat(gate.evaluate(round(2, Instant.now())).status()).isEqualTo(GateOutcome.Status.PASS);
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void callback_unknownOrMalformedToken_404(DatabaseKind kind) {
    start(kind);
    String base = server.server().uri() + "/api/v1/gates/callbacks/";

    HttpResponse<String> unknown = answer(base + "gcb_" + "A".repeat(43), "{\"result\":\"pass\"}");
    HttpResponse<String> malformed = answer(base + "not-a-token", "{\"result\":\"pass\"}");

    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("unknown, already answered or expired");
    assertThat(malformed.statusCode()).isEqualTo(404);
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void callback_expiredToken_404(DatabaseKind kind) {
    Gate gate = start(kind);
    gate.evaluate(round(1, Instant.now().minus(Duration.ofHours(2))));

    HttpResponse<String> late = answer(lastCallbackUrl(), "{\"result\":\"pass\"}");

    assertThat(late.statusCode()).isEqualTo(404);
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void callback_malformedBody_400AndTokenStillUsable(DatabaseKind kind) {
    Gate gate = start(kind);
    gate.evaluate(round(1, Instant.now()));
    String callbackUrl = lastCallbackUrl();

    HttpResponse<String> notJson = answer(callbackUrl, "result=pass");
    HttpResponse<String> wrongValue = answer(callbackUrl, "{\"result\":\"maybe\"}");
    HttpResponse<String> missing = answer(callbackUrl, "{\"detail\":\"x\"}");
    HttpResponse<String> unknownField = answer(callbackUrl, "{\"result\":\"pass\",\"score\":1}");
    HttpResponse<String> longDetail =
        answer(callbackUrl, "{\"result\":\"pass\",\"detail\":\"" + "x".repeat(1001) + "\"}");
    HttpResponse<String> wrongType = answer(callbackUrl, "text/plain", "{\"result\":\"pass\"}");
    HttpResponse<String> finallyRight = answer(callbackUrl, "{\"result\":\"pass\"}");

    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(wrongValue.statusCode()).isEqualTo(400);
    assertThat(wrongValue.body()).contains("must be \\\"pass\\\" or \\\"fail\\\"");
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(unknownField.statusCode()).isEqualTo(400);
    assertThat(unknownField.body()).contains("unknown field 'score'");
    assertThat(longDetail.statusCode()).isEqualTo(400);
    assertThat(wrongType.statusCode()).isEqualTo(415);
    assertThat(finallyRight.statusCode()).isEqualTo(204);
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void callback_requestRefused_failsAndTheTokenIsWithdrawn(DatabaseKind kind) {
    Gate gate = start(kind);
    receiver.answering(500, "text/plain", "busy");
    Instant now = Instant.now();

    GateOutcome refused = gate.evaluate(round(1, now));
    String callbackUrl = lastCallbackUrl();
    HttpResponse<String> answered = answer(callbackUrl, "{\"result\":\"pass\"}");
    receiver.answering(202, null, "");
    GateOutcome retried = gate.evaluate(round(2, now.plusSeconds(30)));

    assertThat(refused)
        .isEqualTo(GateOutcome.fail("POST " + receiver.url("/smoke") + " answered 500: busy"));
    assertThat(answered.statusCode()).isEqualTo(404);
    assertThat(retried.status()).isEqualTo(GateOutcome.Status.PENDING);
    assertThat(lastCallbackUrl()).isNotEqualTo(callbackUrl);
  }
}
