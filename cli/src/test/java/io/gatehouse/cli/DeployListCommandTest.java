package io.gatehouse.cli;

import static io.gatehouse.cli.ScriptedServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeployListCommandTest {
  private static final String LIST =
      "{\"deployments\":["
          + DeployWaitCommandTest.deployment("waiting")
              .replace("}", ",\"requester\":\"dev\",\"createdAt\":\"2026-11-22T10:00:00Z\"}")
          + "],\"next\":41}";

  private final ScriptedServer server = ScriptedServer.start();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void list_filters_areSentAsQueryAndRowsAligned() {
    server.on("GET", "/api/v1/deployments", json(200, LIST));

    CommandRun run =
        server.run(
            "deploy",
            "list",
            "--project",
            "shop",
            "--environment",
            "prod eu",
            "--state",
            "waiting",
            "--limit",
            "10",
            "--before",
            "50");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(server.lastRequest().query())
        .isEqualTo("project=shop&environment=prod+eu&state=waiting&limit=10&before=50");
    assertThat(run.out())
        .isEqualTo(
            """
            ID  PROJECT  ENVIRONMENT  STATE    REF              SHA           REQUESTER  CREATED
            42  shop     prod         waiting  refs/heads/main  aaaaaaaaaaaa  dev        2026-11-22T10:00:00Z
            more: add --before 41
            """);
  }

  @Test
  void list_json_printsTheDocument() {
    server.on("GET", "/api/v1/deployments", json(200, LIST));

    assertThat(server.run("deploy", "list", "--output", "json").out()).isEqualTo(LIST + "\n");
    assertThat(server.lastRequest().query()).isEqualTo("limit=50");
  }

  @Test
  void list_empty_saysSo() {
    server.on("GET", "/api/v1/deployments", json(200, "{\"deployments\":[],\"next\":null}"));

    assertThat(server.run("deploy", "list").out()).isEqualTo("no deployments\n");
  }

  @Test
  void list_limitOutOfRange_isAUsageError() {
    assertThat(server.run("deploy", "list", "--limit", "0").exitCode()).isEqualTo(2);
  }
}
