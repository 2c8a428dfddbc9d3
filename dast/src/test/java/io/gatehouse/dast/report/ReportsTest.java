package io.gatehouse.dast.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.dast.findings.Confidence;
import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Rule;
import io.gatehouse.dast.findings.Severity;
import io.gatehouse.dast.triage.Baseline;
import io.gatehouse.dast.triage.RulesFile;
import io.gatehouse.dast.triage.Triage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

class ReportsTest {
  private static final String HOSTILE = "<script>alert('x')</script>\u0000|`*]]></failure>\"";
  private static final Rule XSS =
      Rule.of(
          "xss-reflected", "Reflected cross-site scripting", Severity.HIGH, 79, "Encode output.");
  private static final Rule HEADER =
      Rule.perSite(
          "csp-missing",
          "Content-Security-Policy header missing",
          Severity.MEDIUM,
          693,
          "Send one.");

  @TempDir Path directory;

  private static ScanReport report(Optional<String> stopReason) {
    Finding xss =
        new Finding(
            XSS,
            Confidence.CONFIRMED,
            "http://shop.test/search",
            "GET",
            "q",
            new Finding.Evidence(
                "GET http://shop.test/search?q=" + HOSTILE,
                "HTTP 200\n" + HOSTILE,
                "detail " + HOSTILE));
    Finding csp =
        new Finding(
            HEADER,
            Confidence.HIGH,
            "http://shop.test/",
            "GET",
            "",
            new Finding.Evidence("GET /", "", "none"));
    return new ScanReport(
        "http://shop.test/",
        Instant.parse("2026-01-01T10:00:00Z"),
        Instant.parse("2026-01-01T10:01:30Z"),
        stopReason,
        new ScanReport.Stats(10, 3, 5, 420, 2),
        List.of(xss, csp));
  }

  @Test
  void sarif_twoFindings_validShapeWithRulesLevelsAndCweTags() throws Exception {
    JsonNode sarif =
        new ObjectMapper().readTree(Reports.render(report(Optional.empty()), ReportFormat.SARIF));
    assertThat(sarif.path("version").asText()).isEqualTo("2.1.0");
    assertThat(sarif.path("$schema").asText()).isEqualTo(SarifReport.SCHEMA);
    JsonNode run = sarif.path("runs").get(0);
    JsonNode rules = run.path("tool").path("driver").path("rules");
    assertThat(rules.size()).isGreaterThan(10);
    JsonNode result = run.path("results").get(0);
    assertThat(result.path("ruleId").asText()).isEqualTo("xss-reflected");
    assertThat(result.path("level").asText()).isEqualTo("error");
    int ruleIndex = result.path("ruleIndex").asInt();
    assertThat(rules.get(ruleIndex).path("id").asText()).isEqualTo("xss-reflected");
    assertThat(rules.get(ruleIndex).path("properties").path("tags").toString())
        .contains("external/cwe/cwe-79");
    assertThat(
            result
                .path("locations")
                .get(0)
                .path("physicalLocation")
                .path("artifactLocation")
                .path("uri")
                .asText())
        .isEqualTo("http://shop.test/search");
    assertThat(result.path("partialFingerprints").path(SarifReport.FINGERPRINT).asText())
        .matches("[0-9a-f]{32}");
    assertThat(run.path("results").get(1).path("level").asText()).isEqualTo("warning");
    assertThat(run.path("invocations").get(0).path("executionSuccessful").asBoolean()).isTrue();
  }

  @Test
  void sarif_partialScan_notSuccessfulWithNotification() throws Exception {
    JsonNode sarif =
        new ObjectMapper()
            .readTree(
                Reports.render(report(Optional.of("time limit reached")), ReportFormat.SARIF));
    JsonNode invocation = sarif.path("runs").get(0).path("invocations").get(0);
    assertThat(invocation.path("executionSuccessful").asBoolean()).isFalse();
    assertThat(invocation.path("toolExecutionNotifications").toString())
        .contains("time limit reached");
  }

  @Test
  void json_findingFieldsAndSummary_present() throws Exception {
    JsonNode json =
        new ObjectMapper().readTree(Reports.render(report(Optional.empty()), ReportFormat.JSON));
    assertThat(json.path("partial").asBoolean()).isFalse();
    assertThat(json.path("summary").path("high").asInt()).isEqualTo(1);
    assertThat(json.path("stats").path("requests").asLong()).isEqualTo(420);
    JsonNode finding = json.path("findings").get(0);
    for (String field :
        List.of(
            "ruleId",
            "name",
            "severity",
            "confidence",
            "cwe",
            "url",
            "method",
            "parameter",
            "evidence",
            "remediation")) {
      assertThat(finding.has(field)).as(field).isTrue();
    }
    assertThat(finding.path("evidence").path("response").asText()).contains("<script>");
  }

  @Test
  void junit_hostileEvidence_wellFormedXmlWithOneFailurePerRuleWithFailingFindings()
      throws Exception {
    String xml = Reports.render(report(Optional.of("interrupted")), ReportFormat.JUNIT);
    org.w3c.dom.Document document =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    Element suite = (Element) document.getElementsByTagName("testsuite").item(0);
    assertThat(suite.getAttribute("failures")).isEqualTo("1");
    assertThat(suite.getAttribute("errors")).isEqualTo("1");
    assertThat(document.getElementsByTagName("failure").getLength()).isEqualTo(1);
    assertThat(document.getElementsByTagName("failure").item(0).getTextContent())
        .contains("<script>");
  }

  @Test
  void html_hostileEvidence_escapedSoNoScriptButTheReportsOwn() {
    String html = Reports.render(report(Optional.of("time limit reached")), ReportFormat.HTML);
    Document document = Jsoup.parse(html);
    assertThat(document.select("script")).hasSize(1);
    assertThat(document.select("script").first().data()).doesNotContain("alert");
    assertThat(document.select("tr.finding")).hasSize(2);
    assertThat(document.text()).contains("<script>alert('x')</script>", "Partial scan");
    assertThat(html).doesNotContain("\u0000");
  }

  @Test
  void markdown_hostileEvidence_tableCellsEscaped() {
    String markdown = Reports.render(report(Optional.empty()), ReportFormat.MARKDOWN);
    assertThat(markdown).contains("| high | medium | low | info |", "| 1 | 1 | 0 | 0 |");
    assertThat(markdown).doesNotContain("<script>");
    assertThat(markdown.lines().filter(l -> l.startsWith("| high | Reflected"))).hasSize(1);
  }

  @Test
  void write_intoMissingDirectory_createsTheFile() throws Exception {
    Path file = directory.resolve("a/b/report.json");
    Reports.write(report(Optional.empty()), ReportFormat.JSON, file);
    assertThat(Files.readString(file)).contains("xss-reflected");
    try (var files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void write_evidenceCutAtASurrogatePairAndLoneSurrogate_everyFormatWrittenAsUtf8()
      throws Exception {
    String emoji = "🎯".repeat(Finding.EXCERPT_CHARS);
    Finding cut =
        new Finding(
            XSS,
            Confidence.HIGH,
            "http://shop.test/search",
            "GET",
            "q\ud800",
            new Finding.Evidence("GET /" + emoji, "x" + emoji, "x" + emoji));
    // The clip keeps the pair at its edge whole; the parameter still carries a lone surrogate.
    assertThat(Character.isHighSurrogate(cut.evidence().detail().charAt(Finding.EXCERPT_CHARS - 1)))
        .isFalse();
    ScanReport report =
        new ScanReport(
            "http://shop.test/",
            Instant.parse("2026-01-01T10:00:00Z"),
            Instant.parse("2026-01-01T10:01:30Z"),
            Optional.empty(),
            new ScanReport.Stats(1, 1, 1, 1, 0),
            List.of(cut));

    for (ReportFormat format : ReportFormat.values()) {
      Path file = directory.resolve("cut." + format.name().toLowerCase(java.util.Locale.ROOT));
      Reports.write(report, format, file);
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
              .toString();
      assertThat(text).as(format.name()).contains("🎯🎯");
    }
  }

  private ScanReport xssIgnored() throws Exception {
    Path rules = directory.resolve("rules.yaml");
    Files.writeString(
        rules,
        "rules:\n  - id: xss-reflected\n    action: ignore\n    justification: decoy page\n");
    return report(Optional.empty())
        .withTriage(
            Triage.of(Optional.of(Severity.MEDIUM), RulesFile.load(rules), Baseline.none()));
  }

  @Test
  void sarif_ignoredFinding_noteWithExternalSuppressionAndJustification() throws Exception {
    JsonNode results =
        new ObjectMapper()
            .readTree(Reports.render(xssIgnored(), ReportFormat.SARIF))
            .path("runs")
            .get(0)
            .path("results");
    JsonNode xss = results.get(0);
    assertThat(xss.path("ruleId").asText()).isEqualTo("xss-reflected");
    assertThat(xss.path("level").asText()).isEqualTo("note");
    assertThat(xss.path("suppressions").get(0).path("kind").asText()).isEqualTo("external");
    assertThat(xss.path("suppressions").get(0).path("justification").asText())
        .isEqualTo("decoy page");
    assertThat(results.get(1).path("level").asText()).isEqualTo("error");
    assertThat(results.get(1).has("suppressions")).isFalse();
  }

  @Test
  void json_ignoredFinding_notCountedListedWithStatus() throws Exception {
    JsonNode json = new ObjectMapper().readTree(Reports.render(xssIgnored(), ReportFormat.JSON));
    assertThat(json.path("summary").path("high").asInt()).isZero();
    assertThat(json.path("summary").path("suppressed").asInt()).isEqualTo(1);
    assertThat(json.path("summary").path("failing").asInt()).isEqualTo(1);
    JsonNode xss = json.path("findings").get(0);
    assertThat(xss.path("status").asText()).isEqualTo("ignored");
    assertThat(xss.path("justification").asText()).isEqualTo("decoy page");
    assertThat(xss.path("fingerprint").asText()).matches("[0-9a-f]{32}");
  }

  @Test
  void junit_ignoredFinding_noFailureForItsRule() throws Exception {
    String xml = Reports.render(xssIgnored(), ReportFormat.JUNIT);
    org.w3c.dom.Document document =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    Element suite = (Element) document.getElementsByTagName("testsuite").item(0);
    assertThat(suite.getAttribute("failures")).isEqualTo("1");
    assertThat(document.getElementsByTagName("failure").item(0).getTextContent())
        .doesNotContain("shop.test/search");
    assertThat(xml).contains("[ignored: decoy page]");
  }

  @Test
  void markdownAndHtml_ignoredFinding_notCountedListedAsSuppressed() throws Exception {
    ScanReport report = xssIgnored();
    String markdown = Reports.render(report, ReportFormat.MARKDOWN);
    assertThat(markdown).contains("| 0 | 1 | 0 | 0 |", "1 suppressed", "decoy page");
    assertThat(markdown.lines().filter(l -> l.startsWith("| high | Reflected"))).isEmpty();
    Document html = Jsoup.parse(Reports.render(report, ReportFormat.HTML));
    assertThat(html.select("tr.finding")).hasSize(1);
    assertThat(html.select("tr.suppressed").text()).contains("xss-reflected", "decoy page");
    assertThat(html.text()).contains("high: 0");
  }

  @Test
  void json_rendered_servesAsBaselineSoNothingFails() throws Exception {
    Path previous = directory.resolve("previous.json");
    Reports.write(report(Optional.empty()), ReportFormat.JSON, previous);
    ScanReport again =
        report(Optional.empty())
            .withTriage(
                Triage.of(Optional.of(Severity.LOW), RulesFile.none(), Baseline.load(previous)));
    assertThat(again.failing()).isEmpty();
    JsonNode sarif = new ObjectMapper().readTree(Reports.render(again, ReportFormat.SARIF));
    assertThat(sarif.findValuesAsText("baselineState")).containsOnly("unchanged").hasSize(2);
  }
}
