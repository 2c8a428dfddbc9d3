package io.gatehouse.cli;

import static io.gatehouse.cli.ScriptedServer.error;
import static io.gatehouse.cli.ScriptedServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployDastReportCommandTest {
  private static final String REPORT =
      "{\"tool\":\"gatehouse-dast\",\"target\":\"https://staging.example.com/\",\"findings\":[]}";

  private final ScriptedServer server = ScriptedServer.start();
  @TempDir Path dir;

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void dastReport_file_postsItAndShowsTheGateResult() throws IOException {
    Path file = Files.writeString(dir.resolve("dast.json"), REPORT);
    server.on(
        "POST",
        "/api/v1/deployments/42/dast-report",
        json(201, "{\"gate\":\"dast\",\"pass\":false,\"detail\":\"1 failing\"}"));

    CommandRun run =
        server.run("deploy", "dast-report", "42", "--file", file.toString(), "--gate", "dast");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(server.lastRequest().body()).isEqualTo(REPORT);
    assertThat(server.lastRequest().query()).isEqualTo("gate=dast");
    assertThat(run.out()).isEqualTo("gate dast: fail (1 failing)\n");
  }

  @Test
  void dastReport_notTheJob_exits1WithTheMessage() throws IOException {
    Path file = Files.writeString(dir.resolve("dast.json"), REPORT);
    server.on(
        "POST",
        "/api/v1/deployments/42/dast-report",
        error(403, "not_deployment_job", "only the job that requested deployment 42"));

    CommandRun run = server.run("deploy", "dast-report", "42", "--file", file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("not_deployment_job");
  }

  @Test
  void dastReport_fileNotJson_failsBeforeSending() throws IOException {
    Path file = Files.writeString(dir.resolve("dast.json"), "<html>");

    CommandRun run = server.run("deploy", "dast-report", "42", "--file", file.toString());

    assertThat(run.exitCode()).isNotZero();
    assertThat(server.requests()).isEmpty();
  }
}
