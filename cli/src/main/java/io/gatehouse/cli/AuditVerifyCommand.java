package io.gatehouse.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.deploy.audit.AuditVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gatehouse audit verify}: checks the audit log's hash chains. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    versionProvider = Gatehouse.Version.class,
    description = {
      "Verifies the hash chains of a complete audit log export: every entry's hash, its link to"
          + " the previous entry, and gapless sequence numbers from 1. Reads --file, or the whole"
          + " export from the server (admin token) when no file is given. Prints every problem"
          + " with its line, chain and sequence number.",
      "",
      "An anchor (the chain heads of an earlier verification, saved with --save-anchor and kept"
          + " somewhere the server cannot write) also proves that nothing up to those heads was"
          + " rewritten or cut off since."
    },
    footer = {
      "",
      "Examples:",
      "  gatehouse audit verify --save-anchor anchor-2026-11-22.json",
      "  gatehouse audit verify --file audit.ndjson --anchor anchor-2026-11-22.json",
      "",
      "Exit codes: 0 intact, 1 tampering found (or the log could not be read), 2 bad command line."
    })
final class AuditVerifyCommand extends ClientCommand {
  @Option(names = "--file", paramLabel = "FILE", description = "An export to verify.")
  Path file;

  @Option(
      names = "--anchor",
      paramLabel = "FILE",
      description = "Heads saved earlier to check against.")
  Path anchor;

  @Option(
      names = "--save-anchor",
      paramLabel = "FILE",
      description = "When intact, save the chain heads here for later verifications.")
  Path saveAnchor;

  AuditVerifyCommand(CommandEnvironment environment) {
    super(environment);
  }

  @Override
  public Integer call() throws IOException {
    AuditVerifier.Report report;
    try (Reader lines = open()) {
      if (anchor == null) {
        report = AuditVerifier.verify(lines);
      } else {
        try (Reader heads = Files.newBufferedReader(anchor, StandardCharsets.UTF_8)) {
          report = AuditVerifier.verify(lines, heads);
        }
      }
    }
    if (server.json()) {
      out().println(json(report));
    } else {
      text(report);
    }
    if (report.ok() && saveAnchor != null) {
      Files.writeString(saveAnchor, report.anchorJson() + "\n", StandardCharsets.UTF_8);
    }
    out().flush();
    return report.ok() ? 0 : 1;
  }

  private Reader open() throws IOException {
    InputStream in =
        file != null
            ? Files.newInputStream(file)
            : client().stream("/audit/export", Map.of("Accept", "application/x-ndjson")).body();
    return new InputStreamReader(in, StandardCharsets.UTF_8);
  }

  private void text(AuditVerifier.Report report) {
    for (AuditVerifier.Problem problem : report.problems()) {
      out().println(problem);
    }
    if (report.problemCount() > report.problems().size()) {
      out().println("… and " + (report.problemCount() - report.problems().size()) + " more");
    }
    TextTable table = new TextTable("CHAIN", "ENTRIES");
    report
        .entriesPerChain()
        .forEach((chain, count) -> table.row(Integer.toString(chain), Long.toString(count)));
    if (!table.isEmpty()) {
      table.print(out());
    }
    long total = report.entriesPerChain().values().stream().mapToLong(Long::longValue).sum();
    out()
        .println(
            report.ok()
                ? "intact: " + total + " entries in " + report.entriesPerChain().size() + " chains"
                : "TAMPERED: " + report.problemCount() + " problems");
  }

  private static ObjectNode json(AuditVerifier.Report report) {
    ObjectNode root = ApiClient.json().createObjectNode();
    root.put("ok", report.ok());
    ObjectNode chains = root.putObject("entriesPerChain");
    report.entriesPerChain().forEach((chain, count) -> chains.put(Integer.toString(chain), count));
    root.put("problemCount", report.problemCount());
    ArrayNode problems = root.putArray("problems");
    for (AuditVerifier.Problem problem : report.problems()) {
      ObjectNode node = problems.addObject();
      node.put("kind", problem.kind().name().toLowerCase(Locale.ROOT));
      node.put("line", problem.line());
      problem.chain().ifPresent(chain -> node.put("chain", chain));
      problem.seq().ifPresent(seq -> node.put("seq", seq));
      node.put("detail", problem.detail());
    }
    return root;
  }
}
