package io.gatehouse.cli;

import static io.gatehouse.cli.ScriptedServer.error;
import static io.gatehouse.cli.ScriptedServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeployReportCommandTest {
  private final ScriptedServer server = ScriptedServer.start();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void report_success_postsStateLogUrlAndDescription() {
    server.on(
        "POST",
        "/api/v1/deployments/42/status",
        json(200, DeployWaitCommandTest.deployment("success")));

    CommandRun run =
        server.run(
            "deploy",
            "report",
            "42",
            "--state",
            "success",
            "--log-url",
            "https://ci.example.com/1",
            "--description",
            "done");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(server.lastRequest().body())
        .isEqualTo(
            "{\"state\":\"success\",\"logUrl\":\"https://ci.example.com/1\","
                + "\"description\":\"done\"}");
    assertThat(run.out()).endsWith("  success\n");
  }

  @Test
  void report_inProgress_sendsOnlyTheState() {
    server.on(
        "POST",
        "/api/v1/deployments/42/status",
        json(200, DeployWaitCommandTest.deployment("in_progress")));

    CommandRun run = server.run("deploy", "report", "42", "--state", "in_progress");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(server.lastRequest().body()).isEqualTo("{\"state\":\"in_progress\"}");
  }

  @Test
  void report_notApproved_showsTheConflict() {
    server.on(
        "POST",
        "/api/v1/deployments/42/status",
        error(409, "conflict", "deployment 42 is waiting, not approved"));

    CommandRun run = server.run("deploy", "report", "42", "--state", "success");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("deployment 42 is waiting, not approved (conflict, HTTP 409)");
  }

  @Test
  void report_unknownState_isAUsageError() {
    assertThat(server.run("deploy", "report", "42", "--state", "done").exitCode()).isEqualTo(2);
    assertThat(server.requests()).isEmpty();
  }
}
