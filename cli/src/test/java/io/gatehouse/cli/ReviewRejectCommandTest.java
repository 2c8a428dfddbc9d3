package io.gatehouse.cli;

import static io.gatehouse.cli.ScriptedServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReviewRejectCommandTest {
  private final ScriptedServer server = ScriptedServer.start();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void reject_postsTheDecisionWithTheComment() {
    server.on(
        "POST",
        "/api/v1/deployments/42/reviews",
        json(200, DeployWaitCommandTest.deployment("rejected")));

    CommandRun run = server.run("review", "reject", "42", "--comment", "no rollback plan");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(server.lastRequest().body())
        .isEqualTo("{\"decision\":\"reject\",\"comment\":\"no rollback plan\"}");
    assertThat(run.out()).endsWith("  rejected\n");
  }

  @Test
  void reject_withoutComment_isAUsageError() {
    assertThat(server.run("review", "reject", "42").exitCode()).isEqualTo(2);
    assertThat(server.run("review", "reject", "42", "--comment", " ").exitCode()).isEqualTo(2);
    assertThat(server.requests()).isEmpty();
  }
}
