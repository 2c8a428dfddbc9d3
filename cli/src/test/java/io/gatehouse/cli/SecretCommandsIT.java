package io.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.deploy.server.ServerFixture;
import io.gatehouse.testing.DatabaseKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The secret, var, keys and deploy secrets commands against a real server: a maintainer sets a
 * secret from a pipe and a variable, a CI job requests a deployment and loads the environment into
 * a real shell, another token is refused, and an admin rotates the master key.
 */
class SecretCommandsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SHA = "4f9c1e0b6d2a8e7f3c5b9a1d0e2f4a6b8c0d2e4f";
  private static final String SECRET = "p'w $(touch pwned) `id` \"q\"";
  private static final String DOCUMENT =
      """
      version: 1
      users: [{name: maint}, {name: dev}]
      projects:
        - name: shop
          maintainers: {users: [maint]}
          deployers: {users: [dev]}
          environments:
            - name: dev
      """;

  private static ServerFixture server;
  @TempDir static Path dir;

  @BeforeAll
  static void start() throws Exception {
    server = ServerFixture.start(DatabaseKind.H2.create());
    Path file = dir.resolve("gatehouse.yaml");
    Files.writeString(file, DOCUMENT, StandardCharsets.UTF_8);
    assertThat(as(server.adminToken(), "apply", "-f", file.toString()).exitCode()).isZero();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static CommandRun as(String token, String... args) {
    return CommandRun.run(
        Map.of("GATEHOUSE_SERVER", server.uri("/").toString(), "GATEHOUSE_TOKEN", token),
        new FakeTerminal(),
        args);
  }

  private static CommandRun piped(String token, String stdin, String... args) {
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--server";
    all[args.length + 1] = server.uri("/").toString();
    all[args.length + 2] = "--token";
    all[args.length + 3] = token;
    return CommandRun.withStdin(stdin, all);
  }

  private static JsonNode json(CommandRun run) throws Exception {
    assertThat(run.exitCode()).as(run.toString()).isZero();
    return JSON.readTree(run.out());
  }

  private static String token(String user) throws Exception {
    return json(as(
            server.adminToken(),
            "token",
            "create",
            "--name",
            "ci",
            "--user",
            user,
            "--output",
            "json"))
        .path("token")
        .asText();
  }

  @Test
  void secrets_setByMaintainer_loadedByTheJobIntoAShell() throws Exception {
    String maint = token("maint");
    String job = token("dev");
    CommandRun set =
        piped(maint, SECRET + "\n", "secret", "set", "--project", "shop", "--env", "dev", "DB_PW");
    assertThat(set.exitCode()).as(set.toString()).isZero();
    assertThat(
            as(maint, "var", "set", "--project", "shop", "--env", "dev", "REGION", "westeurope")
                .exitCode())
        .isZero();
    CommandRun listed = as(maint, "secret", "list", "--project", "shop", "--env", "dev");
    assertThat(listed.out()).contains("DB_PW", "maint").doesNotContain("touch");
    assertThat(as(maint, "var", "get", "--project", "shop", "--env", "dev", "REGION").out())
        .isEqualTo("westeurope\n");
    long id =
        json(as(
                job,
                "deploy",
                "create",
                "--project",
                "shop",
                "--environment",
                "dev",
                "--branch",
                "main",
                "--sha",
                SHA,
                "--output",
                "json"))
            .path("id")
            .asLong();

    CommandRun loaded = as(job, "deploy", "secrets", Long.toString(id));

    assertThat(loaded.exitCode()).as(loaded.toString()).isZero();
    Path script = dir.resolve("env.sh");
    Files.writeString(script, loaded.out(), StandardCharsets.UTF_8);
    assertThat(shell(". '" + script + "'; printf '%s|%s' \"$DB_PW\" \"$REGION\""))
        .isEqualTo(SECRET + "|westeurope");
    assertThat(dir.resolve("pwned")).doesNotExist();
    CommandRun otherToken = as(token("dev"), "deploy", "secrets", Long.toString(id));
    assertThat(otherToken.exitCode()).isEqualTo(1);
    assertThat(otherToken.err()).contains("not_deployment_job");
    assertThat(otherToken.out()).isEmpty();

    CommandRun rotated = as(server.adminToken(), "keys", "rotate-master");
    assertThat(rotated.exitCode()).as(rotated.toString()).isZero();
    assertThat(rotated.out()).startsWith("re-wrapped 0 values under master key ");
    assertThat(as(maint, "keys", "rotate-master").err()).contains("forbidden");
    assertThat(
            as(maint, "secret", "delete", "--project", "shop", "--env", "dev", "DB_PW").exitCode())
        .isZero();
    assertThat(as(job, "deploy", "secrets", Long.toString(id), "--format", "json").out())
        .isEqualTo("{\"secrets\":{},\"variables\":{\"REGION\":\"westeurope\"}}\n");
  }

  private static String shell(String command) throws Exception {
    Process process =
        new ProcessBuilder("/usr/bin/dash", "-c", command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    byte[] out = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    return new String(out, StandardCharsets.UTF_8);
  }
}
