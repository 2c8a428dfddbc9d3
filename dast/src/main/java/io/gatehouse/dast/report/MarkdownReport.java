package io.gatehouse.dast.report;

import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Severity;

/** The report as a Markdown summary for a pull request comment or a CI job summary. */
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
    ScanReport.Stats stats = report.stats();
    md.append(
        String.format(
            "%d pages, %d endpoints, %d parameters tested, %d requests in %d s.%n%n",
            stats.pages(),
            stats.endpoints(),
            stats.injectionPoints(),
            stats.requests(),
            report.duration().toSeconds()));
    if (report.findings().isEmpty()) {
      md.append("No findings.\n");
      return md.toString();
    }
    md.append("| severity | rule | where | parameter | confidence |\n|---|---|---|---|---|\n");
    for (Finding finding : report.findings()) {
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
          .append(" |\n");
    }
    md.append("\n<details><summary>Evidence</summary>\n\n");
    for (Finding finding : report.findings()) {
      md.append("**")
          .append(Text.markdownCell(finding.rule().id() + " " + finding.url()))
          .append("**: ")
          .append(Text.markdownCell(finding.evidence().detail()))
          .append("\n<pre>")
          .append(Text.xml(finding.evidence().request()))
          .append("</pre>\n\n");
    }
    md.append("</details>\n");
    return md.toString();
  }
}
