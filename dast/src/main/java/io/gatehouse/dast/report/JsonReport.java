package io.gatehouse.dast.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Severity;
import io.gatehouse.dast.triage.Status;
import io.gatehouse.dast.triage.Verdict;
import java.io.UncheckedIOException;

/**
 * The report as JSON: summary, statistics and every finding with its evidence, fingerprint and
 * status; ignored findings are listed with status {@code ignored} and counted only as suppressed.
 * It can serve as the baseline of a later scan.
 */
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
    summary.put("failing", report.count(Status.FAIL));
    summary.put("warnings", report.count(Status.WARN));
    summary.put("inBaseline", report.count(Status.BASELINE));
    summary.put("suppressed", report.count(Status.IGNORED));
    summary.put("result", report.failing().isEmpty() ? "pass" : "fail");
    ArrayNode findings = root.putArray("findings");
    report.findings().forEach(f -> findings.add(finding(f, report.verdict(f))));
    return toText(root);
  }

  static ObjectNode finding(Finding finding, Verdict verdict) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("ruleId", finding.rule().id());
    node.put("fingerprint", finding.fingerprint());
    node.put("status", verdict.status().label());
    verdict.justification().ifPresent(text -> node.put("justification", text));
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
