package io.gatehouse.cli;

import static io.gatehouse.cli.ScriptedServer.chunks;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The command around the audit module's verifier. The verifier here is a stand-in that reports a
 * problem for every line containing "tampered", so these tests show what the command does with a
 * report: reading the file or the server's export, the anchor, the output and the exit code.
 */
class AuditVerifyCommandTest {
  private static final String LOG =
      "{\"chain\":\"0\",\"seq\":1}\n{\"chain\":\"0\",\"seq\":2}\n{\"chain\":\"1\",\"seq\":1}\n";

  private final ScriptedServer server = ScriptedServer.start();
  private final List<String> linesRead = new ArrayList<>();
  private final List<Optional<AuditChecker.Anchor>> anchorsGiven = new ArrayList<>();
  @TempDir Path dir;

  @AfterEach
  void stop() {
    server.close();
  }

  private final AuditChecker standIn =
      (lines, anchor) -> {
        anchorsGiven.add(anchor);
        List<AuditChecker.Problem> problems = new ArrayList<>();
        BufferedReader reader = new BufferedReader(lines);
        long number = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          number++;
          linesRead.add(line);
          if (line.contains("tampered")) {
            problems.add(new AuditChecker.Problem(number, "0", number, "hash does not match"));
          }
        }
        return new AuditChecker.Report(
            problems,
            Map.of("0", 2L, "1", 1L),
            List.of(new AuditChecker.Head("0", 2, "h02"), new AuditChecker.Head("1", 1, "h11")));
      };

  private CommandRun verify(String... args) {
    return new CommandRun(args);
  }

  /** Runs the command with the stand-in verifier, as Gatehouse.execute would run it. */
  private final class CommandRun {
    final int exitCode;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    CommandRun(String... args) {
      CommandEnvironment environment =
          new CommandEnvironment(
              Map.of("GATEHOUSE_SERVER", server.uri().toString(), "GATEHOUSE_TOKEN", "gth_x"),
              InputStream.nullInputStream(),
              new FakeTerminal());
      CommandLine line = new CommandLine(new AuditVerifyCommand(environment, standIn));
      line.setCaseInsensitiveEnumValuesAllowed(true);
      line.setOut(new PrintWriter(out, true));
      line.setErr(new PrintWriter(err, true));
      line.setExecutionExceptionHandler(new FailureHandler());
      exitCode = line.execute(args);
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n" + out + err;
    }
  }

  @Test
  void verify_intactFile_exits0AndSavesTheAnchor() throws IOException {
    Path file = Files.writeString(dir.resolve("audit.ndjson"), LOG);
    Path anchor = dir.resolve("anchor.json");

    CommandRun run = verify("--file", file.toString(), "--save-anchor", anchor.toString());

    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(linesRead).hasSize(3);
    assertThat(run.out.toString())
        .isEqualTo("CHAIN  ENTRIES\n0      2\n1      1\nintact: 3 entries in 2 chains\n");
    assertThat(Files.readString(anchor))
        .isEqualTo(
            "{\"chains\":[{\"chain\":\"0\",\"seq\":2,\"hash\":\"h02\"},"
                + "{\"chain\":\"1\",\"seq\":1,\"hash\":\"h11\"}]}\n");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void verify_tampered_printsEveryProblemAndExits1WithoutSavingAnAnchor() throws IOException {
    Path file = Files.writeString(dir.resolve("audit.ndjson"), "tampered\n{}\ntampered again\n");
    Path anchor = dir.resolve("anchor.json");

    CommandRun run = verify("--file", file.toString(), "--save-anchor", anchor.toString());

    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.out.toString())
        .contains("line 1, chain 0, seq 1: hash does not match\n")
        .contains("line 3, chain 0, seq 3: hash does not match\n")
        .endsWith("TAMPERED: 2 problems\n");
    assertThat(anchor).doesNotExist();
  }

  @Test
  void verify_fromServer_readsTheExportAndGivesTheAnchor() throws IOException {
    server.on("GET", "/api/v1/audit/export", chunks("application/x-ndjson", Duration.ZERO, LOG));
    Path anchor =
        Files.writeString(
            dir.resolve("anchor.json"),
            "{\"chains\":[{\"chain\":\"0\",\"seq\":1,\"hash\":\"h\"}]}");

    CommandRun run = verify("--anchor", anchor.toString(), "--output", "json");

    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(linesRead).hasSize(3);
    assertThat(server.lastRequest().header("Authorization")).isEqualTo("Bearer gth_x");
    assertThat(anchorsGiven)
        .containsExactly(
            Optional.of(new AuditChecker.Anchor(List.of(new AuditChecker.Head("0", 1, "h")))));
    assertThat(run.out.toString())
        .isEqualTo("{\"ok\":true,\"entriesPerChain\":{\"0\":2,\"1\":1},\"problems\":[]}\n");
  }

  @Test
  void verify_badAnchor_exits1NamingTheFile() throws IOException {
    Path anchor = Files.writeString(dir.resolve("anchor.json"), "{\"chains\":[{\"chain\":\"0\"}]}");

    CommandRun run = verify("--file", anchor.toString(), "--anchor", anchor.toString());

    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.err.toString()).contains("anchor " + anchor + ": each of \"chains\" needs");
  }

  @Test
  void verify_withoutTheAuditModulesVerifier_failsRatherThanPasses() throws IOException {
    Path file = Files.writeString(dir.resolve("audit.ndjson"), LOG);

    io.gatehouse.cli.CommandRun run =
        io.gatehouse.cli.CommandRun.run("audit", "verify", "--file", file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("cannot verify audit logs yet");
  }
}
