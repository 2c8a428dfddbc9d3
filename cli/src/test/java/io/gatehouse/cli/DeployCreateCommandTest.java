package io.gatehouse.cli;

import static io.gatehouse.cli.ScriptedServer.chunks;
import static io.gatehouse.cli.ScriptedServer.error;
import static io.gatehouse.cli.ScriptedServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class DeployCreateCommandTest {
  private static final String SHA = "3f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39";
  private static final String CREATED = DeployWaitCommandTest.deployment("waiting");

  private final ScriptedServer server = ScriptedServer.start();
  @TempDir Path dir;

  @AfterEach
  void stop() {
    server.close();
  }

  private static JsonNode body(ScriptedServer.Request request) throws IOException {
    return new ObjectMapper().readTree(request.body());
  }

  @Test
  void create_branch_postsTheDeploymentAndPrintsIdAndState() throws IOException {
    server.on("POST", "/api/v1/deployments", json(201, CREATED));

    CommandRun run =
        server.run(
            "deploy",
            "create",
            "--project",
            "shop",
            "--environment",
            "prod",
            "--branch",
            "main",
            "--sha",
            SHA,
            "--image",
            "registry.example.com/shop:1",
            "--image",
            "registry.example.com/worker:1",
            "--description",
            "release 1",
            "--payload",
            "{\"replicas\":3}");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    ScriptedServer.Request request = server.lastRequest();
    assertThat(request.header("Authorization")).isEqualTo("Bearer " + ScriptedServer.TOKEN);
    assertThat(body(request))
        .isEqualTo(
            new ObjectMapper()
                .readTree(
                    "{\"project\":\"shop\",\"environment\":\"prod\",\"ref\":\"refs/heads/main\","
                        + "\"sha\":\""
                        + SHA
                        + "\",\"images\":[\"registry.example.com/shop:1\","
                        + "\"registry.example.com/worker:1\"],\"description\":\"release 1\","
                        + "\"payload\":{\"replicas\":3}}"));
    assertThat(run.out())
        .isEqualTo("deployment 42  shop/prod  refs/heads/main  aaaaaaaaaaaa  waiting\n");
  }

  @Test
  void create_tagAndPayloadFile_buildTheRefAndReadTheFile() throws IOException {
    server.on("POST", "/api/v1/deployments", json(201, CREATED));
    Path payload = Files.writeString(dir.resolve("p.json"), "{\"a\":[1,2]}");

    CommandRun run =
        server.run(
            "deploy",
            "create",
            "--project",
            "shop",
            "--environment",
            "prod",
            "--tag",
            "v1.2",
            "--sha",
            SHA,
            "--payload",
            "@" + payload,
            "--output",
            "json");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(body(server.lastRequest()).path("ref").asText()).isEqualTo("refs/tags/v1.2");
    assertThat(body(server.lastRequest()).path("payload").toString()).isEqualTo("{\"a\":[1,2]}");
    assertThat(run.out()).isEqualTo(CREATED + "\n");
  }

  @Test
  void create_refNotAllowed_showsTheServersMessage() {
    server.on(
        "POST",
        "/api/v1/deployments",
        error(422, "ref_not_allowed", "refs/heads/dev may not deploy to prod"));

    CommandRun run =
        server.run(
            "deploy",
            "create",
            "--project",
            "shop",
            "--environment",
            "prod",
            "--ref",
            "refs/heads/dev",
            "--sha",
            SHA);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "gatehouse deploy create: refs/heads/dev may not deploy to prod"
                + " (ref_not_allowed, HTTP 422)\n");
  }

  @Test
  void create_wait_waitsForApprovalAndExitsWithItsCode() {
    server.on("POST", "/api/v1/deployments", json(201, CREATED));
    server.on("GET", "/api/v1/deployments/42", json(200, CREATED));
    server.on(
        "GET",
        "/api/v1/deployments/42/events",
        chunks(
            "text/event-stream",
            Duration.ZERO,
            DeployWaitCommandTest.sse(1, "state", "rejected", "sec", "no tests")));

    CommandRun run =
        server.run(
            "deploy",
            "create",
            "--project",
            "shop",
            "--environment",
            "prod",
            "--branch",
            "main",
            "--sha",
            SHA,
            "--wait",
            "--timeout",
            "20s");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
    assertThat(run.out()).startsWith("deployment 42 ").endsWith("deployment 42 is rejected\n");
  }

  @Test
  void create_badSha_isAUsageErrorAndSendsNothing() {
    CommandRun run =
        server.run(
            "deploy",
            "create",
            "--project",
            "shop",
            "--environment",
            "prod",
            "--branch",
            "main",
            "--sha",
            "HEAD");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--sha must be 40 or 64 lower-case hex digits");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void create_twoRefs_isAUsageError() {
    CommandRun run =
        server.run(
            "deploy",
            "create",
            "--project",
            "shop",
            "--environment",
            "prod",
            "--branch",
            "main",
            "--tag",
            "v1",
            "--sha",
            SHA);

    assertThat(run.exitCode()).isEqualTo(2);
  }

  @Test
  void create_payloadNotAnObject_isAUsageError() {
    CommandRun run =
        server.run(
            "deploy",
            "create",
            "--project",
            "shop",
            "--environment",
            "prod",
            "--branch",
            "main",
            "--sha",
            SHA,
            "--payload",
            "[1");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--payload is not valid JSON");
  }
}
