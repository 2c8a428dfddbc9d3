package io.gatehouse.dast.report;

import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Severity;
import io.gatehouse.dast.triage.Status;
import java.util.List;

/**
 * The report as a Markdown summary for a pull request comment or a CI job summary. Suppressed
 * findings are not counted in the severity table; they are listed apart with their justification.
 */
final class MarkdownReport {
  private MarkdownReport() {}

  static String render(ScanReport report) {
    StringBuilder md = new StringBuilder("## Gatehouse DAST: ");
    md.append(Text.markdownCell(report.target())).append("\n\n");
    report
        .stopReason()
        .ifPresent(
            reason ->
                md.append("> **Partial scan**: ")
                    .append(Text.markdownCell(reason))
                    .append(". Findings below are what was found before it stopped.\n\n"));
    md.append("| high | medium | low | info |\n|---:|---:|---:|---:|\n|");
    for (Severity severity : Severity.values()) {
      md.append(' ').append(report.count(severity)).append(" |");
    }
    md.append("\n\n");
    md.append(
        String.format(
            "**%s**: %d failing, %d warning(s), %d in the baseline, %d suppressed.%n%n",
            report.failing().isEmpty() ? "Pass" : "Fail",
            report.count(Status.FAIL),
            report.count(Status.WARN),
            report.count(Status.BASELINE),
            report.count(Status.IGNORED)));
    ScanReport.Stats stats = report.stats();
    md.append(
        String.format(
            "%d pages, %d endpoints, %d parameters tested, %d requests in %d s.%n%n",
            stats.pages(),
            stats.endpoints(),
            stats.injectionPoints(),
            stats.requests(),
            report.duration().toSeconds()));
    List<Finding> reported = report.reported();
    if (reported.isEmpty()) {
      md.append("No findings.\n");
      suppressed(md, report);
      return md.toString();
    }
    md.append("| severity | rule | where | parameter | confidence | status |\n");
    md.append("|---|---|---|---|---|---|\n");
    for (Finding finding : reported) {
      md.append("| ")
          .append(finding.severity().label())
          .append(" | ")
          .append(Text.markdownCell(finding.rule().name() + " (" + finding.rule().id() + ")"))
          .append(" | ")
          .append(Text.markdownCell(finding.method() + " " + finding.url()))
          .append(" | ")
          .append(Text.markdownCell(finding.parameter()))
          .append(" | ")
          .append(finding.confidence().label())
          .append(" | ")
          .append(report.verdict(finding).status().label())
          .append(" |\n");
    }
    md.append("\n<details><summary>Evidence</summary>\n\n");
    for (Finding finding : reported) {
      md.append("**")
          .append(Text.markdownCell(finding.rule().id() + " " + finding.url()))
          .append("**: ")
          .append(Text.markdownCell(finding.evidence().detail()))
          .append("\n<pre>")
          .append(Text.xml(finding.evidence().request()))
          .append("</pre>\n\n");
    }
    md.append("</details>\n");
    suppressed(md, report);
    return md.toString();
  }

  private static void suppressed(StringBuilder md, ScanReport report) {
    List<Finding> suppressed = report.suppressed();
    if (suppressed.isEmpty()) {
      return;
    }
    md.append("\n<details><summary>Suppressed by the rules file (")
        .append(suppressed.size())
        .append(")</summary>\n\n| rule | where | parameter | justification |\n|---|---|---|---|\n");
    for (Finding finding : suppressed) {
      md.append("| ")
          .append(Text.markdownCell(finding.rule().id()))
          .append(" | ")
          .append(Text.markdownCell(finding.method() + " " + finding.url()))
          .append(" | ")
          .append(Text.markdownCell(finding.parameter()))
          .append(" | ")
          .append(Text.markdownCell(report.verdict(finding).justification().orElse("")))
          .append(" |\n");
    }
    md.append("\n</details>\n");
  }
}
