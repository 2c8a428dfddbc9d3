package io.gatehouse.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The packaged {@code gatehouse.jar} run as its own process, as an operator runs it. */
final class GatehouseProcess implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("listening on (http://[^\\s\"]+)");

  private final Process process;
  private final Path out;
  private final Path err;

  private GatehouseProcess(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
  }

  static GatehouseProcess start(Map<String, String> environment, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar().toString());
    command.addAll(List.of(args));
    // Output goes to files: reading a process's pipes races with the JDK closing them at exit.
    try {
      Path out = Files.createTempFile("gatehouse-out-", ".log");
      Path err = Files.createTempFile("gatehouse-err-", ".log");
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
      builder.environment().remove("GATEHOUSE_LOG_FORMAT");
      builder.environment().putAll(environment);
      return new GatehouseProcess(builder.start(), out, err);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    }
  }

  static Path jar() {
    String jar = System.getProperty("gatehouse.jar");
    if (jar == null) {
      throw new IllegalStateException("system property gatehouse.jar is not set (see cli/pom.xml)");
    }
    return Path.of(jar);
  }

  /** Waits for the startup line and returns the URL it names. */
  URI awaitListening(Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      for (String line : stdout()) {
        Matcher matcher = LISTENING.matcher(line);
        if (matcher.find()) {
          return URI.create(matcher.group(1));
        }
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "gatehouse exited with "
                + process.exitValue()
                + "; stderr: "
                + err
                + " stdout: "
                + out);
      }
      pause();
    }
    throw new IllegalStateException("no 'listening on' line within " + timeout + ": " + stdout());
  }

  /** Sends SIGKILL: the process gets no chance to clean up. */
  void kill() {
    process.destroyForcibly();
  }

  /** Sends SIGTERM. */
  void terminate() {
    process.destroy();
  }

  /** Sends SIGINT, as Ctrl-C in a terminal does, with the system's {@code kill}. */
  void interrupt() {
    try {
      Process kill =
          new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -INT " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run kill", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending SIGINT", e);
    }
  }

  /** Waits for the process to end and returns its exit code, if it ended in time. */
  Optional<Integer> awaitExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
          ? Optional.of(process.exitValue())
          : Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  List<String> stdout() {
    return lines(out);
  }

  List<String> stderr() {
    return lines(err);
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
