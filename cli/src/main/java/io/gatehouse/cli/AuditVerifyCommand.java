package io.gatehouse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gatehouse audit verify}: checks the audit log's hash chains. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    versionProvider = Gatehouse.Version.class,
    description = {
      "Verifies the hash chains of an audit log export: every entry's hash, its link to the"
          + " previous entry, and gapless sequence numbers. Reads --file, or exports from the"
          + " server (admin token) when no file is given. Prints every problem with its line,"
          + " chain and sequence number.",
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
      names = "--project",
      paramLabel = "PROJECT",
      description = "Without --file: export only this project's entries.")
  String project;

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

  private final AuditChecker checker;

  AuditVerifyCommand(CommandEnvironment environment) {
    this(environment, AuditChecker.standard());
  }

  AuditVerifyCommand(CommandEnvironment environment, AuditChecker checker) {
    super(environment);
    this.checker = checker;
  }

  @Override
  public Integer call() throws IOException {
    Optional<AuditChecker.Anchor> expected =
        anchor == null ? Optional.empty() : Optional.of(readAnchor(anchor));
    AuditChecker.Report report;
    try (Reader lines = open()) {
      report = checker.verify(lines, expected);
    }
    if (server.json()) {
      out().println(json(report));
    } else {
      text(report);
    }
    if (report.ok() && saveAnchor != null) {
      Files.writeString(saveAnchor, anchorJson(report.heads()).toString() + "\n");
    }
    out().flush();
    return report.ok() ? 0 : 1;
  }

  private Reader open() throws IOException {
    InputStream in =
        file != null
            ? Files.newInputStream(file)
            : client().stream(
                    AuditExportCommand.path(project), Map.of("Accept", "application/x-ndjson"))
                .body();
    return new InputStreamReader(in, StandardCharsets.UTF_8);
  }

  private void text(AuditChecker.Report report) {
    for (AuditChecker.Problem p : report.problems()) {
      out()
          .println(
              "line "
                  + p.line()
                  + ", chain "
                  + p.chain()
                  + ", seq "
                  + p.seq()
                  + ": "
                  + p.message());
    }
    TextTable table = new TextTable("CHAIN", "ENTRIES");
    new TreeMap<>(report.entriesPerChain())
        .forEach((chain, count) -> table.row(chain, Long.toString(count)));
    if (!table.isEmpty()) {
      table.print(out());
    }
    long total = report.entriesPerChain().values().stream().mapToLong(Long::longValue).sum();
    out()
        .println(
            report.ok()
                ? "intact: " + total + " entries in " + report.entriesPerChain().size() + " chains"
                : "TAMPERED: " + report.problems().size() + " problems");
  }

  private static ObjectNode json(AuditChecker.Report report) {
    ObjectNode root = ApiClient.json().createObjectNode();
    root.put("ok", report.ok());
    ObjectNode chains = root.putObject("entriesPerChain");
    new TreeMap<>(report.entriesPerChain()).forEach(chains::put);
    ArrayNode problems = root.putArray("problems");
    for (AuditChecker.Problem p : report.problems()) {
      problems
          .addObject()
          .put("line", p.line())
          .put("chain", p.chain())
          .put("seq", p.seq())
          .put("message", p.message());
    }
    return root;
  }

  private static ObjectNode anchorJson(List<AuditChecker.Head> heads) {
    ObjectNode root = ApiClient.json().createObjectNode();
    ArrayNode chains = root.putArray("chains");
    heads.forEach(
        h -> chains.addObject().put("chain", h.chain()).put("seq", h.seq()).put("hash", h.hash()));
    return root;
  }

  /** Reads an anchor file: {@code {"chains":[{"chain","seq","hash"}]}}, as audit/heads answers. */
  static AuditChecker.Anchor readAnchor(Path file) throws IOException {
    JsonNode root;
    try {
      root = ApiClient.json().readTree(Files.readString(file));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(
          "anchor " + file + " is not JSON: " + e.getOriginalMessage(), e);
    }
    List<AuditChecker.Head> heads = new ArrayList<>();
    for (JsonNode h : root.path("chains")) {
      if (!h.path("chain").isTextual()
          || !h.path("seq").canConvertToLong()
          || !h.path("hash").isTextual()) {
        throw new IllegalArgumentException(
            "anchor " + file + ": each of \"chains\" needs chain, seq and hash");
      }
      heads.add(
          new AuditChecker.Head(
              h.path("chain").asText(), h.path("seq").asLong(), h.path("hash").asText()));
    }
    if (heads.isEmpty()) {
      throw new IllegalArgumentException("anchor " + file + " names no chains");
    }
    return new AuditChecker.Anchor(heads);
  }
}
