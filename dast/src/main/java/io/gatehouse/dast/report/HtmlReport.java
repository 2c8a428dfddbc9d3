package io.gatehouse.dast.report;

import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Severity;
import io.gatehouse.dast.triage.Status;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Comparator;

/**
 * The report as one self-contained HTML page (no external resource), filterable by severity,
 * status, rule and text, with a count of the findings shown. Every value from the scan is escaped,
 * and the page's own CSP allows only its own style and script, pinned by their SHA-256 hashes: no
 * other inline script, event handler or style attribute runs even if a value were not escaped, so
 * evidence from a hostile target cannot run in the reader's browser. Findings the rules file
 * ignores are not counted; they are listed apart, with their justification.
 */
final class HtmlReport {
  private static final String STYLE =
      "body{font-family:system-ui,sans-serif;margin:2em;color:#222}"
          + "table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:4px;"
          + "vertical-align:top;text-align:left}pre{white-space:pre-wrap;word-break:break-all;"
          + "max-height:20em;overflow:auto;background:#f6f6f6;padding:4px}"
          + ".high{color:#b00020;font-weight:bold}.medium{color:#b35c00}.low{color:#555}"
          + ".info{color:#777}.partial{background:#fff3cd;padding:8px;border:1px solid #e0c060}"
          + "label{margin-right:1em}tr.hidden{display:none}";
  private static final String SCRIPT =
      "(function(){var ids=['sev','status','rule','q'];"
          + "function v(id){return document.getElementById(id).value;}"
          + "function f(){var s=v('sev'),t=v('status'),r=v('rule'),q=v('q').toLowerCase(),n=0;"
          + "var rows=document.querySelectorAll('tr.finding');rows.forEach(function(e){"
          + "var ok=(s===''||e.dataset.severity===s)&&(t===''||e.dataset.status===t)"
          + "&&(r===''||e.dataset.rule===r)&&e.textContent.toLowerCase().indexOf(q)>=0;"
          + "e.classList.toggle('hidden',!ok);if(ok){n++;}});"
          + "document.getElementById('shown').textContent=n+' of '+rows.length+' shown';}"
          + "ids.forEach(function(id){var e=document.getElementById(id);"
          + "e.addEventListener('input',f);e.addEventListener('change',f);});f();})();";
  private static final String CSP =
      "default-src 'none'; style-src "
          + hash(STYLE)
          + "; script-src "
          + hash(SCRIPT)
          + "; base-uri 'none'; form-action 'none'";

  private HtmlReport() {}

  static String render(ScanReport report) {
    StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head>");
    html.append("<meta charset=\"utf-8\">");
    html.append("<meta http-equiv=\"Content-Security-Policy\" content=\"" + CSP + "\">");
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
    html.append(
        "</select></label><label>Status <select id=\"status\"><option value=\"\">all</option>");
    for (Status status : Status.values()) {
      if (status != Status.IGNORED) {
        html.append("<option>").append(status.label()).append("</option>");
      }
    }
    html.append("</select></label><label>Rule <select id=\"rule\"><option value=\"\">all</option>");
    report.reported().stream()
        .map(finding -> finding.rule().id())
        .distinct()
        .sorted()
        .forEach(id -> html.append("<option>").append(Text.xml(id)).append("</option>"));
    html.append("</select></label><label>Search <input id=\"q\" type=\"search\"></label>")
        .append("<span id=\"shown\"></span></p>");
    html.append(
        "<table><thead><tr><th>severity</th><th>rule</th><th>where</th><th>parameter</th>"
            + "<th>evidence</th></tr></thead><tbody>");
    report.reported().stream()
        .sorted(
            Comparator.comparing((Finding finding) -> !report.verdict(finding).fails())
                .thenComparing(Finding::severity))
        .forEach(finding -> row(html, finding, report.verdict(finding).status()));
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
        .append("\" data-status=\"")
        .append(status.label())
        .append("\" data-rule=\"")
        .append(Text.xml(finding.rule().id()))
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

  /** A CSP source for {@code text} by its SHA-256 hash. */
  private static String hash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
