package io.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.deploy.access.ApiCalls;
import io.gatehouse.deploy.gate.DastTargetApp;
import io.gatehouse.deploy.server.ControlPlaneSettings;
import io.gatehouse.deploy.server.ServerFixture;
import io.gatehouse.testing.DatabaseKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A {@code dast} gate's {@code rulesFile} through a real {@code gatehouse apply} against a real
 * server: the command reads the rules file beside gatehouse.yaml and sends it, the server keeps it
 * with the environment, and the gate's scan of a real vulnerable application is judged under it.
 */
class DastGateApplyIT {
  private static final String SHA = "4f9c1e0b6d2a8e7f3c5b9a1d0e2f4a6b8c0d2e4f";
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  private final DastTargetApp app = DastTargetApp.vulnerable();
  private ServerFixture server;
  private ApiCalls api;
  @TempDir Path dir;

  private void start(DatabaseKind kind) {
    server =
        ServerFixture.start(
            ServerFixture.configFor(kind.create()),
            ControlPlaneSettings.defaults()
                .withTimings(Duration.ofMillis(200), Duration.ofSeconds(30)),
            List.of(),
            Clock.systemUTC());
    api = new ApiCalls(server);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    app.close();
  }

  private CommandRun apply(Path file) {
    return CommandRun.run(
        Map.of(
            "GATEHOUSE_SERVER", server.uri("/").toString(), "GATEHOUSE_TOKEN", server.adminToken()),
        new FakeTerminal(),
        "apply",
        "-f",
        file.toString());
  }

  private Path project(String rulesFile, String rules) throws IOException {
    Path project = Files.createDirectories(dir.resolve("shop"));
    Files.createDirectories(project.resolve(".gatehouse"));
    Files.writeString(project.resolve(".gatehouse/dast-rules.yaml"), rules, StandardCharsets.UTF_8);
    return Files.writeString(
        project.resolve("gatehouse.yaml"),
        """
        version: 1
        projects:
          - name: shop
            environments:
              - name: staging
                gates:
                  - name: dast
                    type: dast
                    delay: 0s
                    interval: 1s
                    timeout: 10m
                    parameters:
                      url: "%s"
                      maxDuration: 60s
                      rate: 100
                      maxPages: 20
                      rulesFile: %s
        """
            .formatted(app.url(), rulesFile),
        StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void apply_rulesFileSettingTheFindingToWarn_gatePasses(DatabaseKind kind) throws IOException {
    start(kind);
    Path file =
        project(
            ".gatehouse/dast-rules.yaml",
            """
            rules:
              - id: xss-reflected
                action: warn
                justification: search page retired in SHOP-12
            """);

    CommandRun applied = apply(file);

    assertThat(applied.exitCode()).as(applied.toString()).isZero();
    long id = deploy();
    JsonNode approved = await(id, d -> d.path("state").asText().equals("approved"));
    JsonNode dast = approved.path("dast").get(0);
    assertThat(dast.path("result").asText()).isEqualTo("pass");
    JsonNode finding = dast.path("findings").get(0);
    assertThat(finding.path("ruleId").asText()).isEqualTo("xss-reflected");
    assertThat(finding.path("status").asText()).isEqualTo("warn");
    assertThat(finding.path("justification").asText()).isEqualTo("search page retired in SHOP-12");
    assertThat(dast.path("summary").path("warnings").asLong()).isPositive();
  }

  @Test
  void apply_rulesFileWithUnknownRule_failsNamingFileAndLine() throws IOException {
    start(DatabaseKind.H2);
    Path file =
        project(
            ".gatehouse/dast-rules.yaml",
            """
            rules:
              - id: xss-reflected
                action: warn
              - id: no-such-rule
                action: ignore
            """);

    CommandRun applied = apply(file);

    assertThat(applied.exitCode()).as(applied.toString()).isEqualTo(1);
    assertThat(applied.err())
        .contains(
            "gates[0].parameters.rulesFile",
            "rules file .gatehouse/dast-rules.yaml: line 4, rules[1].id",
            "no-such-rule");
  }

  @Test
  void apply_rulesFileOutsideTheProject_refusedBeforeSending() throws IOException {
    start(DatabaseKind.H2);
    Files.writeString(dir.resolve("outside.yaml"), "rules: []\n", StandardCharsets.UTF_8);
    Path file = project("../outside.yaml", "rules: []\n");

    CommandRun applied = apply(file);

    assertThat(applied.exitCode()).as(applied.toString()).isNotZero();
    assertThat(applied.err()).contains("../outside.yaml", "'..'");
    assertThat(api.get(server.adminToken(), "/api/v1/projects/shop/environments/staging").status())
        .isEqualTo(404);
  }

  @Test
  void apply_rulesFileThroughALinkLeadingOut_refused() throws IOException {
    start(DatabaseKind.H2);
    Path outside = Files.writeString(dir.resolve("secret.yaml"), "rules: []\n");
    Path file = project("linked.yaml", "rules: []\n");
    Files.createSymbolicLink(file.resolveSibling("linked.yaml"), outside);

    CommandRun applied = apply(file);

    assertThat(applied.exitCode()).as(applied.toString()).isNotZero();
    assertThat(applied.err()).contains("linked.yaml", "inside");
  }

  @Test
  void apply_rulesFileMissing_failsNamingIt() throws IOException {
    start(DatabaseKind.H2);
    Path file = project("missing.yaml", "rules: []\n");

    CommandRun applied = apply(file);

    assertThat(applied.exitCode()).as(applied.toString()).isNotZero();
    assertThat(applied.err()).contains("missing.yaml", "no such file");
  }

  private long deploy() {
    ApiCalls.Answer created =
        api.post(
            server.adminToken(),
            "/api/v1/deployments",
            ApiCalls.json(
                "project",
                "shop",
                "environment",
                "staging",
                "ref",
                "refs/heads/main",
                "sha",
                SHA,
                "images",
                List.of(),
                "description",
                "",
                "payload",
                Map.of()));
    assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
    return created.body().path("id").asLong();
  }

  private JsonNode await(long id, Predicate<JsonNode> condition) {
    return api.awaitDeployment(server.adminToken(), id, condition, PATIENCE);
  }
}
