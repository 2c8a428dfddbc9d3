package io.gatehouse.dast.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.dast.checks.Checks;
import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Rule;
import io.gatehouse.dast.findings.Severity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The report as SARIF 2.1.0: one run, every rule in the driver (with its CWE tag and a
 * security-severity for GitHub code scanning), one result per finding located at its URL.
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
      results.add(result(finding, ruleIds.indexOf(finding.rule().id())));
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
    node.put("level", level(finding.severity()));
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
    node.putObject("partialFingerprints").put("gatehouseDast/v1", fingerprint(finding));
    ObjectNode properties = node.putObject("properties");
    properties.put("method", finding.method());
    properties.put("parameter", finding.parameter());
    properties.put("confidence", finding.confidence().label());
    properties.put("severity", finding.severity().label());
    properties.put("request", finding.evidence().request());
    properties.put("response", finding.evidence().response());
    return node;
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

  private static String fingerprint(Finding finding) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] hash =
          digest.digest(
              (finding.rule().id() + "\n" + finding.url() + "\n" + finding.parameter())
                  .getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
