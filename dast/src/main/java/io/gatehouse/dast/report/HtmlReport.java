package io.gatehouse.dast.report;

import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Severity;

/**
 * The report as one self-contained HTML page (no external resource), filterable by severity and
 * text. Every value from the scan is escaped, and the page's own CSP allows only its inline style
 * and script, so evidence from a hostile target cannot run in the reader's browser.
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
    html.append("</p><p><label>Severity <select id=\"sev\"><option value=\"\">all</option>");
    for (Severity severity : Severity.values()) {
      html.append("<option>").append(severity.label()).append("</option>");
    }
    html.append("</select></label> <label>Search <input id=\"q\" type=\"search\"></label></p>");
    html.append(
        "<table><thead><tr><th>severity</th><th>rule</th><th>where</th><th>parameter</th>"
            + "<th>evidence</th></tr></thead><tbody>");
    report.findings().forEach(finding -> row(html, finding));
    html.append("</tbody></table><script>").append(SCRIPT).append("</script></body></html>\n");
    return html.toString();
  }

  private static void row(StringBuilder html, Finding finding) {
    String severity = finding.severity().label();
    html.append("<tr class=\"finding\" data-severity=\"")
        .append(severity)
        .append("\"><td class=\"")
        .append(severity)
        .append("\">")
        .append(severity)
        .append("<br>")
        .append(finding.confidence().label())
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
