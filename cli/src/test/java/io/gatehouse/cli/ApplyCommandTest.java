package io.gatehouse.cli;

import static io.gatehouse.cli.ScriptedServer.error;
import static io.gatehouse.cli.ScriptedServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplyCommandTest {
  private static final String TOKEN = "gth_secretsecretsecret";
  private static final String PLAN =
      "{\"dryRun\":false,\"changes\":["
          + "{\"kind\":\"team\",\"name\":\"security\",\"action\":\"create\"},"
          + "{\"kind\":\"environment\",\"name\":\"shop/prod\",\"action\":\"update\"},"
          + "{\"kind\":\"project\",\"name\":\"shop\",\"action\":\"unchanged\"}]}";

  private final ScriptedServer server = ScriptedServer.start();
  @TempDir Path dir;

  @AfterEach
  void stop() {
    server.close();
  }

  private Path file(String content) throws IOException {
    return Files.writeString(dir.resolve("gatehouse.yaml"), content);
  }

  private CommandRun apply(Map<String, String> extra, String... args) {
    Map<String, String> variables = new HashMap<>(extra);
    variables.put("GATEHOUSE_SERVER", server.uri().toString());
    variables.put("GATEHOUSE_TOKEN", TOKEN);
    return CommandRun.run(variables, new FakeTerminal(), args);
  }

  private static JsonNode body(ScriptedServer.Request request) throws IOException {
    return new ObjectMapper().readTree(request.body());
  }

  @Test
  void apply_file_postsDocumentWithTokenAndPrintsPlanTable() throws IOException {
    server.on("POST", "/api/v1/apply", json(200, PLAN));
    Path file = file("version: 1\nteams: []\n");

    CommandRun run = apply(Map.of(), "apply", "-f", file.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    ScriptedServer.Request request = server.lastRequest();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.header("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(request.header("Content-Type")).isEqualTo("application/json");
    assertThat(body(request).path("document").asText()).isEqualTo("version: 1\nteams: []\n");
    assertThat(body(request).path("dryRun").asBoolean(true)).isFalse();
    assertThat(run.out())
        .isEqualTo(
            """
            KIND         NAME       ACTION
            team         security   create
            environment  shop/prod  update
            project      shop       unchanged

            applied: 1 create, 1 unchanged, 1 update
            """);
    assertThat(run.out() + run.err()).doesNotContain(TOKEN);
  }

  @Test
  void apply_dryRun_sendsDryRunAndSaysNothingChanged() throws IOException {
    server.on("POST", "/api/v1/apply", json(200, "{\"dryRun\":true,\"changes\":[]}"));

    CommandRun run = apply(Map.of(), "apply", "--dry-run", "-f", file("version: 1\n").toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(body(server.lastRequest()).path("dryRun").asBoolean()).isTrue();
    assertThat(run.out()).isEqualTo("dry run, nothing changed: no objects\n");
  }

  @Test
  void apply_jsonOutput_printsTheServersDocument() throws IOException {
    server.on("POST", "/api/v1/apply", json(200, PLAN));

    CommandRun run = apply(Map.of(), "apply", "-f", file("x: 1\n").toString(), "--output", "json");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).isEqualTo(PLAN + "\n");
  }

  @Test
  void apply_variables_areSubstitutedAndEscapesKept() throws IOException {
    server.on("POST", "/api/v1/apply", json(200, PLAN));
    Path file = file("url: ${HOOK_URL}/x\nliteral: $${HOOK_URL}\nprice: $5 $$ ${A}${A}\n");

    CommandRun run =
        apply(
            Map.of("HOOK_URL", "https://hooks.example.com", "A", ""),
            "apply",
            "-f",
            file.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(body(server.lastRequest()).path("document").asText())
        .isEqualTo("url: https://hooks.example.com/x\nliteral: ${HOOK_URL}\nprice: $5 $$ \n");
  }

  @Test
  void apply_unsetVariable_namesItAndTheLineAndSendsNothing() throws IOException {
    Path file = file("version: 1\n\nwebhooks:\n  - url: ${WEBHOOK_URL}\n");

    CommandRun run = apply(Map.of(), "apply", "-f", file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "gatehouse apply: " + file + ":4: environment variable WEBHOOK_URL is not set\n");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void apply_malformedReference_isAnErrorWithTheLine() throws IOException {
    Path file = file("a: ${not-a-name}\n");
    Path unclosed = Files.writeString(dir.resolve("b.yaml"), "a: 1\nb: ${OPEN\n");

    CommandRun bad = apply(Map.of(), "apply", "-f", file.toString());
    CommandRun open = apply(Map.of(), "apply", "-f", unclosed.toString());

    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.err()).contains(file + ":1: '${not-a-name}' is not a variable reference");
    assertThat(open.exitCode()).isEqualTo(1);
    assertThat(open.err()).contains(unclosed + ":2: '${OPEN' is not a variable reference");
  }

  @Test
  void apply_fileOver1MiB_isRefusedBeforeSending() throws IOException {
    Path file = file("#".repeat(ApplyCommand.MAX_BYTES + 1));

    CommandRun run = apply(Map.of(), "apply", "-f", file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("is larger than 1 MiB");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void apply_missingFile_saysSo() {
    CommandRun run = apply(Map.of(), "apply", "-f", dir.resolve("nope.yaml").toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("nope.yaml: no such file");
  }

  @Test
  void apply_stdin_readsTheDocument() {
    server.on("POST", "/api/v1/apply", json(200, PLAN));

    CommandRun run =
        CommandRun.withStdin(
            "teams: []\n", "apply", "-f", "-", "--server", server.uri().toString(), "--token", "t");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(server.lastRequest().header("Authorization")).isEqualTo("Bearer t");
  }

  @Test
  void apply_serverDown_saysItCannotReachIt() throws IOException {
    String down = ScriptedServer.nothingListening().toString();

    CommandRun run =
        CommandRun.run(
            Map.of("GATEHOUSE_SERVER", down, "GATEHOUSE_TOKEN", TOKEN),
            new FakeTerminal(),
            "apply",
            "-f",
            file("a: 1\n").toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "gatehouse apply: cannot reach the Gatehouse server at "
                + down
                + " (is it running?)\n");
  }

  @Test
  void apply_401_asksForAToken() throws IOException {
    server.on("POST", "/api/v1/apply", error(401, "unauthenticated", "no"));

    CommandRun run = apply(Map.of(), "apply", "-f", file("a: 1\n").toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "gatehouse apply: the token was refused (missing, expired or revoked): set --token or"
                + " GATEHOUSE_TOKEN\n");
  }

  @Test
  void apply_invalidDocument_showsTheServersMessage() throws IOException {
    server.on(
        "POST",
        "/api/v1/apply",
        error(400, "invalid_request", "gatehouse.yaml: environments.prod.waitMinutes: too large"));

    CommandRun run = apply(Map.of(), "apply", "-f", file("a: 1\n").toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "gatehouse apply: gatehouse.yaml: environments.prod.waitMinutes: too large"
                + " (invalid_request, HTTP 400)\n");
  }

  @Test
  void apply_malformedJsonAnswer_saysSo() throws IOException {
    server.on("POST", "/api/v1/apply", json(200, "<html>proxy</html>"));

    CommandRun run = apply(Map.of(), "apply", "-f", file("a: 1\n").toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("answered with malformed JSON").doesNotContain("Exception");
  }

  @Test
  void apply_errorWithoutErrorBody_namesTheStatus() throws IOException {
    server.on("POST", "/api/v1/apply", json(502, "Bad Gateway"));

    CommandRun run = apply(Map.of(), "apply", "-f", file("a: 1\n").toString());

    assertThat(run.err()).contains("the server answered HTTP 502 without an error message");
  }

  @Test
  void apply_withoutFile_isAUsageError() {
    CommandRun run = apply(Map.of(), "apply");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Missing required option: '--file=FILE'");
  }

  @Test
  void help_explainsVariablesAndExitCodes() {
    CommandRun run = CommandRun.run("apply", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out().replaceAll("\\s+", " "))
        .contains("${NAME} in the file is replaced")
        .contains("literal ${ is written with a second dollar sign")
        .contains("Exit codes:")
        .contains("gatehouse apply -f gatehouse.yaml --dry-run");
    assertThat(List.of(run.out().split("\n"))).anyMatch(l -> l.contains("GATEHOUSE_TOKEN"));
  }

  @Test
  void apply_dastGateNamingARulesFile_sendsItsContentBesideTheDocument() throws IOException {
    server.on("POST", "/api/v1/apply", json(200, PLAN));
    Files.createDirectories(dir.resolve(".gatehouse"));
    Files.writeString(dir.resolve(".gatehouse/dast.yaml"), "rules: []\n");
    Path file =
        file(
            """
            version: 1
            projects:
              - name: p
                environments:
                  - name: e
                    gates:
                      - {name: d, type: dast, parameters: {mode: report, rulesFile: .gatehouse/dast.yaml}}
            """);

    CommandRun run = apply(Map.of(), "apply", "-f", file.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    JsonNode files = body(server.lastRequest()).path("files");
    assertThat(files.path(".gatehouse/dast.yaml").asText()).isEqualTo("rules: []\n");
    assertThat(files.size()).isEqualTo(1);
  }

  @Test
  void apply_rulesFileTooLarge_refusedBeforeSending() throws IOException {
    Files.writeString(dir.resolve("big.yaml"), "rules: []\n" + "#".repeat(70_000));
    Path file =
        file(
            """
            version: 1
            projects:
              - name: p
                environments:
                  - name: e
                    gates:
                      - {name: d, type: dast, parameters: {mode: report, rulesFile: big.yaml}}
            """);

    CommandRun run = apply(Map.of(), "apply", "-f", file.toString());

    assertThat(run.exitCode()).as(run.toString()).isNotZero();
    assertThat(run.err()).contains("big.yaml", "larger than");
    assertThat(server.requests()).isEmpty();
  }
}
