package io.gatehouse.deploy.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.dast.findings.Confidence;
import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Rule;
import io.gatehouse.dast.findings.Severity;
import io.gatehouse.dast.report.ReportFormat;
import io.gatehouse.dast.report.Reports;
import io.gatehouse.dast.report.ScanReport;
import io.gatehouse.deploy.server.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class DastGateReportsTest {
  private static final Instant AT = Instant.parse("2026-11-22T10:00:00Z");

  private static String rendered(boolean partial) {
    Rule rule = Rule.of("sqli-error", "SQL injection", Severity.HIGH, 89, "Use parameters.");
    Finding finding =
        new Finding(
            rule,
            Confidence.HIGH,
            "https://shop.example.com/item?id=1",
            "GET",
            "id",
            new Finding.Evidence("GET /item?id=1'", "syntax error", "PostgreSQL error"));
    return Reports.render(
        new ScanReport(
            "https://shop.example.com/",
            AT,
            AT.plusSeconds(42),
            partial ? Optional.of("time limit reached") : Optional.empty(),
            new ScanReport.Stats(7, 3, 4, 321, 2),
            List.of(finding)),
        ReportFormat.JSON);
  }

  private static ScanReport parse(String text) {
    return DastGateReports.parse(text.getBytes(StandardCharsets.UTF_8));
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> refused(String text) {
    return assertThatThrownBy(() -> parse(text))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.code()).isEqualTo("invalid_report");
            });
  }

  @Test
  void parse_reportOfGatehouseScan_roundTrips() {
    ScanReport report = parse(rendered(false));

    assertThat(report.target()).isEqualTo("https://shop.example.com/");
    assertThat(report.partial()).isFalse();
    assertThat(report.stats().requests()).isEqualTo(321);
    assertThat(report.findings()).hasSize(1);
    Finding finding = report.findings().getFirst();
    assertThat(finding.rule().id()).isEqualTo("sqli-error");
    assertThat(finding.severity()).isEqualTo(Severity.HIGH);
    assertThat(finding.confidence()).isEqualTo(Confidence.HIGH);
    assertThat(finding.parameter()).isEqualTo("id");
    assertThat(finding.evidence().detail()).isEqualTo("PostgreSQL error");
  }

  @Test
  void parse_partialReport_keepsTheStopReason() {
    assertThat(parse(rendered(true)).stopReason()).contains("time limit reached");
  }

  @Test
  void parse_notJson_refused() {
    refused("{\"tool\": ").hasMessageContaining("not valid JSON");
    refused("").hasMessageContaining("the report");
    refused("[1,2]").hasMessageContaining("must be a JSON object");
  }

  @Test
  void parse_otherTool_refused() {
    refused(rendered(false).replace("gatehouse-dast", "zap")).hasMessageContaining("tool");
  }

  @Test
  void parse_unknownTopLevelKey_refused() {
    refused(rendered(false).replace("\"tool\"", "\"extra\": 1, \"tool\""))
        .hasMessageContaining("extra")
        .hasMessageContaining("not a field");
  }

  @Test
  void parse_unknownSeverity_namesTheFinding() {
    refused(rendered(false).replace("\"severity\" : \"high\"", "\"severity\" : \"critical\""))
        .hasMessageContaining("findings[0].severity");
  }

  @Test
  void parse_wrongTypes_refused() {
    refused(rendered(false).replace("\"partial\" : false", "\"partial\" : \"no\""))
        .hasMessageContaining("partial");
    refused(rendered(false).replace("\"cwe\" : 89", "\"cwe\" : -1"))
        .hasMessageContaining("findings[0].cwe");
    refused(rendered(false).replace("\"method\" : \"GET\"", "\"method\" : \"get me\""))
        .hasMessageContaining("findings[0].method");
    refused(rendered(false).replace("\"ruleId\" : \"sqli-error\"", "\"ruleId\" : \"../x\""))
        .hasMessageContaining("findings[0].ruleId");
  }

  @Test
  void parse_finishedBeforeStarted_refused() {
    refused(rendered(false).replace("2026-11-22T10:00:42Z", "2026-11-22T09:00:00Z"))
        .hasMessageContaining("finished");
  }

  @Test
  void parse_duplicateKey_refused() {
    refused(rendered(false).replace("\"tool\"", "\"target\": \"x\", \"tool\""))
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void parse_oversizedBody_is413() {
    byte[] huge = new byte[DastGateReports.MAX_BYTES + 1];
    assertThatThrownBy(() -> DastGateReports.parse(huge))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(413));
  }

  @Test
  void parse_tooManyFindings_refused() {
    String one =
        "{\"ruleId\":\"csp-missing\",\"severity\":\"low\",\"url\":\"https://x/\",\"method\":\"GET\"}";
    String many =
        String.join(",", java.util.Collections.nCopies(DastGateReports.MAX_FINDINGS + 1, one));
    refused(
            "{\"tool\":\"gatehouse-dast\",\"target\":\"https://x/\",\"started\":\"2026-11-22T10:00:00Z\","
                + "\"finished\":\"2026-11-22T10:00:01Z\",\"findings\":["
                + many
                + "]}")
        .hasMessageContaining("at most 10000");
  }

  @Test
  void parse_deeplyNested_refusedWithoutStackOverflow() {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    refused("{\"tool\":\"gatehouse-dast\",\"summary\":" + deep + "}")
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void parse_oversizedString_refused() {
    refused(
            rendered(false)
                .replace("\"parameter\" : \"id\"", "\"parameter\" : \"" + "p".repeat(1001) + "\""))
        .hasMessageContaining("findings[0].parameter")
        .hasMessageContaining("at most 1000");
  }

  @Test
  void parse_controlCharactersInKey_shownEscaped() {
    refused(rendered(false).replace("\"tool\"", "\"a\\u001b[31m\": 1, \"tool\""))
        .hasMessageContaining("\\u001b");
  }
}
