package io.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.deploy.server.ServerFixture;
import io.gatehouse.testing.DatabaseKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client commands against a real server: a team applies its gatehouse.yaml, a CI job asks for a
 * production deployment and waits, two reviewers from different teams approve, the job reports
 * success, and an admin exports and verifies the audit trail.
 */
class ClientCommandsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SHA = "4f9c1e0b6d2a8e7f3c5b9a1d0e2f4a6b8c0d2e4f";
  private static final String DOCUMENT =
      """
      version: 1
      users: [{name: dev}, {name: sec}, {name: ops}]
      teams:
        - {name: security, members: [sec]}
        - {name: operations, members: [ops]}
      projects:
        - name: shop
          deployers: {users: [dev]}
          environments:
            - name: staging
              deploymentRefs: {branches: [main]}
            - name: prod
              deploymentRefs: {branches: [main], tags: ["v*"]}
              reviewers:
                - {team: security, minimum: 1}
                - {team: operations, minimum: 1}
      """;

  private static ServerFixture server;
  @TempDir static Path dir;

  @BeforeAll
  static void start() throws Exception {
    server = ServerFixture.start(DatabaseKind.H2.create());
    Files.writeString(dir.resolve("gatehouse.yaml"), DOCUMENT, StandardCharsets.UTF_8);
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
  void lifecycle_applyDeployWaitReviewReport_endsInSuccess() throws Exception {
    String admin = server.adminToken();
    String file = dir.resolve("gatehouse.yaml").toString();
    CommandRun preview = as(admin, "apply", "-f", file, "--dry-run");
    assertThat(preview.exitCode()).as(preview.toString()).isZero();
    assertThat(preview.out()).contains("create");
    assertThat(as(admin, "apply", "-f", file).exitCode()).isZero();
    CommandRun again = as(admin, "apply", "-f", file);
    assertThat(again.out()).contains("unchanged").doesNotContain("create");
    String dev = token("dev");
    String sec = token("sec");
    String ops = token("ops");

    CommandRun environments = as(dev, "env", "list", "--project", "shop");
    assertThat(environments.out()).contains("prod", "staging");
    assertThat(as(dev, "env", "show", "--project", "shop", "prod").out())
        .contains("security", "operations");

    CommandRun refused =
        as(
            dev,
            "deploy",
            "create",
            "--project",
            "shop",
            "--environment",
            "prod",
            "--branch",
            "feature/x",
            "--sha",
            SHA);
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
    assertThat(refused.err()).contains("refs/heads/feature/x");

    JsonNode created =
        json(
            as(
                dev,
                "deploy",
                "create",
                "--project",
                "shop",
                "--environment",
                "prod",
                "--branch",
                "main",
                "--sha",
                SHA,
                "--image",
                "registry.example.com/shop/web:1.4.2",
                "--output",
                "json"));
    assertThat(created.path("state").asText()).isEqualTo("waiting");
    String id = created.path("id").asText();

    CompletableFuture<CommandRun> waiting =
        CompletableFuture.supplyAsync(() -> as(dev, "deploy", "wait", id, "--timeout", "60s"));
    CommandRun selfReview = as(dev, "review", "approve", id);
    assertThat(selfReview.exitCode()).as(selfReview.toString()).isEqualTo(1);
    assertThat(as(sec, "review", "reject", id).exitCode()).isEqualTo(2);
    assertThat(as(sec, "review", "approve", id, "--comment", "scan clean").exitCode()).isZero();
    assertThat(waiting).isNotDone();
    assertThat(as(ops, "review", "approve", id, "--comment", "capacity ok").exitCode()).isZero();

    CommandRun waited = waiting.get(30, TimeUnit.SECONDS);
    assertThat(waited.exitCode()).as(waited.toString()).isZero();
    assertThat(waited.out()).contains("approved");

    assertThat(
            as(
                    dev,
                    "deploy",
                    "report",
                    id,
                    "--state",
                    "in_progress",
                    "--log-url",
                    "https://ci.example.com/run/1")
                .exitCode())
        .isZero();
    assertThat(as(dev, "deploy", "report", id, "--state", "success").exitCode()).isZero();
    assertThat(json(as(dev, "deploy", "status", id, "--output", "json")).path("state").asText())
        .isEqualTo("success");
    assertThat(as(dev, "deploy", "list", "--project", "shop").out()).contains(id, "success");
  }

  @Test
  void audit_exportVerifyTamper_namesTheEntry() throws Exception {
    String admin = server.adminToken();
    for (int i = 0; i < 3; i++) {
      assertThat(as(admin, "token", "create", "--name", "audited-" + i).exitCode()).isZero();
    }
    Path export = dir.resolve("audit.ndjson");
    Path anchor = dir.resolve("anchor.json");
    assertThat(as(admin, "audit", "export", "-o", export.toString()).exitCode()).isZero();

    CommandRun intact =
        as(
            admin,
            "audit",
            "verify",
            "--file",
            export.toString(),
            "--save-anchor",
            anchor.toString());
    assertThat(intact.exitCode()).as(intact.toString()).isZero();
    assertThat(intact.out()).contains("intact");
    assertThat(anchor).exists();
    CommandRun live = as(admin, "audit", "verify", "--anchor", anchor.toString());
    assertThat(live.exitCode()).as(live.toString()).isZero();

    List<String> lines = Files.readAllLines(export, StandardCharsets.UTF_8);
    Path edited = dir.resolve("edited.ndjson");
    Files.write(
        edited,
        lines.stream()
            .map(line -> line.replace("\"action\":\"token.create\"", "\"action\":\"token.revoke\""))
            .toList(),
        StandardCharsets.UTF_8);
    CommandRun tampered = as(admin, "audit", "verify", "--file", edited.toString());
    assertThat(tampered.exitCode()).as(tampered.toString()).isEqualTo(1);
    assertThat(tampered.out()).contains("hash_mismatch", "TAMPERED");

    Path cut = dir.resolve("cut.ndjson");
    Files.write(cut, lines.subList(0, lines.size() - 1), StandardCharsets.UTF_8);
    CommandRun truncated =
        as(admin, "audit", "verify", "--file", cut.toString(), "--anchor", anchor.toString());
    assertThat(truncated.exitCode()).as(truncated.toString()).isEqualTo(1);
  }

  @Test
  void token_revoked_isRefusedAtOnce() throws Exception {
    JsonNode created =
        json(
            as(
                server.adminToken(),
                "token",
                "create",
                "--name",
                "short-lived",
                "--output",
                "json"));
    String token = created.path("token").asText();
    assertThat(as(token, "token", "list").out()).contains("short-lived");

    assertThat(as(token, "token", "revoke", created.path("id").asText()).exitCode()).isZero();

    CommandRun refused = as(token, "token", "list");
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).contains("token was refused").doesNotContain(token);
  }
}
