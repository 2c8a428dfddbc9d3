package io.gatehouse.deploy.gate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.dast.findings.Confidence;
import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Rule;
import io.gatehouse.dast.findings.Severity;
import io.gatehouse.dast.report.ScanReport;
import io.gatehouse.deploy.project.GateSpec;
import io.gatehouse.deploy.project.InvalidRulesException;
import io.gatehouse.deploy.server.ApiException;
import io.gatehouse.deploy.server.ApiJson;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;

/**
 * Reports uploaded for {@code dast} gates in report mode: the JSON report of {@code gatehouse scan
 * --format json}, at most {@link #MAX_BYTES}, read strictly (known keys only, every value of its
 * type and within its bounds), then judged under the gate's own rules; the statuses and summary in
 * the upload are not trusted.
 */
public final class DastGateReports {
  /** The largest report accepted. */
  public static final int MAX_BYTES = 8 * 1024 * 1024;

  /** The most findings a report may hold. */
  public static final int MAX_FINDINGS = 10_000;

  private static final Set<String> TOP_KEYS =
      Set.of(
          "tool",
          "target",
          "started",
          "finished",
          "durationSeconds",
          "partial",
          "stopReason",
          "stats",
          "summary",
          "findings");
  private static final Set<String> FINDING_KEYS =
      Set.of(
          "ruleId",
          "fingerprint",
          "status",
          "justification",
          "name",
          "severity",
          "confidence",
          "cwe",
          "url",
          "method",
          "parameter",
          "evidence",
          "remediation");
  private static final Set<String> EVIDENCE_KEYS = Set.of("request", "response", "detail");
  private static final Pattern RULE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,99}");
  private static final Pattern METHOD = Pattern.compile("[A-Z]{1,16}");
  private static final int MAX_TEXT = 100_000;

  private DastGateReports() {}

  /**
   * What an upload did.
   *
   * @param gate the gate the report was taken for
   * @param pass whether the gate passes on it
   * @param detail the gate's detail
   */
  public record Accepted(String gate, boolean pass, String detail) {}

  /**
   * Reads an uploaded report.
   *
   * @throws ApiException 413 when larger than {@link #MAX_BYTES}; 400 {@code invalid_report} naming
   *     the place and the reason otherwise
   */
  public static ScanReport parse(byte[] body) {
    if (body.length > MAX_BYTES) {
      throw new ApiException(
          413, "payload_too_large", "the report is larger than " + MAX_BYTES + " bytes");
    }
    JsonNode root;
    try {
      root = ApiJson.mapper().readTree(body);
    } catch (JsonProcessingException e) {
      throw invalid("", "is not valid JSON" + at(e));
    } catch (IOException e) {
      throw invalid("", "cannot be read");
    }
    if (root == null || !root.isObject()) {
      throw invalid("", "must be a JSON object, the report of gatehouse scan --format json");
    }
    keys(root, "", TOP_KEYS);
    if (!"gatehouse-dast".equals(root.path("tool").asText(""))) {
      throw invalid("tool", "must be \"gatehouse-dast\": a JSON report of gatehouse scan");
    }
    String target = text(root, "target", 4000, true).orElseThrow();
    Instant started = instant(root, "started");
    Instant finished = instant(root, "finished");
    if (finished.isBefore(started)) {
      throw invalid("finished", "is before started");
    }
    boolean partial = bool(root, "partial");
    Optional<String> stopReason = text(root, "stopReason", 200, false);
    if (partial && stopReason.isEmpty()) {
      stopReason = Optional.of("stopped early");
    }
    if (!partial) {
      stopReason = Optional.empty();
    }
    JsonNode stats = object(root, "stats");
    object(root, "summary");
    ScanReport.Stats counts =
        new ScanReport.Stats(
            (int) count(stats, "stats.pages"),
            (int) count(stats, "stats.endpoints"),
            (int) count(stats, "stats.injectionPoints"),
            count(stats, "stats.requests"),
            count(stats, "stats.refusedOutOfScope"));
    return new ScanReport(target, started, finished, stopReason, counts, findings(root));
  }

  /**
   * Takes an uploaded report for a deployment's {@code dast} gate in report mode, on the caller's
   * transaction: judges it under the gate's rules and stores the result.
   *
   * @param gates the deployment's gates, as declared when it was requested
   * @param gateName which gate; may be empty when the deployment has exactly one report gate
   * @throws ApiException 422 {@code no_report_gate} when no such gate exists
   */
  public static Accepted accept(
      Handle h,
      long deploymentId,
      List<GateSpec> gates,
      Optional<String> gateName,
      ScanReport report,
      Instant now) {
    List<GateSpec> candidates = new ArrayList<>();
    for (GateSpec spec : gates) {
      if (DastGate.TYPE.equals(spec.type()) && settings(spec).isPresent()) {
        if (settings(spec).get().mode() == DastGate.Mode.REPORT) {
          candidates.add(spec);
        }
      }
    }
    GateSpec spec = choose(candidates, gateName);
    DastGate.Settings settings = settings(spec).orElseThrow();
    DastGateResults.Judged judged = DastGateResults.judge(report, settings);
    DastGateResults.insertReport(h, deploymentId, spec.name(), report.target(), judged, now);
    return new Accepted(spec.name(), judged.pass(), judged.detail());
  }

  private static GateSpec choose(List<GateSpec> candidates, Optional<String> gateName) {
    if (gateName.isPresent()) {
      return candidates.stream()
          .filter(g -> g.name().equalsIgnoreCase(gateName.get()))
          .findFirst()
          .orElseThrow(
              () ->
                  new ApiException(
                      422,
                      "no_report_gate",
                      "the deployment has no dast gate in report mode named '"
                          + Parameters.shown(gateName.get())
                          + "'"));
    }
    if (candidates.size() == 1) {
      return candidates.getFirst();
    }
    if (candidates.isEmpty()) {
      throw new ApiException(
          422, "no_report_gate", "the deployment has no dast gate in report mode");
    }
    throw new ApiException(
        422,
        "no_report_gate",
        "the deployment has several dast gates in report mode; name one with ?gate=: "
            + String.join(", ", candidates.stream().map(GateSpec::name).toList()));
  }

  private static Optional<DastGate.Settings> settings(GateSpec spec) {
    try {
      return Optional.of(
          DastGate.Settings.parse(Parameters.of(spec.parameters(), "gate " + spec.name())));
    } catch (InvalidRulesException e) {
      return Optional.empty();
    }
  }

  private static List<Finding> findings(JsonNode root) {
    JsonNode list = root.get("findings");
    if (list == null || !list.isArray()) {
      throw invalid("findings", "must be a list");
    }
    if (list.size() > MAX_FINDINGS) {
      throw invalid("findings", "must have at most " + MAX_FINDINGS + " entries");
    }
    List<Finding> findings = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      findings.add(finding(list.get(i), "findings[" + i + "]"));
    }
    return findings;
  }

  private static Finding finding(JsonNode node, String path) {
    if (!node.isObject()) {
      throw invalid(path, "must be an object");
    }
    keys(node, path + ".", FINDING_KEYS);
    String ruleId = text(node, "ruleId", 100, true, path).orElseThrow();
    if (!RULE_ID.matcher(ruleId).matches()) {
      throw invalid(path + ".ruleId", "must be lower-case letters, digits and '-'");
    }
    Severity severity =
        enumValue(Severity.class, text(node, "severity", 16, true, path).orElseThrow())
            .orElseThrow(() -> invalid(path + ".severity", "must be high, medium, low or info"));
    Confidence confidence =
        enumValue(Confidence.class, text(node, "confidence", 16, false, path).orElse("medium"))
            .orElseThrow(
                () -> invalid(path + ".confidence", "must be confirmed, high, medium or low"));
    String method = text(node, "method", 16, true, path).orElseThrow();
    if (!METHOD.matcher(method).matches()) {
      throw invalid(path + ".method", "must be an HTTP method in upper case");
    }
    String url = text(node, "url", 4000, true, path).orElseThrow();
    String name = text(node, "name", 200, false, path).orElse(ruleId);
    String remediation = text(node, "remediation", 2000, false, path).orElse("");
    String parameter = text(node, "parameter", 1000, false, path).orElse("");
    for (String ignored : List.of("fingerprint", "status", "justification")) {
      text(node, ignored, 2000, false, path);
    }
    long cwe = node.has("cwe") ? count(node, path + ".cwe", "cwe") : 0;
    JsonNode evidence = node.path("evidence");
    Finding.Evidence shown = new Finding.Evidence("", "", "");
    if (!evidence.isMissingNode()) {
      if (!evidence.isObject()) {
        throw invalid(path + ".evidence", "must be an object");
      }
      keys(evidence, path + ".evidence.", EVIDENCE_KEYS);
      String at = path + ".evidence";
      shown =
          new Finding.Evidence(
              text(evidence, "request", MAX_TEXT, false, at).orElse(""),
              text(evidence, "response", MAX_TEXT, false, at).orElse(""),
              text(evidence, "detail", MAX_TEXT, false, at).orElse(""));
    }
    Rule rule =
        new Rule(ruleId, name, severity, (int) Math.min(cwe, 1_000_000), remediation, false);
    return new Finding(rule, confidence, url, method, parameter, shown);
  }

  private static <E extends Enum<E>> Optional<E> enumValue(Class<E> type, String text) {
    for (E value : type.getEnumConstants()) {
      if (value.name().toLowerCase(Locale.ROOT).equals(text)) {
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }

  private static void keys(JsonNode node, String prefix, Set<String> allowed) {
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      if (!allowed.contains(field.getKey())) {
        throw invalid(prefix + Parameters.shown(field.getKey()), "is not a field of the report");
      }
    }
  }

  private static Optional<String> text(JsonNode node, String key, int max, boolean required) {
    return text(node, key, max, required, "");
  }

  private static Optional<String> text(
      JsonNode node, String key, int max, boolean required, String path) {
    String at = path.isEmpty() ? key : path + "." + key;
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      if (required) {
        throw invalid(at, "is required");
      }
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw invalid(at, "must be a string");
    }
    if (value.asText().length() > max) {
      throw invalid(at, "must be at most " + max + " characters");
    }
    if (required && value.asText().isBlank()) {
      throw invalid(at, "must not be empty");
    }
    return Optional.of(value.asText());
  }

  private static Instant instant(JsonNode root, String key) {
    String text = text(root, key, 64, true).orElseThrow();
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw invalid(key, "must be an ISO-8601 instant such as 2026-11-22T10:00:00Z");
    }
  }

  private static boolean bool(JsonNode root, String key) {
    JsonNode value = root.get(key);
    if (value == null || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      throw invalid(key, "must be true or false");
    }
    return value.asBoolean();
  }

  private static JsonNode object(JsonNode root, String key) {
    JsonNode value = root.path(key);
    if (value.isMissingNode()) {
      return value;
    }
    if (!value.isObject()) {
      throw invalid(key, "must be an object");
    }
    return value;
  }

  private static long count(JsonNode stats, String path) {
    return count(stats, path, path.substring(path.indexOf('.') + 1));
  }

  private static long count(JsonNode node, String path, String key) {
    JsonNode value = node.path(key);
    if (value.isMissingNode()) {
      return 0;
    }
    if (!value.canConvertToLong() || !value.isIntegralNumber() || value.asLong() < 0) {
      throw invalid(path, "must be a whole number, at least 0");
    }
    return Math.min(value.asLong(), Integer.MAX_VALUE);
  }

  private static String at(JsonProcessingException e) {
    return e.getLocation() == null || e.getLocation().getLineNr() < 1
        ? ""
        : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
  }

  private static ApiException invalid(String path, String reason) {
    return new ApiException(
        400, "invalid_report", "the report" + (path.isEmpty() ? "" : ": " + path) + " " + reason);
  }
}
