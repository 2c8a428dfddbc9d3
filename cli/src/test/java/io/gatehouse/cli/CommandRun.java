package io.gatehouse.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Runs {@code gatehouse} in-process with a given environment and keeps what it printed. */
final class CommandRun {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final int exitCode;

  private CommandRun(CommandEnvironment environment, String... args) {
    exitCode =
        Gatehouse.execute(
            args, new PrintWriter(out, true), new PrintWriter(err, true), environment);
  }

  static CommandRun run(String... args) {
    return run(Map.of(), new FakeTerminal(), args);
  }

  static CommandRun run(Map<String, String> variables, Terminal terminal, String... args) {
    return new CommandRun(
        new CommandEnvironment(variables, InputStream.nullInputStream(), terminal), args);
  }

  static CommandRun withStdin(String stdin, String... args) {
    return withStdin(stdin.getBytes(StandardCharsets.UTF_8), args);
  }

  static CommandRun withStdin(byte[] stdin, String... args) {
    return new CommandRun(
        new CommandEnvironment(Map.of(), new ByteArrayInputStream(stdin), new FakeTerminal()),
        args);
  }

  int exitCode() {
    return exitCode;
  }

  String out() {
    return out.toString();
  }

  String err() {
    return err.toString();
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
  }
}
