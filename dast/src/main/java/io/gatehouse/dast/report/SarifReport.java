package io.gatehouse.dast.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.dast.checks.Checks;
import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Rule;
import io.gatehouse.dast.findings.Severity;
import io.gatehouse.dast.triage.Status;
import io.gatehouse.dast.triage.Verdict;
import java.util.ArrayList;
import java.util.List;

/**
 * The report as SARIF 2.1.0: one run, every rule in the driver (with its CWE tag and a
 * security-severity for GitHub code scanning), one result per finding located at its URL.
 *
 * <p>A result's level follows its verdict: {@code error} only for a finding that fails the scan;
 * one that warns, is in the baseline or passes is at most {@code warning}; an ignored one is a
 * {@code note} with an external suppression carrying the rules file's justification. With a
 * baseline, each result has a {@code baselineState} ({@code new} or {@code unchanged}).
 */
final class SarifReport {
  static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

  private SarifReport() {}

  static String render(ScanReport report) {
    ObjectNode root = JsonReport.MAPPER.createObjectNode();
    root.put("$schema", SCHEMA);
    root.put("version", "2.1.0");
    ObjectNode run = root.putArray("runs").addObject();
    ObjectNode driver = run.putObject("tool").putObject("driver");
    driver.put("name", "Gatehouse DAST");
    driver.put("informationUri", "https://github.com/gatehouse/gatehouse/blob/main/docs/dast.md");
    driver.put("semanticVersion", "0.1.0");
    List<Rule> rules = new ArrayList<>(Checks.rules());
    report.findings().stream()
        .map(Finding::rule)
        .filter(rule -> rules.stream().noneMatch(known -> known.id().equals(rule.id())))
        .distinct()
        .forEach(rules::add);
    List<String> ruleIds = rules.stream().map(Rule::id).toList();
    ArrayNode ruleNodes = driver.putArray("rules");
    rules.forEach(rule -> ruleNodes.add(rule(rule)));
    ArrayNode results = run.putArray("results");
    for (Finding finding : report.findings()) {
      ObjectNode result = result(finding, ruleIds.indexOf(finding.rule().id()));
      triage(result, finding.severity(), report.verdict(finding), report.triage().hasBaseline());
      results.add(result);
    }
    ObjectNode invocation = run.putArray("invocations").addObject();
    invocation.put("executionSuccessful", !report.partial());
    invocation.put("startTimeUtc", report.started().toString());
    invocation.put("endTimeUtc", report.finished().toString());
    report
        .stopReason()
        .ifPresent(
            reason ->
                invocation
                    .putArray("toolExecutionNotifications")
                    .addObject()
                    .put("level", "warning")
                    .putObject("message")
                    .put("text", "partial scan: " + reason));
    ObjectNode properties = run.putObject("properties");
    properties.put("target", report.target());
    properties.put("partial", report.partial());
    return JsonReport.toText(root);
  }

  private static ObjectNode rule(Rule rule) {
    ObjectNode node = JsonReport.MAPPER.createObjectNode();
    node.put("id", rule.id());
    node.put("name", rule.name());
    node.putObject("shortDescription").put("text", rule.name());
    node.putObject("fullDescription").put("text", rule.name() + " (CWE-" + rule.cwe() + ")");
    node.putObject("help").put("text", rule.remediation());
    node.putObject("defaultConfiguration").put("level", level(rule.severity()));
    ObjectNode properties = node.putObject("properties");
    properties.putArray("tags").add("security").add("external/cwe/cwe-" + rule.cwe());
    properties.put("security-severity", securitySeverity(rule.severity()));
    return node;
  }

  private static ObjectNode result(Finding finding, int ruleIndex) {
    ObjectNode node = JsonReport.MAPPER.createObjectNode();
    node.put("ruleId", finding.rule().id());
    if (ruleIndex >= 0) {
      node.put("ruleIndex", ruleIndex);
    }
    String where = finding.parameterName().map(p -> " (parameter " + p + ")").orElse("");
    node.putObject("message")
        .put(
            "text",
            finding.rule().name()
                + " at "
                + finding.method()
                + " "
                + finding.url()
                + where
                + ": "
                + finding.evidence().detail());
    node.putArray("locations")
        .addObject()
        .putObject("physicalLocation")
        .putObject("artifactLocation")
        .put("uri", finding.url());
    node.putObject("partialFingerprints").put("gatehouseDast/v1", finding.fingerprint());
    ObjectNode properties = node.putObject("properties");
    properties.put("method", finding.method());
    properties.put("parameter", finding.parameter());
    properties.put("confidence", finding.confidence().label());
    properties.put("severity", finding.severity().label());
    properties.put("request", finding.evidence().request());
    properties.put("response", finding.evidence().response());
    return node;
  }

  private static void triage(
      ObjectNode result, Severity severity, Verdict verdict, boolean hasBaseline) {
    String level =
        switch (verdict.status()) {
          case FAIL -> "error";
          case PASS, WARN, BASELINE -> severity == Severity.HIGH ? "warning" : level(severity);
          case IGNORED -> "note";
        };
    result.put("level", level);
    ((ObjectNode) result.get("properties")).put("status", verdict.status().label());
    if (verdict.status() == Status.IGNORED) {
      ObjectNode suppression = result.putArray("suppressions").addObject();
      suppression.put("kind", "external");
      suppression.put("status", "accepted");
      suppression.put("justification", verdict.justification().orElse("ignored by the rules file"));
    }
    if (hasBaseline) {
      result.put("baselineState", verdict.status() == Status.BASELINE ? "unchanged" : "new");
    }
  }

  static String level(Severity severity) {
    return switch (severity) {
      case HIGH -> "error";
      case MEDIUM -> "warning";
      case LOW, INFO -> "note";
    };
  }

  private static String securitySeverity(Severity severity) {
    return switch (severity) {
      case HIGH -> "8.0";
      case MEDIUM -> "5.5";
      case LOW -> "3.0";
      case INFO -> "0.1";
    };
  }
}
