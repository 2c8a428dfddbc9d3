package io.gatehouse.cli;

import static io.gatehouse.cli.ScriptedServer.error;
import static io.gatehouse.cli.ScriptedServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SecretSetCommandTest {
  private static final String PATH = "/api/v1/projects/shop/environments/prod/secrets/DB_PASSWORD";
  private static final String ANSWER =
      "{\"name\":\"DB_PASSWORD\",\"updatedBy\":\"maint\",\"createdAt\":\"2026-11-22T10:00:00Z\","
          + "\"updatedAt\":\"2026-11-22T10:00:00Z\"}";

  private final ScriptedServer server = ScriptedServer.start();

  @AfterEach
  void stop() {
    server.close();
  }

  private CommandRun set(String stdin, String... extra) {
    return set(stdin.getBytes(StandardCharsets.UTF_8), extra);
  }

  private CommandRun set(byte[] stdin, String... extra) {
    String[] args = {
      "secret",
      "set",
      "--server",
      server.uri().toString(),
      "--token",
      ScriptedServer.TOKEN,
      "--project",
      "shop",
      "--env",
      "prod",
      "DB_PASSWORD"
    };
    String[] all = new String[args.length + extra.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(extra, 0, all, args.length, extra.length);
    return CommandRun.withStdin(stdin, all);
  }

  @Test
  void set_fromPipe_putsTheValueWithoutOneTrailingNewline() {
    server.on("PUT", PATH, json(201, ANSWER));

    CommandRun run = set("s3cret-value\n");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(server.lastRequest().method()).isEqualTo("PUT");
    assertThat(server.lastRequest().body()).isEqualTo("{\"value\":\"s3cret-value\"}");
    assertThat(server.lastRequest().header("Authorization"))
        .isEqualTo("Bearer " + ScriptedServer.TOKEN);
    assertThat(run.out()).isEqualTo("secret DB_PASSWORD set in shop/prod\n");
    assertThat(run.out() + run.err()).doesNotContain("s3cret-value");
  }

  @Test
  void set_lineEndings_onlyOneStripped() {
    server.on("PUT", PATH, json(200, ANSWER));

    set("a\r\n");
    assertThat(server.lastRequest().body()).isEqualTo("{\"value\":\"a\"}");
    set("a\n\n");
    assertThat(server.lastRequest().body()).isEqualTo("{\"value\":\"a\\n\"}");
    set("-----BEGIN-----\nline\n-----END-----");
    assertThat(server.lastRequest().body())
        .isEqualTo("{\"value\":\"-----BEGIN-----\\nline\\n-----END-----\"}");
  }

  @Test
  void set_keepNewline_sendsInputExactly() {
    server.on("PUT", PATH, json(200, ANSWER));

    CommandRun run = set("pem\n", "--keep-newline");

    assertThat(run.exitCode()).isZero();
    assertThat(server.lastRequest().body()).isEqualTo("{\"value\":\"pem\\n\"}");
  }

  @Test
  void set_48KiBAndANewline_accepted() {
    server.on("PUT", PATH, json(200, ANSWER));

    assertThat(set("x".repeat(48 * 1024) + "\n").exitCode()).isZero();
    assertThat(server.lastRequest().body()).hasSize(48 * 1024 + "{\"value\":\"\"}".length());
  }

  @Test
  void set_badInput_failsBeforeAnyRequest() {
    server.on("PUT", PATH, json(200, ANSWER));

    CommandRun empty = set("");
    assertThat(empty.exitCode()).isEqualTo(1);
    assertThat(empty.err()).contains("the value is empty");
    assertThat(set("\n").err()).contains("the value is empty");
    CommandRun large = set("y".repeat(48 * 1024 + 1));
    assertThat(large.exitCode()).isEqualTo(1);
    assertThat(large.err()).contains("larger than 49152 bytes").doesNotContain("yyyy");
    CommandRun binary = set(new byte[] {'a', (byte) 0xff, (byte) 0xfe});
    assertThat(binary.exitCode()).isEqualTo(1);
    assertThat(binary.err()).contains("standard input is not UTF-8 text");
    CommandRun nul = set("a\0b");
    assertThat(nul.exitCode()).isEqualTo(1);
    assertThat(nul.err()).contains("NUL");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void set_refused_showsTheServersMessage() {
    server.on(
        "PUT",
        PATH,
        error(409, "name_conflict", "the environment has a variable named DB_PASSWORD"));

    CommandRun run = set("pw");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains("the environment has a variable named DB_PASSWORD (name_conflict, HTTP 409)")
        .doesNotContain("pw\n");
  }

  @Test
  void set_segments_percentEncoded() {
    server.on(
        "PUT", "/api/v1/projects/my%20shop/environments/pr%2Fod/secrets/A", json(201, ANSWER));

    CommandRun run =
        CommandRun.withStdin(
            "v",
            "secret",
            "set",
            "--server",
            server.uri().toString(),
            "--project",
            "my shop",
            "--environment",
            "pr/od",
            "A");

    assertThat(run.exitCode()).as(run.toString()).isZero();
  }

  @Test
  void set_onATerminal_promptsWithoutEcho() {
    server.on("PUT", PATH, json(201, ANSWER));
    FakeTerminal terminal = new FakeTerminal("typed secret");
    CommandEnvironment environment =
        new CommandEnvironment(
            Map.of("GATEHOUSE_SERVER", server.uri().toString()),
            InputStream.nullInputStream(),
            terminal);
    StringWriter out = new StringWriter();
    CommandLine command = new CommandLine(new SecretSetCommand(environment, () -> true));
    command.setOut(new PrintWriter(out, true));
    command.setCaseInsensitiveEnumValuesAllowed(true);

    int code = command.execute("--project", "shop", "--env", "prod", "DB_PASSWORD");

    assertThat(code).isZero();
    assertThat(terminal.prompts()).containsExactly("Value of DB_PASSWORD (not shown): ");
    assertThat(server.lastRequest().body()).isEqualTo("{\"value\":\"typed secret\"}");
    assertThat(out.toString()).doesNotContain("typed secret");
  }

  @Test
  void stdinIsTerminal_testInput_false() {
    assertThat(
            SecretSetCommand.stdinIsTerminal(
                new CommandEnvironment(
                    Map.of(), InputStream.nullInputStream(), new FakeTerminal())))
        .isFalse();
  }
}
