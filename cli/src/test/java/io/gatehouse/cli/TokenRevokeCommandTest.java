package io.gatehouse.cli;

import static io.gatehouse.cli.ScriptedServer.error;
import static io.gatehouse.cli.ScriptedServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TokenRevokeCommandTest {
  private final ScriptedServer server = ScriptedServer.start();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void revoke_sendsDeleteAndSaysSo() {
    server.on("DELETE", "/api/v1/tokens/7", json(204, ""));

    CommandRun run = server.run("token", "revoke", "7");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(server.lastRequest().method()).isEqualTo("DELETE");
    assertThat(run.out()).isEqualTo("token 7 revoked\n");
  }

  @Test
  void revoke_json_printsNothing() {
    server.on("DELETE", "/api/v1/tokens/7", json(204, ""));

    assertThat(server.run("token", "revoke", "7", "--output", "json").out()).isEmpty();
  }

  @Test
  void revoke_unknown_showsNotFound() {
    server.on("DELETE", "/api/v1/tokens/8", error(404, "not_found", "no token 8"));

    assertThat(server.run("token", "revoke", "8").err()).contains("no token 8");
  }
}
