package io.gatehouse.cli;

import static io.gatehouse.cli.ScriptedServer.error;
import static io.gatehouse.cli.ScriptedServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TokenListCommandTest {
  private static final String LIST =
      "{\"tokens\":[{\"id\":7,\"name\":\"ci\",\"createdAt\":\"2026-11-01T00:00:00Z\","
          + "\"expiresAt\":\"2026-12-01T00:00:00Z\",\"lastUsedAt\":null,\"revokedAt\":null}]}";

  private final ScriptedServer server = ScriptedServer.start();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void list_printsATable() {
    server.on("GET", "/api/v1/tokens", json(200, LIST));

    CommandRun run = server.run("token", "list");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out())
        .isEqualTo(
            """
            ID  NAME  CREATED               EXPIRES               LAST USED  REVOKED
            7   ci    2026-11-01T00:00:00Z  2026-12-01T00:00:00Z  -          -
            """);
  }

  @Test
  void list_json_printsTheDocument() {
    server.on("GET", "/api/v1/tokens", json(200, LIST));

    assertThat(server.run("token", "list", "--output", "json").out()).isEqualTo(LIST + "\n");
  }

  @Test
  void list_revokedToken_asksForAnother() {
    server.on("GET", "/api/v1/tokens", error(401, "unauthenticated", "revoked"));

    CommandRun run = server.run("token", "list");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("set --token or GATEHOUSE_TOKEN").doesNotContain("gth_");
  }
}
