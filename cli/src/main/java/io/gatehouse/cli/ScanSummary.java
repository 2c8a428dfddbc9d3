package io.gatehouse.cli;

import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Severity;
import io.gatehouse.dast.report.ScanReport;
import java.io.PrintWriter;
import java.util.List;

/** The plain-text summary {@code gatehouse scan} prints on standard output. */
final class ScanSummary {
  private static final int MAX_LISTED = 50;

  private ScanSummary() {}

  static void print(ScanReport report, Severity threshold, PrintWriter out) {
    report
        .stopReason()
        .ifPresent(
            reason -> out.println("PARTIAL SCAN: " + reason + "; the findings are incomplete"));
    ScanReport.Stats stats = report.stats();
    out.printf(
        "scanned %s in %d s: %d pages, %d endpoints, %d parameters tested, %d requests%n",
        report.target(),
        report.duration().toSeconds(),
        stats.pages(),
        stats.endpoints(),
        stats.injectionPoints(),
        stats.requests());
    out.printf(
        "findings: high %d, medium %d, low %d, info %d%n",
        report.count(Severity.HIGH),
        report.count(Severity.MEDIUM),
        report.count(Severity.LOW),
        report.count(Severity.INFO));
    List<Finding> findings = report.findings();
    findings.stream()
        .limit(MAX_LISTED)
        .forEach(
            f ->
                out.printf(
                    "  %-6s %-28s %s %s%s%n",
                    f.severity().label(),
                    f.rule().id(),
                    f.method(),
                    f.url(),
                    f.parameterName().map(p -> " [" + p + "]").orElse("")));
    if (findings.size() > MAX_LISTED) {
      out.printf("  ... and %d more (see the reports)%n", findings.size() - MAX_LISTED);
    }
    List<Finding> failing = ScanCommand.failing(report, threshold);
    out.println(
        threshold == null
            ? "result: pass (--fail-on none)"
            : failing.isEmpty()
                ? "result: pass (no finding at or above " + threshold.label() + ")"
                : "result: FAIL ("
                    + failing.size()
                    + " finding(s) at or above "
                    + threshold.label()
                    + ")");
    out.flush();
  }
}
