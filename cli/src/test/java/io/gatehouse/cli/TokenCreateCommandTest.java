package io.gatehouse.cli;

import static io.gatehouse.cli.ScriptedServer.error;
import static io.gatehouse.cli.ScriptedServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TokenCreateCommandTest {
  private static final String CREATED =
      "{\"id\":7,\"name\":\"ci\",\"token\":\"gth_"
          + "N".repeat(43)
          + "\","
          + "\"expiresAt\":\"2026-12-22T10:00:00Z\"}";

  private final ScriptedServer server = ScriptedServer.start();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void create_own_postsNameAndExpiryAndShowsTheTokenOnce() {
    server.on("POST", "/api/v1/tokens", json(201, CREATED));

    CommandRun run = server.run("token", "create", "--name", "ci", "--expires-in", "30d");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(server.lastRequest().body()).isEqualTo("{\"name\":\"ci\",\"expiresIn\":\"30d\"}");
    assertThat(run.out())
        .isEqualTo(
            "id       7\nname     ci\nexpires  2026-12-22T10:00:00Z\ntoken    gth_"
                + "N".repeat(43)
                + "\n");
    assertThat(run.err()).isEqualTo("Store the token now: it is not shown again.\n");
    assertThat(run.out() + run.err()).doesNotContain(ScriptedServer.TOKEN);
  }

  @Test
  void create_forUser_postsToTheUsersTokens() {
    server.on("POST", "/api/v1/users/deploy-bot/tokens", json(201, CREATED));

    CommandRun run =
        server.run("token", "create", "--name", "ci", "--user", "deploy-bot", "--output", "json");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(server.lastRequest().body()).isEqualTo("{\"name\":\"ci\"}");
    assertThat(run.out()).isEqualTo(CREATED + "\n");
  }

  @Test
  void create_badExpiry_isAUsageError() {
    assertThat(server.run("token", "create", "--name", "x", "--expires-in", "1 month").exitCode())
        .isEqualTo(2);
  }

  @Test
  void create_notAdmin_showsForbidden() {
    server.on("POST", "/api/v1/users/bob/tokens", error(403, "forbidden", "admins only"));

    assertThat(server.run("token", "create", "--name", "x", "--user", "bob").err())
        .contains("admins only (forbidden, HTTP 403)");
  }
}
