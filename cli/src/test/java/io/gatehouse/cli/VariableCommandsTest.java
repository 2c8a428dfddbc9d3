package io.gatehouse.cli;

import static io.gatehouse.cli.ScriptedServer.error;
import static io.gatehouse.cli.ScriptedServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VariableCommandsTest {
  private static final String BASE = "/api/v1/projects/shop/environments/prod/variables";
  private static final String REGION =
      "{\"name\":\"REGION\",\"value\":\"westeurope\",\"updatedBy\":\"maint\","
          + "\"createdAt\":\"2026-11-22T10:00:00Z\",\"updatedAt\":\"2026-11-22T11:00:00Z\"}";

  private final ScriptedServer server = ScriptedServer.start();
  @TempDir Path dir;

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void set_value_putsIt() {
    server.on("PUT", BASE + "/REGION", json(201, REGION));

    CommandRun run =
        server.run("var", "set", "--project", "shop", "--env", "prod", "REGION", "westeurope");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(server.lastRequest().body()).isEqualTo("{\"value\":\"westeurope\"}");
    assertThat(run.out()).isEqualTo("variable REGION set in shop/prod\n");
  }

  @Test
  void set_fromFile_keepsTheContentExactly() throws Exception {
    server.on("PUT", BASE + "/CONFIG", json(201, REGION));
    Path file = dir.resolve("config.json");
    Files.writeString(file, "{\"a\": 1}\n", StandardCharsets.UTF_8);

    CommandRun run =
        server.run(
            "var",
            "set",
            "--project",
            "shop",
            "--env",
            "prod",
            "CONFIG",
            "--from-file",
            file.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(server.lastRequest().body()).isEqualTo("{\"value\":\"{\\\"a\\\": 1}\\n\"}");
  }

  @Test
  void set_valueAndFileOrNeither_usageError() {
    assertThat(
            server
                .run("var", "set", "--project", "p", "--env", "e", "A", "v", "--from-file", "f")
                .exitCode())
        .isEqualTo(2);
    assertThat(server.run("var", "set", "--project", "p", "--env", "e", "A").exitCode())
        .isEqualTo(2);
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void set_badFile_failsClearly() throws Exception {
    CommandRun missing =
        server.run(
            "var",
            "set",
            "--project",
            "p",
            "--env",
            "e",
            "A",
            "--from-file",
            dir.resolve("nope").toString());
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).contains("no such file");
    Path big = dir.resolve("big");
    Files.write(big, new byte[48 * 1024 + 1]);
    CommandRun tooBig =
        server.run(
            "var", "set", "--project", "p", "--env", "e", "A", "--from-file", big.toString());
    assertThat(tooBig.exitCode()).isEqualTo(1);
    assertThat(tooBig.err()).contains("larger than 49152 bytes");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void get_text_printsTheValueOnly() {
    server.on("GET", BASE + "/REGION", json(200, REGION));

    CommandRun text = server.run("var", "get", "--project", "shop", "--env", "prod", "REGION");
    CommandRun asJson =
        server.run(
            "var", "get", "--project", "shop", "--env", "prod", "REGION", "--output", "json");

    assertThat(text.out()).isEqualTo("westeurope\n");
    assertThat(asJson.out()).isEqualTo(REGION + "\n");
  }

  @Test
  void get_missing_showsNotFound() {
    server.on("GET", BASE + "/NOPE", error(404, "not_found", "no variable named NOPE"));

    CommandRun run = server.run("var", "get", "--project", "shop", "--env", "prod", "NOPE");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("no variable named NOPE (not_found, HTTP 404)");
  }

  @Test
  void list_table_firstLineOfEachValue() {
    server.on(
        "GET",
        BASE,
        json(
            200,
            "{\"project\":\"shop\",\"environment\":\"prod\",\"variables\":["
                + REGION
                + ",{\"name\":\"CONFIG\",\"value\":\"line1\\nline2\",\"updatedBy\":\"maint\","
                + "\"createdAt\":\"2026-11-22T10:00:00Z\",\"updatedAt\":\"2026-11-22T10:00:00Z\"}]}"));

    CommandRun run = server.run("var", "list", "--project", "shop", "--env", "prod");

    assertThat(run.out())
        .isEqualTo(
            """
            NAME    VALUE       UPDATED BY  UPDATED
            REGION  westeurope  maint       2026-11-22T11:00:00Z
            CONFIG  line1…      maint       2026-11-22T10:00:00Z
            """);
  }

  @Test
  void list_empty_saysSo() {
    server.on("GET", BASE, json(200, "{\"variables\":[]}"));

    assertThat(server.run("var", "list", "--project", "shop", "--env", "prod").out())
        .isEqualTo("no variables\n");
  }

  @Test
  void shown_longOrControlCharacters_cutAndReplaced() {
    assertThat(VariableListCommand.shown("")).isEqualTo("\"\"");
    assertThat(VariableListCommand.shown("a\u001b[31mb")).isEqualTo("a?[31mb");
    assertThat(VariableListCommand.shown("x".repeat(61))).isEqualTo("x".repeat(60) + "…");
  }

  @Test
  void delete_variable_deletes() {
    server.on("DELETE", BASE + "/REGION", json(204, ""));

    CommandRun run = server.run("var", "delete", "--project", "shop", "--env", "prod", "REGION");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).isEqualTo("variable REGION deleted from shop/prod\n");
  }
}
