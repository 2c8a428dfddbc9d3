package io.gatehouse.dast.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import io.gatehouse.dast.findings.Confidence;
import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Rule;
import io.gatehouse.dast.findings.Severity;
import io.gatehouse.dast.triage.Baseline;
import io.gatehouse.dast.triage.RulesFile;
import io.gatehouse.dast.triage.Triage;
import io.gatehouse.testing.Chromium;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML report as a person reads it, in Debian's Chromium: filters, and hostile evidence. */
class HtmlReportBrowserIT {
  /** Every way a value from the target could try to run script in the report's reader. */
  private static final List<String> HOSTILE =
      List.of(
          "<script>window.pwned='script'</script>",
          "\"><img src=x onerror=\"window.pwned='attribute'\">",
          "</pre></details><svg onload=\"window.pwned='svg'\"></svg>",
          "<style>body{display:none}</style>",
          "<a href=\"javascript:window.pwned='link'\">x</a>",
          "<meta http-equiv=\"refresh\" content=\"0;url=javascript:window.pwned='meta'\">",
          "<base href=\"http://evil.test/\"><script src=\"x.js\"></script>");

  private static final Rule XSS =
      Rule.of(
          "xss-reflected", "Reflected cross-site scripting", Severity.HIGH, 79, "Encode output.");
  private static final Rule SQLI =
      Rule.of("sql-injection", "SQL injection", Severity.HIGH, 89, "Use bound parameters.");
  private static final Rule CSP =
      Rule.perSite(
          "csp-missing",
          "Content-Security-Policy header missing",
          Severity.MEDIUM,
          693,
          "Send one.");
  private static final Rule COOKIE =
      Rule.perSite(
          "cookie-without-httponly", "Cookie without HttpOnly", Severity.LOW, 1004, "Set it.");

  private static Chromium chromium;

  @TempDir Path directory;
  private Page page;
  private final List<String> consoleErrors = new ArrayList<>();
  private final List<String> requests = new ArrayList<>();

  @BeforeAll
  static void launch() {
    chromium = Chromium.launch();
  }

  @AfterAll
  static void close() {
    chromium.close();
  }

  @BeforeEach
  void open() throws Exception {
    Path rulesFile = directory.resolve("rules.yaml");
    RulesFile rules =
        RulesFile.parse(
            rulesFile,
            """
            rules:
              - id: csp-missing
                action: warn
                justification: legacy widget
              - id: cookie-without-httponly
                action: ignore
                justification: "read by the <b>analytics</b> script"
            """
                .getBytes(StandardCharsets.UTF_8));
    ScanReport report =
        report().withTriage(Triage.of(Optional.of(Severity.HIGH), rules, Baseline.none()));
    Path file = directory.resolve("report.html");
    Files.writeString(file, Reports.render(report, ReportFormat.HTML), StandardCharsets.UTF_8);
    page = chromium.newPage();
    page.onConsoleMessage(
        message -> {
          if (message.type().equals("error")) {
            consoleErrors.add(message.text());
          }
        });
    page.onRequest(request -> requests.add(request.url()));
    page.navigate(file.toUri().toString());
  }

  @Test
  void report_noFilter_showsEveryReportedFindingFailingFirst() {
    assertThat(page.textContent("#shown")).isEqualTo("9 of 9 shown");
    assertThat(page.locator("tr.finding").first().getAttribute("data-status")).isEqualTo("fail");
    assertThat(page.locator("tr.finding").last().getAttribute("data-status")).isEqualTo("warn");
    // The ignored cookie finding is listed apart with its justification, as text.
    assertThat(page.locator("tr.suppressed").textContent())
        .contains("cookie-without-httponly", "read by the <b>analytics</b> script");
  }

  @Test
  void filters_severityStatusRuleAndText_showOnlyMatchingRows() {
    page.selectOption("#sev", "medium");
    assertThat(visibleRules()).containsOnly("csp-missing");
    assertThat(page.textContent("#shown")).isEqualTo("1 of 9 shown");

    page.selectOption("#sev", "");
    page.selectOption("#status", "fail");
    assertThat(visibleRules()).hasSize(8).doesNotContain("csp-missing");

    page.selectOption("#rule", "sql-injection");
    assertThat(visibleRules()).hasSize(7).containsOnly("sql-injection");

    page.selectOption("#rule", "");
    page.selectOption("#status", "");
    page.fill("#q", "/ACCOUNT");
    assertThat(visibleRules()).containsExactly("xss-reflected");
    assertThat(page.textContent("#shown")).isEqualTo("1 of 9 shown");

    page.fill("#q", "no such text");
    assertThat(visibleRules()).isEmpty();
    assertThat(page.textContent("#shown")).isEqualTo("0 of 9 shown");
  }

  @Test
  void report_hostileEvidence_shownAsTextAndNothingRuns() {
    assertThat(page.evaluate("typeof window.pwned")).isEqualTo("undefined");
    assertThat(page.locator("tr.finding").count()).isEqualTo(9);
    String text = page.textContent("body");
    for (String hostile : HOSTILE) {
      assertThat(text).contains(hostile);
    }
    // The page is whole: the hostile <style> did not hide it, and its own style applies.
    assertThat(page.isVisible("h1")).isTrue();
    assertThat(page.evaluate("getComputedStyle(document.body).fontFamily").toString())
        .contains("system-ui");
    // Self-contained: the page loaded nothing but itself, and the CSP blocked nothing of its own.
    assertThat(requests).hasSize(1).allMatch(url -> url.startsWith("file:"));
    assertThat(consoleErrors).isEmpty();
  }

  @Test
  void report_detailsOfAFinding_openOnClickWithRequestAndResponse() {
    page.fill("#q", "/account");
    page.locator("tr.finding:not(.hidden) summary").click();
    assertThat(page.locator("tr.finding:not(.hidden) details pre").first().isVisible()).isTrue();
    assertThat(page.locator("tr.finding:not(.hidden) details pre").first().textContent())
        .startsWith("GET http://shop.test/account?q=");
  }

  private List<String> visibleRules() {
    return page.locator("tr.finding:not(.hidden)").all().stream()
        .map(row -> row.getAttribute("data-rule"))
        .toList();
  }

  private static ScanReport report() {
    List<Finding> findings = new ArrayList<>();
    findings.add(
        new Finding(
            COOKIE,
            Confidence.HIGH,
            "http://shop.test/",
            "GET",
            "",
            new Finding.Evidence("GET /", "Set-Cookie: sid=1", "sid")));
    findings.add(
        new Finding(
            CSP,
            Confidence.HIGH,
            "http://shop.test/",
            "GET",
            "",
            new Finding.Evidence("GET /", "HTTP 200", "no header")));
    findings.add(
        new Finding(
            XSS,
            Confidence.CONFIRMED,
            "http://shop.test/account",
            "GET",
            "q",
            new Finding.Evidence(
                "GET http://shop.test/account?q=x", "HTTP 200\nx", "the marker came back")));
    for (int i = 0; i < HOSTILE.size(); i++) {
      String hostile = HOSTILE.get(i);
      findings.add(
          new Finding(
              SQLI,
              Confidence.HIGH,
              "http://shop.test/item/" + i,
              "POST",
              "id" + i,
              new Finding.Evidence(
                  "POST http://shop.test/item/" + i + "\n\nid=" + hostile,
                  "HTTP 500\n" + hostile,
                  hostile)));
    }
    return new ScanReport(
        "http://shop.test/",
        Instant.parse("2026-01-01T10:00:00Z"),
        Instant.parse("2026-01-01T10:01:30Z"),
        Optional.empty(),
        new ScanReport.Stats(10, 3, 5, 420, 2),
        findings);
  }
}
