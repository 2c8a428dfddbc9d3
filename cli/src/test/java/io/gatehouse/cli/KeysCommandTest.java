package io.gatehouse.cli;

import static io.gatehouse.cli.ScriptedServer.error;
import static io.gatehouse.cli.ScriptedServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KeysCommandTest {
  private static final String ROTATED =
      "{\"primary\":\"0123456789abcdef\",\"rewrapped\":4,\"unreadable\":0,\"tables\":["
          + "{\"table\":\"environment_secrets\",\"column\":\"sealed_value\",\"examined\":3,"
          + "\"rewrapped\":3,\"changedMeanwhile\":0,\"unreadable\":0},"
          + "{\"table\":\"master_key_check\",\"column\":\"sealed\",\"examined\":1,"
          + "\"rewrapped\":1,\"changedMeanwhile\":0,\"unreadable\":0}]}";

  private final ScriptedServer server = ScriptedServer.start();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void rotateMaster_allRewrapped_printsCountsAndExitsZero() {
    server.on("POST", "/api/v1/keys/master/rotate", json(200, ROTATED));

    CommandRun run = server.run("keys", "rotate-master");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(server.lastRequest().body()).isEqualTo("{}");
    assertThat(run.out())
        .isEqualTo(
            """
            re-wrapped 4 values under master key 0123456789abcdef
            TABLE                COLUMN        EXAMINED  REWRAPPED  CHANGED MEANWHILE  UNREADABLE
            environment_secrets  sealed_value  3         3          0                  0
            master_key_check     sealed        1         1          0                  0
            """);
  }

  @Test
  void rotateMaster_unreadableValues_warnsAndExitsThree() {
    server.on(
        "POST",
        "/api/v1/keys/master/rotate",
        json(200, ROTATED.replace("\"unreadable\":0,\"tables\"", "\"unreadable\":2,\"tables\"")));

    CommandRun run = server.run("keys", "rotate-master");

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.err()).contains("2 values open with no configured master key");
    assertThat(server.run("keys", "rotate-master", "--output", "json").exitCode()).isEqualTo(3);
  }

  @Test
  void rotateMaster_notAdmin_fails() {
    server.on(
        "POST",
        "/api/v1/keys/master/rotate",
        error(403, "forbidden", "only an admin may rotate the master key"));

    CommandRun run = server.run("keys", "rotate-master");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("only an admin may rotate the master key (forbidden, HTTP 403)");
  }

  @Test
  void rotateSigning_printsTheNewAndRetiringKeys() {
    String answer = "{\"kid\":\"k2\",\"retiring\":[\"k1\",\"k0\"]}";
    server.on("POST", "/api/v1/keys/signing/rotate", json(200, answer));

    CommandRun text = server.run("keys", "rotate-signing");
    CommandRun asJson = server.run("keys", "rotate-signing", "--output", "json");

    assertThat(text.exitCode()).as(text.toString()).isZero();
    assertThat(text.out()).isEqualTo("kid       k2\nretiring  k1, k0\n");
    assertThat(asJson.out()).isEqualTo(answer + "\n");
  }

  @Test
  void keys_withoutCommand_usageError() {
    assertThat(server.run("keys").exitCode()).isEqualTo(2);
  }
}
