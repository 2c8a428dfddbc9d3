package io.gatehouse.dast.report;

import io.gatehouse.dast.checks.Checks;
import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Rule;
import java.util.List;
import java.util.Locale;

/**
 * The report as JUnit XML, for CI systems that show test results: one test case per rule, which
 * fails when the rule has findings (each listed in the failure), and a partial scan noted.
 */
final class JunitReport {
  private JunitReport() {}

  static String render(ScanReport report) {
    List<Rule> rules = Checks.rules();
    long failures = rules.stream().filter(rule -> !findingsOf(report, rule).isEmpty()).count();
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
      testCase(xml, rule, findingsOf(report, rule));
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

  private static void testCase(StringBuilder xml, Rule rule, List<Finding> findings) {
    xml.append("    <testcase classname=\"gatehouse-dast.")
        .append(Text.xml(rule.id()))
        .append("\" name=\"")
        .append(Text.xml(rule.name()))
        .append("\"");
    if (findings.isEmpty()) {
      xml.append("/>\n");
      return;
    }
    xml.append(">\n      <failure type=\"")
        .append(rule.severity().label())
        .append("\" message=\"")
        .append(findings.size())
        .append(" finding(s), severity ")
        .append(rule.severity().label())
        .append(", CWE-")
        .append(rule.cwe())
        .append("\">");
    for (Finding finding : findings) {
      xml.append(
          Text.xml(
              finding.method()
                  + " "
                  + finding.url()
                  + finding.parameterName().map(p -> " parameter " + p).orElse("")
                  + " ("
                  + finding.confidence().label()
                  + "): "
                  + finding.evidence().detail()
                  + "\n"));
    }
    xml.append(Text.xml("Fix: " + rule.remediation()));
    xml.append("</failure>\n    </testcase>\n");
  }
}
