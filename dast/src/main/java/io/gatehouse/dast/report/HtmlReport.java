package io.gatehouse.dast.report;

import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Severity;
import io.gatehouse.dast.triage.Status;

/**
 * The report as one self-contained HTML page (no external resource), filterable by severity and
 * text. Every value from the scan is escaped, and the page's own CSP allows only its inline style
 * and script, so evidence from a hostile target cannot run in the reader's browser. Findings the
 * rules file ignores are not counted; they are listed apart, with their justification.
 */
final class HtmlReport {
  private static final String STYLE =
      "body{font-family:system-ui,sans-serif;margin:2em;color:#222}"
          + "table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:4px;"
          + "vertical-align:top;text-align:left}pre{white-space:pre-wrap;word-break:break-all;"
          + "max-height:20em;overflow:auto;background:#f6f6f6;padding:4px}"
          + ".high{color:#b00020;font-weight:bold}.medium{color:#b35c00}.low{color:#555}"
          + ".info{color:#777}.partial{background:#fff3cd;padding:8px;border:1px solid #e0c060}";
  private static final String SCRIPT =
      "function f(){var s=document.getElementById('sev').value,q=document.getElementById('q')"
          + ".value.toLowerCase();document.querySelectorAll('tr.finding').forEach(function(r){"
          + "var ok=(s===''||r.dataset.severity===s)&&r.textContent.toLowerCase().indexOf(q)>=0;"
          + "r.style.display=ok?'':'none';});}"
          + "document.getElementById('sev').addEventListener('change',f);"
          + "document.getElementById('q').addEventListener('input',f);";

  private HtmlReport() {}

  static String render(ScanReport report) {
    StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head>");
    html.append("<meta charset=\"utf-8\">");
    html.append(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"
            + " style-src 'unsafe-inline'; script-src 'unsafe-inline'\">");
    html.append("<title>Gatehouse DAST: ").append(Text.xml(report.target())).append("</title>");
    html.append("<style>").append(STYLE).append("</style></head><body>");
    html.append("<h1>Gatehouse DAST</h1><p>Target: <code>")
        .append(Text.xml(report.target()))
        .append("</code><br>Started ")
        .append(Text.xml(report.started().toString()))
        .append(", took ")
        .append(report.duration().toSeconds())
        .append(" s; ")
        .append(report.stats().requests())
        .append(" requests, ")
        .append(report.stats().pages())
        .append(" pages, ")
        .append(report.stats().injectionPoints())
        .append(" parameters tested.</p>");
    report
        .stopReason()
        .ifPresent(
            reason ->
                html.append("<p class=\"partial\"><b>Partial scan</b>: ")
                    .append(Text.xml(reason))
                    .append("</p>"));
    html.append("<p>");
    for (Severity severity : Severity.values()) {
      html.append("<span class=\"")
          .append(severity.label())
          .append("\">")
          .append(severity.label())
          .append(": ")
          .append(report.count(severity))
          .append("</span> &nbsp; ");
    }
    html.append("</p><p><b>")
        .append(report.failing().isEmpty() ? "Pass" : "Fail")
        .append("</b>: ")
        .append(report.count(Status.FAIL))
        .append(" failing, ")
        .append(report.count(Status.WARN))
        .append(" warning(s), ")
        .append(report.count(Status.BASELINE))
        .append(" in the baseline, ")
        .append(report.count(Status.IGNORED))
        .append(" suppressed.");
    html.append("</p><p><label>Severity <select id=\"sev\"><option value=\"\">all</option>");
    for (Severity severity : Severity.values()) {
      html.append("<option>").append(severity.label()).append("</option>");
    }
    html.append("</select></label> <label>Search <input id=\"q\" type=\"search\"></label></p>");
    html.append(
        "<table><thead><tr><th>severity</th><th>rule</th><th>where</th><th>parameter</th>"
            + "<th>evidence</th></tr></thead><tbody>");
    report.reported().forEach(finding -> row(html, finding, report.verdict(finding).status()));
    html.append("</tbody></table>");
    suppressed(html, report);
    html.append("<script>").append(SCRIPT).append("</script></body></html>\n");
    return html.toString();
  }

  private static void suppressed(StringBuilder html, ScanReport report) {
    if (report.suppressed().isEmpty()) {
      return;
    }
    html.append("<h2>Suppressed by the rules file</h2><table><thead><tr><th>rule</th>")
        .append("<th>where</th><th>parameter</th><th>justification</th></tr></thead><tbody>");
    for (Finding finding : report.suppressed()) {
      html.append("<tr class=\"suppressed\"><td><code>")
          .append(Text.xml(finding.rule().id()))
          .append("</code></td><td>")
          .append(Text.xml(finding.method() + " " + finding.url()))
          .append("</td><td>")
          .append(Text.xml(finding.parameter()))
          .append("</td><td>")
          .append(Text.xml(report.verdict(finding).justification().orElse("")))
          .append("</td></tr>");
    }
    html.append("</tbody></table>");
  }

  private static void row(StringBuilder html, Finding finding, Status status) {
    String severity = finding.severity().label();
    html.append("<tr class=\"finding\" data-severity=\"")
        .append(severity)
        .append("\"><td class=\"")
        .append(severity)
        .append("\">")
        .append(severity)
        .append("<br>")
        .append(finding.confidence().label())
        .append("<br>")
        .append(status.label())
        .append("</td><td>")
        .append(Text.xml(finding.rule().name()))
        .append("<br><code>")
        .append(Text.xml(finding.rule().id()))
        .append("</code> CWE-")
        .append(finding.rule().cwe())
        .append("<br><small>")
        .append(Text.xml(finding.rule().remediation()))
        .append("</small></td><td>")
        .append(Text.xml(finding.method() + " " + finding.url()))
        .append("</td><td>")
        .append(Text.xml(finding.parameter()))
        .append("</td><td>")
        .append(Text.xml(finding.evidence().detail()))
        .append("<details><summary>request / response</summary><pre>")
        .append(Text.xml(finding.evidence().request()))
        .append("</pre><pre>")
        .append(Text.xml(finding.evidence().response()))
        .append("</pre></details></td></tr>");
  }
}
