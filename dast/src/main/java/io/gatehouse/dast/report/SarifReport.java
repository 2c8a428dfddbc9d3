package io.gatehouse.dast.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.dast.checks.Checks;
import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Rule;
import io.gatehouse.dast.findings.Severity;
import io.gatehouse.dast.triage.Status;
import io.gatehouse.dast.triage.Verdict;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The report as SARIF 2.1.0, shaped for GitHub code scanning: one run, every rule in the driver
 * (short and full description, help in text and Markdown, the tags {@code security} and its CWE, a
 * numeric {@code security-severity} and a {@code precision}), one result per finding located at its
 * URL, with a fingerprint that stays the same across scans.
 *
 * <p>A result's level follows its verdict: {@code error} only for a finding that fails the scan;
 * one that warns, is in the baseline or passes is at most {@code warning}; an ignored one is a
 * {@code note} with an external suppression carrying the rules file's justification. With a
 * baseline, each result has a {@code baselineState} ({@code new} or {@code unchanged}).
 *
 * <p>GitHub's upload limits are kept by cutting, never by failing: at most {@link #MAX_RESULTS}
 * results (worst first, ignored ones dropped first), a file of at most {@link #MAX_BYTES} bytes
 * before compression, descriptions and messages of at most {@link #MAX_TEXT_CHARS} characters and
 * URIs of at most {@link #MAX_URI_CHARS}. Results left out are counted in a tool notification and
 * in the run's {@code properties.resultsOmitted}. Scanned pages are hostile: control characters and
 * unpaired surrogates in any text become U+FFFD, and the location URI is percent-encoded.
 */
final class SarifReport {
  /** The schema's own {@code $id}, as GitHub's documentation gives it. */
  static final String SCHEMA =
      "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json";

  /** Results GitHub code scanning keeps of a run (it rejects a run with more than 25,000). */
  static final int MAX_RESULTS = 5_000;

  /**
   * The largest file written, in UTF-8 bytes. GitHub rejects a file over 10 MB gzip-compressed; a
   * file this size uncompressed can never reach that.
   */
  static final int MAX_BYTES = 10_000_000;

  /** The longest description, help or message text (GitHub cuts a full description at 1,000). */
  static final int MAX_TEXT_CHARS = 1_000;

  /** The longest location URI. */
  static final int MAX_URI_CHARS = 2_048;

  /** The longest text in a result's property bag (evidence is already cut shorter). */
  static final int MAX_PROPERTY_CHARS = 4_000;

  /** The key of our fingerprint in {@code partialFingerprints}. */
  static final String FINGERPRINT = "gatehouseDast/v1";

  private static final Set<String> PASSIVE_RULES =
      Checks.passive().stream()
          .flatMap(check -> check.rules().stream())
          .map(Rule::id)
          .collect(Collectors.toUnmodifiableSet());

  /** Room kept for the note on results left out. */
  private static final int NOTE_BYTES = 2_048;

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
    List<Rule> rules = rules(report);
    ArrayNode ruleNodes = driver.putArray("rules");
    rules.forEach(rule -> ruleNodes.add(rule(rule)));
    ArrayNode results = run.putArray("results");
    ObjectNode invocation = run.putArray("invocations").addObject();
    invocation.put("executionSuccessful", !report.partial());
    invocation.put("startTimeUtc", report.started().toString());
    invocation.put("endTimeUtc", report.finished().toString());
    ArrayNode notifications = invocation.putArray("toolExecutionNotifications");
    report.stopReason().ifPresent(reason -> notification(notifications, "partial scan: " + reason));
    ObjectNode properties = run.putObject("properties");
    properties.put("target", text(report.target(), MAX_URI_CHARS));
    properties.put("partial", report.partial());
    List<ObjectNode> kept =
        results(report, rules.stream().map(Rule::id).toList(), MAX_BYTES - size(root) - NOTE_BYTES);
    results.addAll(kept);
    int omitted = report.findings().size() - kept.size();
    properties.put("resultsOmitted", omitted);
    if (omitted > 0) {
      notification(
          notifications,
          omitted
              + " of "
              + report.findings().size()
              + " results left out to keep GitHub code scanning's limits (at most "
              + MAX_RESULTS
              + " results, "
              + MAX_BYTES
              + " bytes); the JSON report has them all");
    }
    if (notifications.isEmpty()) {
      invocation.remove("toolExecutionNotifications");
    }
    return JsonReport.toText(root);
  }

  /** The rules of every check, then any rule only a finding names, one per id. */
  private static List<Rule> rules(ScanReport report) {
    Map<String, Rule> rules = new LinkedHashMap<>();
    Checks.rules().forEach(rule -> rules.putIfAbsent(rule.id(), rule));
    report.findings().forEach(finding -> rules.putIfAbsent(finding.rule().id(), finding.rule()));
    return List.copyOf(rules.values());
  }

  /**
   * The results to write, in the report's order: as many findings as fit in {@code budget} bytes
   * and {@link #MAX_RESULTS}, taken in {@link #keptFirst} order.
   */
  private static List<ObjectNode> results(ScanReport report, List<String> ruleIds, long budget) {
    IdentityHashMap<Finding, ObjectNode> kept = new IdentityHashMap<>();
    long left = budget;
    for (Finding finding : keptFirst(report)) {
      ObjectNode result = result(finding, ruleIds.indexOf(finding.rule().id()));
      triage(result, finding.severity(), report.verdict(finding), report.triage().hasBaseline());
      long bytes = nestedSize(result);
      if (kept.size() == MAX_RESULTS || bytes > left) {
        break;
      }
      left -= bytes;
      kept.put(finding, result);
    }
    return report.findings().stream().filter(kept::containsKey).map(kept::get).toList();
  }

  /** The findings in the order they are kept when some must go: reported ones, worst first. */
  private static List<Finding> keptFirst(ScanReport report) {
    return report.findings().stream()
        .sorted(Comparator.comparing((Finding f) -> report.verdict(f).ignored()))
        .toList();
  }

  private static void notification(ArrayNode notifications, String message) {
    notifications
        .addObject()
        .put("level", "warning")
        .putObject("message")
        .put("text", text(message, MAX_TEXT_CHARS));
  }

  private static ObjectNode rule(Rule rule) {
    ObjectNode node = JsonReport.MAPPER.createObjectNode();
    node.put("id", rule.id());
    node.put("name", rule.name());
    node.putObject("shortDescription").put("text", text(rule.name(), MAX_TEXT_CHARS));
    node.putObject("fullDescription")
        .put(
            "text",
            text(
                rule.name()
                    + " (CWE-"
                    + rule.cwe()
                    + "), "
                    + rule.severity().label()
                    + " severity"
                    + (rule.perSite() ? ", reported once per site." : "."),
                MAX_TEXT_CHARS));
    ObjectNode help = node.putObject("help");
    help.put("text", text(rule.remediation(), MAX_TEXT_CHARS));
    help.put(
        "markdown",
        text(
            "**"
                + Text.markdownCell(rule.name())
                + "** ([CWE-"
                + rule.cwe()
                + "](https://cwe.mitre.org/data/definitions/"
                + rule.cwe()
                + ".html))\n\n"
                + Text.markdownCell(rule.remediation()),
            MAX_TEXT_CHARS));
    node.putObject("defaultConfiguration").put("level", level(rule.severity()));
    ObjectNode properties = node.putObject("properties");
    properties.putArray("tags").add("security").add("external/cwe/cwe-" + rule.cwe());
    properties.put("security-severity", securitySeverity(rule.severity()));
    properties.put("precision", precision(rule));
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
            text(
                finding.rule().name()
                    + " at "
                    + finding.method()
                    + " "
                    + finding.url()
                    + where
                    + ": "
                    + finding.evidence().detail(),
                MAX_TEXT_CHARS));
    ObjectNode physical = node.putArray("locations").addObject().putObject("physicalLocation");
    physical.putObject("artifactLocation").put("uri", uri(finding.url()));
    // a URL has no lines; code scanning wants a region, and line 1 stands for the whole response
    physical.putObject("region").put("startLine", 1);
    String fingerprint = finding.fingerprint();
    ObjectNode fingerprints = node.putObject("partialFingerprints");
    fingerprints.put(FINGERPRINT, fingerprint);
    // the one key code scanning matches results on; ours, so it never computes one from a file
    fingerprints.put("primaryLocationLineHash", fingerprint + ":1");
    ObjectNode properties = node.putObject("properties");
    properties.put("method", text(finding.method(), MAX_PROPERTY_CHARS));
    properties.put("parameter", text(finding.parameter(), MAX_PROPERTY_CHARS));
    properties.put("confidence", finding.confidence().label());
    properties.put("severity", finding.severity().label());
    properties.put("request", text(finding.evidence().request(), MAX_PROPERTY_CHARS));
    properties.put("response", text(finding.evidence().response(), MAX_PROPERTY_CHARS));
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
      suppression.put(
          "justification",
          text(verdict.justification().orElse("ignored by the rules file"), MAX_TEXT_CHARS));
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

  /**
   * How often a rule's findings are real: a passive rule reads a response as it is ({@code
   * very-high}); an active one confirms its payload's effect ({@code high}); a rule no check of
   * ours has is not vouched for ({@code medium}).
   */
  private static String precision(Rule rule) {
    if (PASSIVE_RULES.contains(rule.id())) {
      return "very-high";
    }
    return Checks.rules().stream().anyMatch(known -> known.id().equals(rule.id()))
        ? "high"
        : "medium";
  }

  /**
   * {@code value} safe for any reader: control characters (but tab and line breaks), unpaired
   * surrogates and the non-characters U+FFFE and U+FFFF replaced by U+FFFD; longer than {@code max}
   * characters, cut to {@code max - 1} and an ellipsis, never between the halves of a pair.
   */
  static String text(String value, int max) {
    boolean cut = value.length() > max;
    int end = cut ? max - 1 : value.length();
    if (cut && end > 0 && Character.isHighSurrogate(value.charAt(end - 1))) {
      end--;
    }
    StringBuilder clean = new StringBuilder(end + 1);
    for (int i = 0; i < end; i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < end
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        clean.append(c).append(value.charAt(++i));
        continue;
      }
      boolean control = c < 0x20 && c != '\t' && c != '\n' && c != '\r';
      boolean bad = control || Character.isSurrogate(c) || c == 0xFFFE || c == 0xFFFF;
      clean.append(bad ? '\uFFFD' : c);
    }
    if (cut) {
      clean.append('…');
    }
    return clean.toString();
  }

  /**
   * {@code url} as a URI reference: every character a URI may not hold there (spaces, controls,
   * non-ASCII, a {@code %} that starts no escape, a second {@code #}, brackets outside the host)
   * percent-encoded as UTF-8, cut to {@link #MAX_URI_CHARS} between escapes.
   */
  static String uri(String url) {
    String clean = text(url, MAX_URI_CHARS + 1);
    int scheme = clean.indexOf("://");
    int authorityEnd = scheme < 0 ? -1 : authorityEnd(clean, scheme + 3);
    boolean fragment = false;
    StringBuilder encoded = new StringBuilder(clean.length());
    HexFormat hex = HexFormat.of().withUpperCase();
    for (int i = 0; i < clean.length(); ) {
      int cp = clean.codePointAt(i);
      int width = Character.charCount(cp);
      boolean keep = cp < 0x80 && allowedInUri((char) cp, clean, i, i < authorityEnd, fragment);
      fragment |= cp == '#';
      String piece = clean.substring(i, i + width);
      if (!keep) {
        StringBuilder escapes = new StringBuilder();
        for (byte b : piece.getBytes(StandardCharsets.UTF_8)) {
          escapes.append('%').append(hex.toHexDigits(b));
        }
        piece = escapes.toString();
      }
      if (encoded.length() + piece.length() > MAX_URI_CHARS) {
        break;
      }
      encoded.append(piece);
      i += width;
    }
    return encoded.toString();
  }

  private static int authorityEnd(String text, int from) {
    int end = from;
    while (end < text.length() && "/?#".indexOf(text.charAt(end)) < 0) {
      end++;
    }
    return end;
  }

  private static boolean allowedInUri(
      char c, String text, int at, boolean inAuthority, boolean inFragment) {
    return switch (c) {
      case '%' ->
          at + 2 < text.length()
              && HexFormat.isHexDigit(text.charAt(at + 1))
              && HexFormat.isHexDigit(text.charAt(at + 2));
      case '[', ']' -> inAuthority;
      case '#' -> !inFragment;
      default ->
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "-._~:/?@!$&'()*+,;=".indexOf(c) >= 0;
    };
  }

  private static long size(ObjectNode node) {
    try {
      return JsonReport.MAPPER.writeValueAsBytes(node).length;
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The bytes {@code result} takes inside the indented document, where it is nested 4 deep. */
  private static long nestedSize(ObjectNode result) {
    try {
      byte[] bytes = JsonReport.MAPPER.writeValueAsBytes(result);
      long lines = 1;
      for (byte b : bytes) {
        if (b == '\n') {
          lines++;
        }
      }
      // each line indented 4 more levels, and a comma and line break between results
      return bytes.length + lines * 8 + 2 + 8;
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
