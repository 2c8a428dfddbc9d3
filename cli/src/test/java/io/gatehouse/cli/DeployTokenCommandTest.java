package io.gatehouse.cli;

import static io.gatehouse.cli.ScriptedServer.error;
import static io.gatehouse.cli.ScriptedServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployTokenCommandTest {
  private static final String ANSWER =
      "{\"token\":\"eyJh.eyJp.c2ln\",\"expires_at\":\"2026-11-23T10:05:00Z\",\"kid\":\"k1\","
          + "\"alg\":\"ES256\"}";

  private final ScriptedServer server = ScriptedServer.start();
  @TempDir Path dir;

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void token_audienceOnly_printsTheTokenAlone() {
    server.on("POST", "/api/v1/deployments/42/token", json(200, ANSWER));

    CommandRun run = server.run("deploy", "token", "42", "--audience", "sts.amazonaws.com");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).isEqualTo("eyJh.eyJp.c2ln\n");
    assertThat(server.lastRequest().body()).isEqualTo("{\"audience\":\"sts.amazonaws.com\"}");
  }

  @Test
  void token_lifetimeAlgAndJson_sentAndAnswerPrinted() {
    server.on("POST", "/api/v1/deployments/42/token", json(200, ANSWER));

    CommandRun run =
        server.run(
            "deploy",
            "token",
            "42",
            "--audience",
            "vault",
            "--lifetime",
            "10m",
            "--alg",
            "RS256",
            "--output",
            "json");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(server.lastRequest().body())
        .isEqualTo("{\"audience\":\"vault\",\"lifetime\":\"10m\",\"alg\":\"RS256\"}");
    assertThat(run.out()).contains("\"expires_at\":\"2026-11-23T10:05:00Z\"");
  }

  @Test
  void token_file_writtenOwnerOnlyAndNotPrinted() throws Exception {
    server.on("POST", "/api/v1/deployments/42/token", json(200, ANSWER));
    Path file = dir.resolve("aws.jwt");
    Files.writeString(file, "old");

    CommandRun run =
        server.run("deploy", "token", "42", "--audience", "a", "--file", file.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(Files.readString(file, StandardCharsets.US_ASCII)).isEqualTo("eyJh.eyJp.c2ln");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("expires 2026-11-23T10:05:00Z").doesNotContain("eyJh");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void token_fileInMissingDirectory_failsNamingIt() {
    server.on("POST", "/api/v1/deployments/42/token", json(200, ANSWER));
    Path file = dir.resolve("missing").resolve("aws.jwt");

    CommandRun run =
        server.run("deploy", "token", "42", "--audience", "a", "--file", file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("cannot write the token to " + file).doesNotContain("eyJh");
  }

  @Test
  void token_notTheJob_showsTheRefusal() {
    server.on(
        "POST",
        "/api/v1/deployments/42/token",
        error(403, "not_deployment_job", "only the job that requested deployment 42"));

    CommandRun run = server.run("deploy", "token", "42", "--audience", "a");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("(not_deployment_job, HTTP 403)");
  }

  @Test
  void token_withoutAudience_isAUsageError() {
    assertThat(server.run("deploy", "token", "42").exitCode()).isEqualTo(2);
    assertThat(server.requests()).isEmpty();
  }
}
