package io.gatehouse.deploy.gate;

import static io.gatehouse.deploy.gate.GatesTest.map;
import static io.gatehouse.deploy.gate.GatesTest.spec;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.deploy.project.GateSpec;
import io.gatehouse.deploy.server.ApiJson;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpGateIT {
  private final GateReceiver receiver = new GateReceiver();

  @AfterEach
  void stop() {
    receiver.close();
  }

  private static GateOutcome evaluate(Map<String, Object> parameters) {
    GateSpec spec = spec("http", parameters);
    return GateFixtures.gates().gate(spec).evaluate(GateFixtures.context(spec));
  }

  private Map<String, Object> to(String path, Object... more) {
    Map<String, Object> parameters = map(more);
    parameters.put("url", receiver.url(path));
    return parameters;
  }

  @Test
  void evaluate_2xx_passesAndSendsTheDeployment() throws IOException {
    receiver.answering(204, null, "");

    GateOutcome outcome =
        evaluate(to("/health?key=q-secret", "headers", map("Authorization", "Bearer h-secret")));

    assertThat(outcome.status()).isEqualTo(GateOutcome.Status.PASS);
    assertThat(outcome.detail()).isEqualTo("POST " + receiver.url("/health") + " answered 204");
    GateReceiver.Received request = receiver.received().getFirst();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.header("Authorization")).isEqualTo("Bearer h-secret");
    assertThat(request.header("Content-Type")).isEqualTo("application/json");
    JsonNode body = ApiJson.mapper().readTree(request.body());
    assertThat(body.get("gate").asText()).isEqualTo("check");
    assertThat(body.get("round").asInt()).isEqualTo(1);
    assertThat(body.has("callbackUrl")).isFalse();
    JsonNode deployment = body.get("deployment");
    assertThat(deployment.get("id").asLong()).isEqualTo(42);
    assertThat(deployment.get("project").asText()).isEqualTo("shop");
    assertThat(deployment.get("environment").asText()).isEqualTo("prod");
    assertThat(deployment.get("sha").asText()).isEqualTo(GateFixtures.SHA);
    assertThat(deployment.get("images")).hasSize(2);
    assertThat(deployment.get("payload").get("ticket").asText()).isEqualTo("OPS-7");
    assertThat(deployment.get("createdAt").asText()).isEqualTo("2026-11-22T09:00:00Z");
  }

  @Test
  void evaluate_500_failsWithStatusAndStartOfTextBody() {
    receiver.answering(
        500, "text/plain; charset=utf-8", "database\n  unreachable " + "x".repeat(400));

    GateOutcome outcome =
        evaluate(to("/health?token=q-secret", "headers", map("X-Api-Key", "h-secret")));

    assertThat(outcome.status()).isEqualTo(GateOutcome.Status.FAIL);
    assertThat(outcome.detail())
        .startsWith("POST " + receiver.url("/health") + " answered 500: database unreachable xxx")
        .doesNotContain("secret")
        .hasSizeLessThan(300);
  }

  @Test
  void evaluate_500WithBinaryBody_failsWithoutTheBody() {
    receiver.answering(503, "application/octet-stream", "\u0000\u0001binary");

    GateOutcome outcome = evaluate(to("/health"));

    assertThat(outcome.detail()).isEqualTo("POST " + receiver.url("/health") + " answered 503");
  }

  @Test
  void evaluate_redirect_failsWithoutFollowing() {
    receiver.answering(
        exchange -> {
          exchange.getResponseHeaders().set("Location", "http://169.254.169.254/");
          exchange.sendResponseHeaders(302, -1);
        });

    GateOutcome outcome = evaluate(to("/health"));

    assertThat(outcome.status()).isEqualTo(GateOutcome.Status.FAIL);
    assertThat(outcome.detail()).endsWith("answered 302");
    assertThat(receiver.received()).hasSize(1);
  }

  @Test
  void evaluate_noAnswerWithinTimeout_failsInTime() {
    receiver.answering(
        exchange -> {
          try {
            Thread.sleep(5_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          GateReceiver.respond(exchange, 200, "application/json", "{}");
        });
    long start = System.nanoTime();

    GateOutcome outcome = evaluate(to("/slow", "timeout", "500ms"));

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    assertThat(outcome)
        .isEqualTo(GateOutcome.fail("POST " + receiver.url("/slow") + ": no answer within 500ms"));
  }

  @Test
  void evaluate_bodyTrickledPastTimeout_failsInTime() {
    receiver.answering(
        exchange -> {
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, 0);
          try (OutputStream out = exchange.getResponseBody()) {
            for (int i = 0; i < 50; i++) {
              out.write(' ');
              out.flush();
              Thread.sleep(100);
            }
            out.write("{}".getBytes(StandardCharsets.UTF_8));
          } catch (InterruptedException | IOException e) {
            Thread.currentThread().interrupt();
          }
        });
    long start = System.nanoTime();

    GateOutcome outcome =
        evaluate(
            to("/trickle", "timeout", "1s", "successWhen", map("pointer", "/ok", "equals", true)));

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    assertThat(outcome.status()).isEqualTo(GateOutcome.Status.FAIL);
    assertThat(outcome.detail()).contains("no answer within 1s");
  }

  @Test
  void evaluate_connectionRefused_fails() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }

    GateOutcome outcome = evaluate(map("url", "http://127.0.0.1:" + port + "/health"));

    assertThat(outcome)
        .isEqualTo(
            GateOutcome.fail(
                "POST http://127.0.0.1:"
                    + port
                    + "/health failed: cannot connect (refused or unreachable)"));
  }

  @Test
  void evaluate_conditionMet_passes() {
    receiver.answering(200, "application/json", "{\"status\":\"ok\",\"checks\":{\"db\":1.0}}");

    GateOutcome equals =
        evaluate(to("/s", "successWhen", map("pointer", "/status", "equals", "ok")));
    GateOutcome in =
        evaluate(to("/s", "successWhen", map("pointer", "/checks/db", "in", List.of(0, 1))));

    assertThat(equals.status()).isEqualTo(GateOutcome.Status.PASS);
    assertThat(equals.detail()).endsWith("answered 200, and /status \"ok\"");
    assertThat(in.status()).isEqualTo(GateOutcome.Status.PASS);
  }

  @Test
  void evaluate_conditionUnmet_failsWithActualValue() {
    receiver.answering(200, "application/json", "{\"status\":\"degraded\"}");

    GateOutcome outcome =
        evaluate(to("/s", "successWhen", map("pointer", "/status", "in", List.of("ok", "green"))));

    assertThat(outcome.status()).isEqualTo(GateOutcome.Status.FAIL);
    assertThat(outcome.detail())
        .endsWith("answered 200, but /status is \"degraded\", expected one of \"ok\", \"green\"");
  }

  @Test
  void evaluate_conditionPointerMissing_fails() {
    receiver.answering(200, "application/json", "{\"state\":\"ok\"}");

    GateOutcome outcome =
        evaluate(to("/s", "successWhen", map("pointer", "/status", "equals", "ok")));

    assertThat(outcome.detail()).endsWith("answered 200, but no value at /status");
  }

  @Test
  void evaluate_nonJsonWithCondition_fails() {
    receiver.answering(200, "text/html", "<html><body>OK</body></html>");

    GateOutcome outcome =
        evaluate(to("/s", "successWhen", map("pointer", "/status", "equals", "ok")));

    assertThat(outcome.status()).isEqualTo(GateOutcome.Status.FAIL);
    assertThat(outcome.detail())
        .endsWith("answered 200 with a body that is not JSON: <html><body>OK</body></html>");
  }

  @Test
  void evaluate_nonJsonWithoutCondition_passes() {
    receiver.answering(200, "text/html", "<html>OK</html>");

    assertThat(evaluate(to("/s")).status()).isEqualTo(GateOutcome.Status.PASS);
  }

  @Test
  void evaluate_oversizedAnswerWithCondition_failsWithoutReadingItAll() {
    String huge = "{\"status\":\"ok\",\"pad\":\"" + "x".repeat(200 * 1024) + "\"}";
    receiver.answering(200, "application/json", huge);

    GateOutcome outcome =
        evaluate(to("/s", "successWhen", map("pointer", "/status", "equals", "ok")));

    assertThat(outcome.status()).isEqualTo(GateOutcome.Status.FAIL);
    assertThat(outcome.detail()).contains("more than 64 KiB");
  }

  @Test
  void evaluate_oversizedAnswerWithoutCondition_passes() {
    receiver.answering(200, "application/json", "x".repeat(200 * 1024));

    assertThat(evaluate(to("/s")).status()).isEqualTo(GateOutcome.Status.PASS);
  }
}
