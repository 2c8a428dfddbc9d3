package io.gatehouse.cli;

import static io.gatehouse.cli.ScriptedServer.error;
import static io.gatehouse.cli.ScriptedServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeployBypassCommandTest {
  private final ScriptedServer server = ScriptedServer.start();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void bypass_postsTheCommentAndPrintsTheDeployment() {
    server.on(
        "POST",
        "/api/v1/deployments/42/bypass",
        json(200, DeployWaitCommandTest.deployment("approved")));

    CommandRun run = server.run("deploy", "bypass", "42", "--comment", "INC-1 \"urgent\"");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(server.lastRequest().body()).isEqualTo("{\"comment\":\"INC-1 \\\"urgent\\\"\"}");
    assertThat(server.lastRequest().header("Authorization")).startsWith("Bearer gth_");
    assertThat(run.out()).startsWith("deployment 42  shop/prod");
  }

  @Test
  void bypass_json_printsTheDocument() {
    server.on("POST", "/api/v1/deployments/42/bypass", json(200, "{\"id\":42}"));

    assertThat(server.run("deploy", "bypass", "42", "--comment", "x", "--output", "json").out())
        .isEqualTo("{\"id\":42}\n");
  }

  @Test
  void bypass_forbidden_showsTheServersMessage() {
    server.on("POST", "/api/v1/deployments/42/bypass", error(403, "forbidden", "not a maintainer"));

    CommandRun run = server.run("deploy", "bypass", "42", "--comment", "x");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo("gatehouse deploy bypass: not a maintainer (forbidden, HTTP 403)\n");
  }

  @Test
  void bypass_withoutComment_isAUsageError() {
    assertThat(server.run("deploy", "bypass", "42").exitCode()).isEqualTo(2);
  }
}
