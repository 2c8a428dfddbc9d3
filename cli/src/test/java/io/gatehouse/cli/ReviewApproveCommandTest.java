package io.gatehouse.cli;

import static io.gatehouse.cli.ScriptedServer.error;
import static io.gatehouse.cli.ScriptedServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReviewApproveCommandTest {
  private final ScriptedServer server = ScriptedServer.start();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void approve_postsTheDecisionAndPrintsTheDeployment() {
    server.on(
        "POST",
        "/api/v1/deployments/42/reviews",
        json(200, DeployWaitCommandTest.deployment("approved")));

    CommandRun run = server.run("review", "approve", "42", "--comment", "ok");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(server.lastRequest().body())
        .isEqualTo("{\"decision\":\"approve\",\"comment\":\"ok\"}");
    assertThat(run.out()).endsWith("  approved\n");
  }

  @Test
  void approve_withoutComment_sendsAnEmptyComment() {
    server.on("POST", "/api/v1/deployments/42/reviews", json(200, "{\"id\":42}"));

    CommandRun run = server.run("review", "approve", "42", "--output", "json");

    assertThat(server.lastRequest().body())
        .isEqualTo("{\"decision\":\"approve\",\"comment\":\"\"}");
    assertThat(run.out()).isEqualTo("{\"id\":42}\n");
  }

  @Test
  void approve_ownDeployment_showsSelfReview() {
    server.on(
        "POST",
        "/api/v1/deployments/42/reviews",
        error(403, "self_review", "you requested deployment 42 and cannot review it"));

    CommandRun run = server.run("review", "approve", "42");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("cannot review it (self_review, HTTP 403)");
  }

  @Test
  void approve_twice_showsTheConflict() {
    server.on("POST", "/api/v1/deployments/42/reviews", error(409, "conflict", "already reviewed"));

    assertThat(server.run("review", "approve", "42").err()).contains("already reviewed");
  }
}
