package io.gatehouse.dast.report;

import io.gatehouse.dast.checks.Checks;
import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Rule;
import io.gatehouse.dast.triage.Verdict;
import java.util.List;
import java.util.Locale;

/**
 * The report as JUnit XML, for CI systems that show test results: one test case per rule, which
 * fails when the rule has findings that fail the scan (each listed in the failure); the rule's
 * other findings (below the threshold, warnings, in the baseline, suppressed) are listed in its
 * {@code system-out}, so the test results fail exactly when the exit code does. A partial scan is
 * an error.
 */
final class JunitReport {
  private JunitReport() {}

  static String render(ScanReport report) {
    List<Rule> rules = Checks.rules();
    long failures =
        rules.stream()
            .filter(
                rule -> findingsOf(report, rule).stream().anyMatch(f -> report.verdict(f).fails()))
            .count();
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.append("<testsuites>\n");
    xml.append(
        String.format(
            Locale.ROOT,
            "  <testsuite name=\"gatehouse-dast\" tests=\"%d\" failures=\"%d\" errors=\"%d\""
                + " time=\"%.3f\" timestamp=\"%s\">%n",
            rules.size(),
            failures,
            report.partial() ? 1 : 0,
            report.duration().toMillis() / 1000.0,
            Text.xml(report.started().toString())));
    xml.append("    <properties>\n");
    property(xml, "target", report.target());
    property(xml, "partial", String.valueOf(report.partial()));
    report.stopReason().ifPresent(reason -> property(xml, "stopReason", reason));
    xml.append("    </properties>\n");
    for (Rule rule : rules) {
      testCase(xml, report, rule, findingsOf(report, rule));
    }
    if (report.partial()) {
      xml.append("    <testcase classname=\"gatehouse-dast\" name=\"scan completed\">\n");
      xml.append("      <error message=\"partial scan: ")
          .append(Text.xml(report.stopReason().orElse("")))
          .append("\"/>\n    </testcase>\n");
    }
    xml.append("  </testsuite>\n</testsuites>\n");
    return xml.toString();
  }

  private static List<Finding> findingsOf(ScanReport report, Rule rule) {
    return report.findings().stream().filter(f -> f.rule().id().equals(rule.id())).toList();
  }

  private static void property(StringBuilder xml, String name, String value) {
    xml.append("      <property name=\"")
        .append(Text.xml(name))
        .append("\" value=\"")
        .append(Text.xml(value))
        .append("\"/>\n");
  }

  private static void testCase(
      StringBuilder xml, ScanReport report, Rule rule, List<Finding> findings) {
    List<Finding> failing = findings.stream().filter(f -> report.verdict(f).fails()).toList();
    List<Finding> others = findings.stream().filter(f -> !report.verdict(f).fails()).toList();
    xml.append("    <testcase classname=\"gatehouse-dast.")
        .append(Text.xml(rule.id()))
        .append("\" name=\"")
        .append(Text.xml(rule.name()))
        .append("\"");
    if (findings.isEmpty()) {
      xml.append("/>\n");
      return;
    }
    xml.append(">\n");
    if (!failing.isEmpty()) {
      xml.append("      <failure type=\"")
          .append(rule.severity().label())
          .append("\" message=\"")
          .append(failing.size())
          .append(" finding(s), severity ")
          .append(rule.severity().label())
          .append(", CWE-")
          .append(rule.cwe())
          .append("\">");
      failing.forEach(f -> xml.append(Text.xml(line(f, report.verdict(f)))));
      xml.append(Text.xml("Fix: " + rule.remediation()));
      xml.append("</failure>\n");
    }
    if (!others.isEmpty()) {
      xml.append("      <system-out>");
      others.forEach(f -> xml.append(Text.xml(line(f, report.verdict(f)))));
      xml.append("</system-out>\n");
    }
    xml.append("    </testcase>\n");
  }

  private static String line(Finding finding, Verdict verdict) {
    return "["
        + verdict.status().label()
        + verdict.justification().map(j -> ": " + j).orElse("")
        + "] "
        + finding.method()
        + " "
        + finding.url()
        + finding.parameterName().map(p -> " parameter " + p).orElse("")
        + " ("
        + finding.confidence().label()
        + "): "
        + finding.evidence().detail()
        + "\n";
  }
}
