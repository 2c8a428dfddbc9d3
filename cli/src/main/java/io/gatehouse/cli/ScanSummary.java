package io.gatehouse.cli;

import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Severity;
import io.gatehouse.dast.report.ScanReport;
import io.gatehouse.dast.triage.Status;
import java.io.PrintWriter;
import java.util.List;

/** The plain-text summary {@code gatehouse scan} prints on standard output. */
final class ScanSummary {
  private static final int MAX_LISTED = 50;

  private ScanSummary() {}

  static void print(ScanReport report, PrintWriter out) {
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
    if (report.count(Status.IGNORED) + report.count(Status.WARN) + report.count(Status.BASELINE)
        > 0) {
      out.printf(
          "triage: %d warning(s), %d in the baseline, %d suppressed by the rules file%n",
          report.count(Status.WARN), report.count(Status.BASELINE), report.count(Status.IGNORED));
    }
    List<Finding> findings = report.reported();
    findings.stream()
        .limit(MAX_LISTED)
        .forEach(
            f ->
                out.printf(
                    "  %-6s %-8s %-28s %s %s%s%n",
                    f.severity().label(),
                    report.verdict(f).status().label(),
                    f.rule().id(),
                    f.method(),
                    f.url(),
                    f.parameterName().map(p -> " [" + p + "]").orElse("")));
    if (findings.size() > MAX_LISTED) {
      out.printf("  ... and %d more (see the reports)%n", findings.size() - MAX_LISTED);
    }
    int failing = report.failing().size();
    String threshold =
        report.triage().threshold().map(t -> "at or above " + t.label()).orElse("--fail-on none");
    out.println(
        failing == 0
            ? "result: pass (no failing finding; " + threshold + ")"
            : "result: FAIL (" + failing + " failing finding(s); " + threshold + ")");
    out.flush();
  }
}
