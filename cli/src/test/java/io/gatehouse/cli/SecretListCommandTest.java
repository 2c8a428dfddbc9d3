package io.gatehouse.cli;

import static io.gatehouse.cli.ScriptedServer.error;
import static io.gatehouse.cli.ScriptedServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SecretListCommandTest {
  private static final String BASE = "/api/v1/projects/shop/environments/prod/secrets";
  private final ScriptedServer server = ScriptedServer.start();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void list_secrets_namesWhoAndWhen() {
    server.on(
        "GET",
        BASE,
        json(
            200,
            "{\"project\":\"shop\",\"environment\":\"prod\",\"secrets\":[{\"name\":\"API_KEY\","
                + "\"updatedBy\":\"maint\",\"createdAt\":\"2026-11-22T10:00:00Z\","
                + "\"updatedAt\":\"2026-11-22T12:00:00Z\"}]}"));

    CommandRun run = server.run("secret", "list", "--project", "shop", "--env", "prod");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out())
        .isEqualTo(
            """
            NAME     UPDATED BY  UPDATED               CREATED
            API_KEY  maint       2026-11-22T12:00:00Z  2026-11-22T10:00:00Z
            """);
  }

  @Test
  void list_none_saysSo() {
    server.on("GET", BASE, json(200, "{\"secrets\":[]}"));

    assertThat(server.run("secret", "list", "--project", "shop", "--env", "prod").out())
        .isEqualTo("no secrets\n");
  }

  @Test
  void list_notMaintainer_showsForbidden() {
    server.on("GET", BASE, error(403, "forbidden", "only a maintainer"));

    CommandRun run = server.run("secret", "list", "--project", "shop", "--env", "prod");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("only a maintainer (forbidden, HTTP 403)");
  }

  @Test
  void delete_secret_deletes() {
    server.on("DELETE", BASE + "/API_KEY", json(204, ""));

    CommandRun run =
        server.run("secret", "delete", "--project", "shop", "--env", "prod", "API_KEY");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).isEqualTo("secret API_KEY deleted from shop/prod\n");
  }

  @Test
  void secret_withoutCommandOrOptions_usageError() {
    assertThat(server.run("secret").exitCode()).isEqualTo(2);
    assertThat(server.run("secret", "list").exitCode()).isEqualTo(2);
    assertThat(server.run("secret", "set", "--project", "p", "--env", "e").exitCode()).isEqualTo(2);
  }
}
