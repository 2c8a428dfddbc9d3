package io.gatehouse.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.cli.PolicyCheckReport.Counts;
import io.gatehouse.cli.PolicyCheckReport.Finding;
import io.gatehouse.cli.PolicyCheckReport.Severity;
import io.gatehouse.cli.PolicyCheckReport.Unchecked;
import io.gatehouse.cli.PolicyCheckReport.Workload;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints a {@link PolicyCheckReport}: one line per finding and a summary for people, or one JSON
 * document for programs. Text from the manifests is made safe for a terminal: control characters
 * are escaped and long values cut.
 */
final class PolicyCheckOutput {
  static final String SIGNATURES_NOTE =
      "signatures not checked offline; use gatehouse verify for the images the policy requires"
          + " to be signed";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final int MAX_SHOWN = 256;

  private PolicyCheckOutput() {}

  static void text(PolicyCheckReport report, PrintWriter out) {
    for (Finding finding : report.findings()) {
      out.println(line(finding));
    }
    for (Unchecked unchecked : report.unchecked()) {
      out.println(
          "note: "
              + where(unchecked.workload())
              + ": holds containers, but its kind is not one policy check understands; not"
              + " checked");
    }
    out.println(summary(report));
    if (report.signaturesRequired()) {
      out.println(SIGNATURES_NOTE);
    }
    out.println(verdict(report));
  }

  static void json(PolicyCheckReport report, PrintWriter out) {
    ObjectNode root = JSON.createObjectNode();
    root.put("passed", report.passed());
    ObjectNode summary = root.putObject("summary");
    Counts counts = report.counts();
    summary.put("sources", counts.sources());
    summary.put("objects", counts.objects());
    summary.put("workloads", counts.workloads());
    summary.put("images", counts.images());
    summary.put("exempt", counts.exempt());
    summary.put("skipped", counts.skipped());
    summary.put("violations", report.errors());
    summary.put("warnings", report.warnings());
    summary.put("unchecked", report.unchecked().size());
    ArrayNode findings = root.putArray("findings");
    report.findings().forEach(finding -> findings.add(json(finding)));
    ArrayNode unchecked = root.putArray("unchecked");
    report.unchecked().forEach(u -> unchecked.add(json(u.workload())));
    ArrayNode notes = root.putArray("notes");
    if (report.signaturesRequired()) {
      notes.add(SIGNATURES_NOTE);
    }
    try {
      out.println(JSON.writeValueAsString(root));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the report as JSON", e);
    }
  }

  private static String line(Finding finding) {
    StringBuilder line = new StringBuilder();
    if (finding.severity() == Severity.WARNING) {
      line.append("warning: ");
    }
    line.append(where(finding.workload()));
    finding.container().ifPresent(c -> line.append(" container \"").append(safe(c)).append('"'));
    line.append(": ");
    finding.image().ifPresent(image -> line.append("image ").append(safe(image)).append(": "));
    line.append(finding.rule()).append(" (").append(safe(finding.reason())).append(')');
    if (finding.severity() == Severity.WARNING) {
      line.append(" [audit mode: would be admitted]");
    }
    return line.toString();
  }

  private static String where(Workload workload) {
    return safe(workload.document().location()) + " " + safe(workload.describe());
  }

  private static String summary(PolicyCheckReport report) {
    Counts counts = report.counts();
    List<String> parts = new ArrayList<>();
    parts.add(
        "checked "
            + plural(counts.workloads(), "workload")
            + " ("
            + plural(counts.images(), "image")
            + ") in "
            + plural(counts.objects(), "object")
            + " from "
            + plural(counts.sources(), "source"));
    if (counts.exempt() > 0) {
      parts.add(counts.exempt() + " in exempt namespaces");
    }
    parts.add(counts.skipped() + " of other kinds skipped");
    if (!report.unchecked().isEmpty()) {
      parts.add(report.unchecked().size() + " of unknown kinds with containers not checked");
    }
    return String.join("; ", parts);
  }

  private static String verdict(PolicyCheckReport report) {
    String warnings =
        report.warnings() == 0 ? "" : " (" + plural(report.warnings(), "audit warning") + ")";
    if (report.passed()) {
      return "passed: no violations" + warnings;
    }
    return "FAILED: " + plural(report.errors(), "violation") + warnings;
  }

  private static String plural(long count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }

  private static JsonNode json(Finding finding) {
    ObjectNode node = json(finding.workload());
    node.put("severity", finding.severity().name().toLowerCase(Locale.ROOT));
    finding.container().ifPresent(c -> node.put("container", c));
    finding.image().ifPresent(image -> node.put("image", image));
    node.put("rule", finding.rule());
    node.put("reason", finding.reason());
    node.put("ruleSet", finding.ruleSet());
    return node;
  }

  private static ObjectNode json(Workload workload) {
    ObjectNode node = JSON.createObjectNode();
    ManifestDocument document = workload.document();
    node.put("location", document.location());
    node.put("source", document.source());
    node.put("document", document.document());
    if (!document.item().isEmpty()) {
      node.put("item", document.item());
    }
    node.put("kind", workload.kind());
    node.put("namespace", workload.namespace());
    node.put("name", workload.name());
    return node;
  }

  /** Escapes control and non-ASCII characters and cuts long text, for a terminal. */
  static String safe(String text) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_SHOWN) + 8);
    for (int i = 0; i < text.length(); i++) {
      if (out.length() >= MAX_SHOWN) {
        return out.append("...").toString();
      }
      char c = text.charAt(i);
      if (c < 0x20 || c >= 0x7f) {
        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
