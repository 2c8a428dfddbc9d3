package io.gatehouse.cli;

import static io.gatehouse.cli.ScriptedServer.error;
import static io.gatehouse.cli.ScriptedServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeploySecretsCommandTest {
  private static final String PATH = "/api/v1/deployments/42/secrets";
  private static final String ANSWER =
      "{\"secrets\":{\"DB_PASSWORD\":\"it's\"},\"variables\":{\"REGION\":\"westeurope\"}}";

  private final ScriptedServer server = ScriptedServer.start();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void secrets_defaultFormat_exportLinesVariablesFirst() {
    server.on("GET", PATH, json(200, ANSWER));

    CommandRun run = server.run("deploy", "secrets", "42");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).isEqualTo("export REGION='westeurope'\nexport DB_PASSWORD='it'\\''s'\n");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void secrets_dotenvAndJson_asAsked() {
    server.on("GET", PATH, json(200, ANSWER));

    assertThat(server.run("deploy", "secrets", "42", "--format", "dotenv").out())
        .isEqualTo("REGION='westeurope'\nDB_PASSWORD=\"it's\"\n");
    assertThat(server.run("deploy", "secrets", "42", "--format", "json").out())
        .isEqualTo(ANSWER + "\n");
    assertThat(server.run("deploy", "secrets", "42", "--output", "json").out())
        .isEqualTo(ANSWER + "\n");
    assertThat(server.run("deploy", "secrets", "42", "--format", "github").out())
        .matches("(?s)REGION<<GATEHOUSE_EOF_[0-9a-f]{32}\nwesteurope\nGATEHOUSE_EOF_.*");
  }

  @Test
  void secrets_hostileAnswer_nothingWritten() {
    for (String answer :
        new String[] {
          "{\"secrets\":{\"A; touch x\":\"v\"},\"variables\":{}}",
          "{\"secrets\":{\"A\":\"v\"},\"variables\":{\"A\":\"w\"}}",
          "{\"secrets\":{\"A\":1},\"variables\":{}}",
          "{\"secrets\":{\"A\":\"a\\u0000b\"},\"variables\":{}}"
        }) {
      server.on("GET", PATH, json(200, answer));

      CommandRun run = server.run("deploy", "secrets", "42");

      assertThat(run.exitCode()).as(answer).isEqualTo(1);
      assertThat(run.out()).isEmpty();
      assertThat(run.err()).doesNotContain("touch");
    }
  }

  @Test
  void secrets_notTheJob_showsTheRefusal() {
    server.on(
        "GET", PATH, error(403, "not_deployment_job", "only the job that requested deployment 42"));

    CommandRun run = server.run("deploy", "secrets", "42");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("(not_deployment_job, HTTP 403)");
  }

  @Test
  void secrets_badFormatOrId_usageError() {
    assertThat(server.run("deploy", "secrets", "42", "--format", "yaml").exitCode()).isEqualTo(2);
    assertThat(server.run("deploy", "secrets", "x").exitCode()).isEqualTo(2);
    assertThat(server.requests()).isEmpty();
  }
}
