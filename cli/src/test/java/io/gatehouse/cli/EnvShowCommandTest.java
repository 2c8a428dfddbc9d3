package io.gatehouse.cli;

import static io.gatehouse.cli.ScriptedServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EnvShowCommandTest {
  private final ScriptedServer server = ScriptedServer.start();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void show_printsTheRulesInWords() {
    server.on("GET", "/api/v1/projects/shop/environments/prod", json(200, EnvListCommandTest.PROD));

    CommandRun run = server.run("env", "show", "--project", "shop", "prod");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out())
        .isEqualTo(
            """
            environment      shop/prod
            deployment refs  branches main; tags v*
            reviewers        1 of team security AND 2 of carol, dave (never the requester)
            wait timer       15 min
            gate health      http, first after 0s, every 30s, times out after 1h, {"url":"https://x/h"}
            lock             sequential
            bypass           not allowed
            review timeout   720h
            """);
  }

  @Test
  void show_namesAreEncodedInThePath() {
    server.on(
        "GET", "/api/v1/projects/my%20shop/environments/prod", json(200, EnvListCommandTest.DEV));

    CommandRun run = server.run("env", "show", "--project", "my shop", "prod", "--output", "json");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).isEqualTo(EnvListCommandTest.DEV + "\n");
  }
}
