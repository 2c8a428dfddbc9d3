package io.gatehouse.dast.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Severity;
import java.io.UncheckedIOException;

/** The report as JSON: summary, statistics and every finding with its evidence. */
final class JsonReport {
  static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonReport() {}

  static String render(ScanReport report) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("tool", "gatehouse-dast");
    root.put("target", report.target());
    root.put("started", report.started().toString());
    root.put("finished", report.finished().toString());
    root.put("durationSeconds", report.duration().toMillis() / 1000.0);
    root.put("partial", report.partial());
    report.stopReason().ifPresent(reason -> root.put("stopReason", reason));
    ObjectNode stats = root.putObject("stats");
    stats.put("pages", report.stats().pages());
    stats.put("endpoints", report.stats().endpoints());
    stats.put("injectionPoints", report.stats().injectionPoints());
    stats.put("requests", report.stats().requests());
    stats.put("refusedOutOfScope", report.stats().refused());
    ObjectNode summary = root.putObject("summary");
    for (Severity severity : Severity.values()) {
      summary.put(severity.label(), report.count(severity));
    }
    ArrayNode findings = root.putArray("findings");
    report.findings().forEach(f -> findings.add(finding(f)));
    return toText(root);
  }

  static ObjectNode finding(Finding finding) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("ruleId", finding.rule().id());
    node.put("name", finding.rule().name());
    node.put("severity", finding.severity().label());
    node.put("confidence", finding.confidence().label());
    node.put("cwe", finding.rule().cwe());
    node.put("url", finding.url());
    node.put("method", finding.method());
    node.put("parameter", finding.parameter());
    ObjectNode evidence = node.putObject("evidence");
    evidence.put("request", finding.evidence().request());
    evidence.put("response", finding.evidence().response());
    evidence.put("detail", finding.evidence().detail());
    node.put("remediation", finding.rule().remediation());
    return node;
  }

  static String toText(ObjectNode root) {
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
