package io.gatehouse.deploy.deployment;

import static io.gatehouse.deploy.deployment.Rules.rules;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.deploy.access.Principal;
import io.gatehouse.deploy.server.ApiException;
import io.gatehouse.deploy.server.ApiJson;
import io.gatehouse.deploy.server.ControlPlaneSettings;
import io.gatehouse.deploy.server.ServerFixture;
import io.gatehouse.testing.DatabaseKind;
import io.javalin.http.Context;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DeploymentRoutesIT {
  private static final String VALID =
      "{\"project\":\"shop\",\"environment\":\"prod\",\"ref\":\"refs/heads/main\","
          + "\"sha\":\""
          + DeploymentFixture.SHA
          + "\",\"images\":[\"registry.example.com/shop/web:1.0\"],\"description\":\"\","
          + "\"payload\":{\"a\":1}}";

  private DeploymentFixture fixture;
  private ServerFixture server;
  private final Map<String, Principal> tokens = new ConcurrentHashMap<>();
  private final HttpClient client = HttpClient.newHttpClient();
  private long project;

  private void setUp(DatabaseKind kind) {
    fixture = DeploymentFixture.create(kind);
    Function<Context, Principal> authenticator =
        ctx -> {
          String header = ctx.header("Authorization");
          Principal p =
              header == null || !header.startsWith("Bearer ")
                  ? null
                  : tokens.get(header.substring("Bearer ".length()));
          if (p == null) {
            throw new ApiException(401, "unauthenticated", "who are you?");
          }
          return p;
        };
    server =
        ServerFixture.start(
            ServerFixture.configFor(fixture.testDatabase),
            ControlPlaneSettings.defaults()
                .withTimings(Duration.ofHours(1), Duration.ofSeconds(30)),
            List.of(
                DeploymentRoutes.create(
                    fixture.service,
                    authenticator,
                    "/test/api/v1/deployments",
                    Duration.ofMillis(300))),
            Clock.systemUTC());
    for (String name : List.of("dev", "sec", "ops", "outsider")) {
      tokens.put(name, fixture.user(name));
    }
    tokens.put("root", fixture.admin("root"));
    project = fixture.project("shop");
    fixture.directory.grant(fixture.directory.deployers, project, tokens.get("dev"));
    fixture.environment(project, "shop", "prod", rules().users(1, "sec").users(1, "ops").build());
    fixture.environment(project, "shop", "dev", rules().build());
    long secret = fixture.project("secret");
    fixture.environment(secret, "secret", "prod", rules().build());
    fixture.directory.grant(fixture.directory.deployers, secret, tokens.get("outsider"));
  }

  @AfterEach
  void tearDown() {
    if (server != null) {
      server.close();
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  private HttpResponse<String> post(String user, String path, String body) {
    return server.send(
        HttpRequest.newBuilder(server.uri("/test" + path))
            .header("Authorization", "Bearer " + user)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  private HttpResponse<String> get(String user, String path) {
    return server.send(
        HttpRequest.newBuilder(server.uri("/test" + path))
            .header("Authorization", "Bearer " + user)
            .GET()
            .build());
  }

  private static JsonNode json(HttpResponse<String> response) {
    try {
      return ApiJson.mapper().readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError(response.body(), e);
    }
  }

  private long createWaiting() {
    HttpResponse<String> created = post("dev", "/api/v1/deployments", VALID);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return json(created).get("id").asLong();
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void lifecycle_createTwoApprovalsInProgressSuccess(DatabaseKind kind) {
    setUp(kind);
    HttpResponse<String> created = post("dev", "/api/v1/deployments", VALID);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode d = json(created);
    List<String> fields = new ArrayList<>();
    d.fieldNames().forEachRemaining(fields::add);
    assertThat(fields)
        .containsExactly(
            "id",
            "project",
            "environment",
            "ref",
            "sha",
            "images",
            "description",
            "payload",
            "requester",
            "state",
            "createdAt",
            "updatedAt",
            "pending",
            "requirements",
            "reviews",
            "waitUntil",
            "gates",
            "bypassed",
            "logUrl",
            "statusDescription",
            "dast");
    assertThat(d.get("state").asText()).isEqualTo("waiting");
    assertThat(d.get("waitUntil").isNull()).isTrue();
    long id = d.get("id").asLong();
    String base = "/api/v1/deployments/" + id;

    assertThat(post("sec", base + "/reviews", "{\"decision\":\"approve\"}").statusCode())
        .isEqualTo(200);
    HttpResponse<String> approved =
        post("ops", base + "/reviews", "{\"decision\":\"approve\",\"comment\":\"ok\"}");
    assertThat(json(approved).get("state").asText()).isEqualTo("approved");
    assertThat(
            json(post(
                    "dev",
                    base + "/status",
                    "{\"state\":\"in_progress\",\"logUrl\":\"https://ci.example.com/1\"}"))
                .get("state")
                .asText())
        .isEqualTo("in_progress");
    JsonNode done =
        json(
            post(
                "dev", base + "/status", "{\"state\":\"success\",\"description\":\"rolled out\"}"));
    assertThat(done.get("state").asText()).isEqualTo("success");
    assertThat(done.get("logUrl").asText()).isEqualTo("https://ci.example.com/1");

    JsonNode listed = json(get("dev", "/api/v1/deployments?project=shop&state=success&limit=10"));
    assertThat(listed.get("deployments")).hasSize(1);
    assertThat(listed.get("next").isNull()).isTrue();
    JsonNode polled = json(get("dev", base + "/events/poll?after=0&timeout=0"));
    assertThat(polled.get("events")).hasSize(6);
    assertThat(polled.get("events").get(0).get("type").asText()).isEqualTo("created");
    assertThat(polled.get("deployment").get("id").asLong()).isEqualTo(id);
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void badInput_everyEndpoint_4xxAndNoChange(DatabaseKind kind) {
    setUp(kind);
    long id = createWaiting();
    long hidden =
        json(post("outsider", "/api/v1/deployments", VALID.replace("\"shop\"", "\"secret\"")))
            .get("id")
            .asLong();
    String base = "/api/v1/deployments/" + id;
    Map<String, Integer> cases = new java.util.LinkedHashMap<>();
    String big = "x".repeat(70_000);

    assertStatus(post("dev", "/api/v1/deployments", "{"), 400, "malformed");
    assertStatus(
        post("dev", "/api/v1/deployments", VALID.replace("\"description\"", "\"descr\"")),
        400,
        "unknown field 'descr'");
    assertStatus(
        post("dev", "/api/v1/deployments", VALID.replace("\"images\":[", "\"images\":[{},")),
        400,
        "images");
    assertStatus(
        post("dev", "/api/v1/deployments", VALID.replace("{\"a\":1}", "[1]")), 400, "payload");
    assertStatus(
        post("dev", "/api/v1/deployments", VALID.replace("{\"a\":1}", "{\"a\":\"" + big + "\"}")),
        413,
        "payload");
    assertStatus(
        post("dev", "/api/v1/deployments", VALID.replace(DeploymentFixture.SHA, "ABC")),
        400,
        "sha");
    assertStatus(
        post("dev", "/api/v1/deployments", VALID.replace("refs/heads/main", "main")), 400, "ref");
    assertStatus(
        post(
            "dev",
            "/api/v1/deployments",
            VALID.replace("registry.example.com/shop/web:1.0", "UPPER:case:x")),
        400,
        "images[0]");
    assertStatus(
        post(
            "dev",
            "/api/v1/deployments",
            VALID.replace("\"description\":\"\"", "\"description\":\"" + "d".repeat(1001) + "\"")),
        400,
        "description");
    assertStatus(
        post(
            "dev",
            "/api/v1/deployments",
            VALID.replace(
                "\"images\":[\"registry.example.com/shop/web:1.0\"]",
                "\"images\":["
                    + String.join(",", java.util.Collections.nCopies(101, "\"nginx\""))
                    + "]")),
        400,
        "100");
    assertStatus(post("dev", "/api/v1/deployments", "{\"project\":\"shop\"}"), 400, "required");
    assertStatus(post("nobody", "/api/v1/deployments", VALID), 401, "");
    assertStatus(
        server.send(
            HttpRequest.newBuilder(server.uri("/test/api/v1/deployments"))
                .header("Authorization", "Bearer dev")
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(VALID))
                .build()),
        415,
        "");

    assertStatus(post("sec", base + "/reviews", "{\"decision\":\"maybe\"}"), 400, "decision");
    assertStatus(
        post("sec", base + "/reviews", "{\"decision\":\"approve\",\"extra\":1}"), 400, "extra");
    assertStatus(post("sec", base + "/reviews", "{\"decision\":true}"), 400, "decision");
    assertStatus(post("sec", base + "/reviews", "{\"decision\":\"reject\"}"), 400, "comment");
    assertStatus(post("dev", base + "/reviews", "{\"decision\":\"approve\"}"), 403, "self_review");
    assertStatus(
        post("sec", "/api/v1/deployments/" + hidden + "/reviews", "{\"decision\":\"approve\"}"),
        404,
        "");
    assertStatus(
        post("sec", "/api/v1/deployments/abc/reviews", "{\"decision\":\"approve\"}"), 404, "");
    assertStatus(post("dev", base + "/status", "{\"state\":\"done\"}"), 400, "state");
    assertStatus(
        post("dev", base + "/status", "{\"state\":\"success\",\"logUrl\":\"javascript:alert(1)\"}"),
        400,
        "logUrl");
    assertStatus(
        post(
            "dev",
            base + "/status",
            "{\"state\":\"success\",\"logUrl\":\"https://x/" + "a".repeat(2000) + "\"}"),
        400,
        "logUrl");
    assertStatus(post("dev", base + "/status", "{\"state\":\"success\"}"), 409, "waiting");
    assertStatus(
        post("dev", "/api/v1/deployments/" + hidden + "/status", "{\"state\":\"success\"}"),
        404,
        "");
    assertStatus(post("dev", base + "/cancel", "{\"comment\":[]}"), 400, "comment");
    assertStatus(post("dev", "/api/v1/deployments/" + hidden + "/cancel", "{}"), 404, "");
    assertStatus(post("dev", base + "/bypass", "{\"comment\":\"x\"}"), 403, "");
    assertStatus(post("dev", base + "/bypass", "[]"), 400, "");
    assertStatus(get("dev", "/api/v1/deployments/" + hidden), 404, "");
    assertStatus(get("dev", "/api/v1/deployments/" + hidden + "/events/poll?timeout=0"), 404, "");
    assertStatus(get("dev", "/api/v1/deployments/" + hidden + "/events"), 404, "");
    assertStatus(get("dev", "/api/v1/deployments?limit=101"), 400, "limit");
    assertStatus(get("dev", "/api/v1/deployments?limit=x"), 400, "limit");
    assertStatus(get("dev", "/api/v1/deployments?state=bogus"), 400, "state");
    assertStatus(get("dev", base + "/events/poll?timeout=61"), 400, "timeout");
    assertStatus(get("dev", base + "/events/poll?after=x"), 400, "after");

    JsonNode unchanged = json(get("dev", base));
    assertThat(unchanged.get("state").asText()).isEqualTo("waiting");
    assertThat(unchanged.get("reviews")).isEmpty();
    assertThat(json(get("root", "/api/v1/deployments")).get("deployments")).hasSize(2);
    assertThat(json(get("dev", "/api/v1/deployments")).get("deployments")).hasSize(1);
    assertThat(cases).isEmpty();
  }

  private static void assertStatus(HttpResponse<String> response, int status, String messagePart) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode error = json(response).get("error");
    assertThat(error).as(response.body()).isNotNull();
    assertThat(error.get("code").asText() + ": " + error.get("message").asText())
        .contains(messagePart);
  }

  @Test
  void events_serverSentEvents_deliveredAsTheyHappenAndEndAtTheTerminalState() throws Exception {
    setUp(DatabaseKind.POSTGRESQL);
    long id = createWaiting();
    String base = "/api/v1/deployments/" + id;
    HttpResponse<InputStream> stream =
        client.send(
            HttpRequest.newBuilder(server.uri("/test" + base + "/events"))
                .header("Authorization", "Bearer dev")
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.statusCode()).isEqualTo(200);
    assertThat(stream.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
    Iterator<String> lines = reader.lines().iterator();

    assertThat(nextEvent(lines)).containsExactly("id: 1", "event: created");
    post("sec", base + "/reviews", "{\"decision\":\"approve\"}");
    assertThat(nextEvent(lines)).containsExactly("id: 2", "event: review");
    long sent = System.nanoTime();
    post("ops", base + "/reviews", "{\"decision\":\"approve\"}");
    assertThat(nextEvent(lines)).containsExactly("id: 3", "event: review");
    assertThat(nextEvent(lines)).containsExactly("id: 4", "event: state");
    assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofMillis(900));
    post("dev", base + "/status", "{\"state\":\"error\"}");
    assertThat(nextEvent(lines)).containsExactly("id: 5", "event: status");
    CompletableFuture<Boolean> ended = CompletableFuture.supplyAsync(lines::hasNext);
    assertThat(ended.get(5, TimeUnit.SECONDS)).isFalse();

    HttpResponse<String> replay =
        server.send(
            HttpRequest.newBuilder(server.uri("/test" + base + "/events"))
                .header("Authorization", "Bearer dev")
                .header("Last-Event-ID", "3")
                .build());
    assertThat(replay.body()).contains("id: 4\n", "id: 5\n").doesNotContain("id: 3\n");
    assertThat(replay.body())
        .contains(
            "data: {\"seq\":5,\"deploymentId\":" + id + ",\"type\":\"status\",\"state\":\"error\"");
  }

  @Test
  void events_approvalReachesTheStreamWithoutPolling() throws Exception {
    setUp(DatabaseKind.POSTGRESQL);
    List<Long> latencies = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      long id = createWaiting();
      String base = "/api/v1/deployments/" + id;
      post("sec", base + "/reviews", "{\"decision\":\"approve\"}");
      HttpResponse<InputStream> stream =
          client.send(
              HttpRequest.newBuilder(server.uri("/test" + base + "/events"))
                  .header("Authorization", "Bearer dev")
                  .header("Last-Event-ID", "2")
                  .build(),
              HttpResponse.BodyHandlers.ofInputStream());
      BufferedReader reader =
          new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
      Iterator<String> lines = reader.lines().iterator();
      assertThat(lines.next()).startsWith(":");
      long start = System.nanoTime();
      CompletableFuture<HttpResponse<String>> approval =
          CompletableFuture.supplyAsync(
              () -> post("ops", base + "/reviews", "{\"decision\":\"approve\"}"));
      assertThat(nextEvent(lines)).containsExactly("id: 3", "event: review");
      assertThat(nextEvent(lines)).containsExactly("id: 4", "event: state");
      latencies.add((System.nanoTime() - start) / 1_000_000);
      approval.get(5, TimeUnit.SECONDS);
      stream.body().close();
    }
    latencies.sort(null);
    // Request plus delivery, well under the 1 s database re-read: the commit wakes the stream.
    assertThat(latencies.get(latencies.size() * 95 / 100)).as("%s", latencies).isLessThan(500L);
  }

  @Test
  void events_idleStream_sendsHeartbeatComments() throws Exception {
    setUp(DatabaseKind.H2);
    long id = createWaiting();
    HttpResponse<InputStream> stream =
        client.send(
            HttpRequest.newBuilder(server.uri("/test/api/v1/deployments/" + id + "/events"))
                .header("Authorization", "Bearer dev")
                .header("Last-Event-ID", "1")
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));

    assertThat(reader.readLine()).isEqualTo(": deployment events");
    assertThat(reader.readLine()).isEmpty();
    assertThat(CompletableFuture.supplyAsync(() -> readLine(reader)).get(5, TimeUnit.SECONDS))
        .isEqualTo(": heartbeat");
    stream.body().close();
  }

  private static String readLine(BufferedReader reader) {
    try {
      return reader.readLine();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The id and event lines of the next event, its data line checked for JSON. */
  private static List<String> nextEvent(Iterator<String> lines) {
    List<String> head = new ArrayList<>();
    while (lines.hasNext()) {
      String line = lines.next();
      if (line.startsWith("id: ") || line.startsWith("event: ")) {
        head.add(line);
      } else if (line.startsWith("data: ")) {
        assertThat(line).startsWith("data: {\"seq\":");
      } else if (line.isEmpty() && !head.isEmpty()) {
        return head;
      }
    }
    return head;
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void events_longPoll_answersOnTheNextEventOrAtTheTimeout(DatabaseKind kind) throws Exception {
    setUp(kind);
    long id = createWaiting();
    String base = "/api/v1/deployments/" + id;

    long start = System.nanoTime();
    JsonNode empty = json(get("dev", base + "/events/poll?after=1&timeout=1"));
    assertThat(empty.get("events")).isEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(950));

    CompletableFuture<HttpResponse<String>> waiting =
        CompletableFuture.supplyAsync(() -> get("dev", base + "/events/poll?after=1&timeout=30"));
    Thread.sleep(200);
    assertThat(waiting).isNotDone();
    post("sec", base + "/reviews", "{\"decision\":\"approve\"}");
    JsonNode answer = json(waiting.get(5, TimeUnit.SECONDS));
    assertThat(answer.get("events")).hasSize(1);
    assertThat(answer.get("events").get(0).get("type").asText()).isEqualTo("review");
    assertThat(answer.get("deployment").get("reviews")).hasSize(1);
  }

  @Test
  void events_changedByAnotherReplica_foundByTheReread() throws Exception {
    setUp(DatabaseKind.POSTGRESQL);
    long id = createWaiting();
    DeploymentService otherReplica = fixture.newService();
    CompletableFuture<HttpResponse<String>> waiting =
        CompletableFuture.supplyAsync(
            () -> get("dev", "/api/v1/deployments/" + id + "/events/poll?after=1&timeout=30"));
    Thread.sleep(200);
    otherReplica.review(
        tokens.get("sec"), id, io.gatehouse.deploy.review.ReviewDecision.APPROVE, "");

    JsonNode answer = json(waiting.get(5, TimeUnit.SECONDS));
    assertThat(answer.get("events")).hasSize(1);
  }
}
