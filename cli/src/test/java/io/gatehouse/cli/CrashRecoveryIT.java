package io.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.gatehouse.deploy.audit.AuditVerifier;
import io.gatehouse.testing.PostgresServer;
import io.gatehouse.testing.TestDatabase;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A server killed with SIGKILL while deployments wait on a wait timer, on a failing gate and on a
 * second review, then a new server on the same PostgreSQL: every deployment still reaches {@code
 * approved}, exactly once, the timer is honoured, and the audit log verifies.
 */
class CrashRecoveryIT {
  private static final Duration START = Duration.ofSeconds(60);
  private static final String ADMIN = "gth_crashRecoveryAdminToken0123456789abcdef";
  private static final String SHA = "0123456789abcdef0123456789abcdef01234567";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void sigkill_whileWaitingOnTimerGateAndReview_resumesEachExactlyOnce() throws Exception {
    AtomicInteger gateCalls = new AtomicInteger();
    AtomicBoolean gatePasses = new AtomicBoolean(false);
    HttpServer receiver = gateReceiver(gateCalls, gatePasses);
    TestDatabase database = PostgresServer.shared().createDatabase();
    Map<String, String> environment =
        Map.of(
            "GATEHOUSE_DB_USER",
            database.user(),
            "GATEHOUSE_DB_PASSWORD",
            database.password(),
            "GATEHOUSE_ADMIN_TOKEN",
            ADMIN,
            "GATEHOUSE_MASTER_KEY",
            "q2Jm3HdV1rWzY8c7Tn0kXe5LbS4uFgPiAoQ6vRt9MwE=");
    String[] serve = {"server", "--port", "0", "--database-url", database.jdbcUrl()};
    try {
      long timed;
      long gated;
      long reviewed;
      Instant created;
      String dev;
      String second;
      try (GatehouseProcess first = GatehouseProcess.start(environment, serve)) {
        URI base = first.awaitListening(START);
        String document = document(receiver.getAddress().getPort());
        expect(send(base, "POST", "/api/v1/apply", ADMIN, json("document", document)), 200);
        dev = token(base, "dev");
        String firstReviewer = token(base, "r1");
        second = token(base, "r2");

        created = Instant.now();
        timed = create(base, dev, "timer");
        gated = create(base, dev, "gated");
        reviewed = create(base, dev, "reviewed");
        expect(
            send(
                base,
                "POST",
                "/api/v1/deployments/" + reviewed + "/reviews",
                firstReviewer,
                "{\"decision\":\"approve\"}"),
            200);
        awaitCondition(() -> gateCalls.get() >= 2, Duration.ofSeconds(30));

        first.kill(); // no shutdown hook, no graceful stop
        assertThat(first.awaitExit(Duration.ofSeconds(10))).isPresent();
      }
      try (GatehouseProcess restarted = GatehouseProcess.start(environment, serve)) {
        URI base = restarted.awaitListening(START);
        assertThat(state(base, dev, timed)).isEqualTo("waiting");
        assertThat(state(base, dev, gated)).isEqualTo("waiting");

        gatePasses.set(true);
        JsonNode approved =
            expect(
                send(
                    base,
                    "POST",
                    "/api/v1/deployments/" + reviewed + "/reviews",
                    second,
                    "{\"decision\":\"approve\"}"),
                200);
        assertThat(approved.path("state").asText()).isEqualTo("approved");
        awaitCondition(() -> state(base, dev, gated).equals("approved"), Duration.ofSeconds(60));
        awaitCondition(() -> state(base, dev, timed).equals("approved"), Duration.ofSeconds(100));

        for (long id : List.of(timed, gated, reviewed)) {
          assertThat(states(base, dev, id)).as("deployment %d", id).containsOnlyOnce("approved");
        }
        Instant timerApproved = approvedAt(base, dev, timed);
        assertThat(timerApproved).isAfterOrEqualTo(created.plus(Duration.ofMinutes(1)));

        HttpResponse<String> export = send(base, "GET", "/api/v1/audit/export", ADMIN, null);
        assertThat(export.statusCode()).isEqualTo(200);
        AuditVerifier.Report report = AuditVerifier.verify(new StringReader(export.body()));
        assertThat(report.problems()).isEmpty();
        assertThat(report.ok()).isTrue();

        restarted.terminate();
        assertThat(restarted.awaitExit(Duration.ofSeconds(15))).contains(0);
      }
    } finally {
      receiver.stop(0);
    }
  }

  private static String document(int gatePort) {
    return """
        version: 1
        users: [{name: dev}, {name: r1}, {name: r2}]
        projects:
          - name: shop
            deployers: {users: [dev]}
            environments:
              - name: timer
                waitMinutes: 1
              - name: gated
                gates:
                  - name: health
                    type: http
                    interval: 1s
                    timeout: 10m
                    parameters: {url: "http://127.0.0.1:%d/check"}
              - name: reviewed
                reviewers:
                  - {users: [r1, r2], minimum: 2}
        """
        .formatted(gatePort);
  }

  private static HttpServer gateReceiver(AtomicInteger calls, AtomicBoolean passes)
      throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/check",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          calls.incrementAndGet();
          byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(passes.get() ? 200 : 503, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    return server;
  }

  private long create(URI base, String token, String environment) throws Exception {
    String body =
        "{\"project\":\"shop\",\"environment\":\""
            + environment
            + "\",\"ref\":\"refs/heads/main\",\"sha\":\""
            + SHA
            + "\",\"images\":[\"registry.example.com/shop/web:1.0\"]}";
    JsonNode deployment = expect(send(base, "POST", "/api/v1/deployments", token, body), 201);
    assertThat(deployment.path("state").asText()).isEqualTo("waiting");
    return deployment.path("id").asLong();
  }

  private String token(URI base, String user) throws Exception {
    return expect(
            send(base, "POST", "/api/v1/users/" + user + "/tokens", ADMIN, json("name", "ci")), 201)
        .path("token")
        .asText();
  }

  private String state(URI base, String token, long id) {
    try {
      return expect(send(base, "GET", "/api/v1/deployments/" + id, token, null), 200)
          .path("state")
          .asText();
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The states of the deployment's state events, in order. */
  private List<String> states(URI base, String token, long id) throws Exception {
    List<String> states = new ArrayList<>();
    for (JsonNode event : events(base, token, id)) {
      if (event.path("type").asText().equals("state")) {
        states.add(event.path("state").asText());
      }
    }
    return states;
  }

  private Instant approvedAt(URI base, String token, long id) throws Exception {
    for (JsonNode event : events(base, token, id)) {
      if (event.path("type").asText().equals("state")
          && event.path("state").asText().equals("approved")) {
        return Instant.parse(event.path("at").asText());
      }
    }
    throw new AssertionError("deployment " + id + " has no approved event");
  }

  private JsonNode events(URI base, String token, long id) throws Exception {
    return expect(
            send(
                base,
                "GET",
                "/api/v1/deployments/" + id + "/events/poll?after=0&timeout=0",
                token,
                null),
            200)
        .path("events");
  }

  private HttpResponse<String> send(URI base, String method, String path, String token, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token);
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode expect(HttpResponse<String> response, int status) throws IOException {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    return JSON.readTree(response.body());
  }

  private static String json(String field, String value) {
    ObjectNode node = JSON.createObjectNode();
    node.put(field, value);
    return node.toString();
  }

  private interface Condition {
    boolean holds() throws Exception;
  }

  private static void awaitCondition(Condition condition, Duration timeout) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    while (!condition.holds()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("not reached within " + timeout);
      }
      Thread.sleep(200);
    }
  }
}
