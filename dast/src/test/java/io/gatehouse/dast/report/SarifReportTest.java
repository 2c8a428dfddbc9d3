package io.gatehouse.dast.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.gatehouse.dast.checks.Checks;
import io.gatehouse.dast.findings.Confidence;
import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Rule;
import io.gatehouse.dast.findings.Severity;
import io.gatehouse.dast.triage.Baseline;
import io.gatehouse.dast.triage.RulesFile;
import io.gatehouse.dast.triage.Triage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our SARIF validated by a JSON Schema validator (draft-07, format assertions on) against the
 * published OASIS SARIF 2.1.0 schema, taken from a Maven Central artifact that ships it; then
 * GitHub code scanning's upload rules, one test each.
 */
class SarifReportTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonSchema SCHEMA = schema();

  private static final Rule XSS =
      Rule.of("xss-reflected", "Reflected cross-site scripting", Severity.HIGH, 79, "Encode.");
  private static final Rule CSP =
      Rule.perSite("csp-missing", "CSP missing", Severity.MEDIUM, 693, "Send one.");
  private static final Rule COOKIE =
      Rule.of("cookie-without-httponly", "Cookie without HttpOnly", Severity.LOW, 1004, "Set it.");
  private static final Rule UNKNOWN =
      Rule.of("plugin-rule", "A rule no check of ours has", Severity.INFO, 200, "Look.");

  private static JsonSchema schema() {
    try (InputStream in =
        SarifReportTest.class
            .getClassLoader()
            .getResourceAsStream("schema/sarif-schema-2.1.0.json")) {
      if (in == null) {
        throw new IllegalStateException("schema/sarif-schema-2.1.0.json is not on the classpath");
      }
      SchemaValidatorsConfig config =
          SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in, config);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Finding finding(Rule rule, String url, String parameter, String evidence) {
    return new Finding(
        rule,
        Confidence.HIGH,
        url,
        "GET",
        parameter,
        new Finding.Evidence("GET " + url, evidence, evidence));
  }

  private static ScanReport report(Optional<String> stopReason, List<Finding> findings) {
    return new ScanReport(
        "https://shop.example.com/",
        Instant.parse("2026-11-22T10:00:00Z"),
        Instant.parse("2026-11-22T10:01:30Z"),
        stopReason,
        new ScanReport.Stats(10, 3, 5, 420, 2),
        findings);
  }

  private static List<Finding> threeFindings() {
    return List.of(
        finding(XSS, "https://shop.example.com/search?q=1&page=2", "q", "<script>1</script>"),
        finding(CSP, "https://shop.example.com/", "", "no Content-Security-Policy"),
        finding(COOKIE, "https://shop.example.com/login", "session", "Set-Cookie: session=1"));
  }

  private static JsonNode sarif(ScanReport report) throws IOException {
    return MAPPER.readTree(Reports.render(report, ReportFormat.SARIF));
  }

  private static Set<ValidationMessage> violations(JsonNode sarif) {
    return SCHEMA.validate(sarif);
  }

  private static List<JsonNode> list(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).toList();
  }

  private static JsonNode run(JsonNode sarif) {
    return sarif.path("runs").get(0);
  }

  // --- the schema itself and the validator

  @Test
  void schema_fromTheArtifact_isThePublishedSarif210Schema() throws IOException {
    try (InputStream in =
        getClass().getClassLoader().getResourceAsStream("schema/sarif-schema-2.1.0.json")) {
      JsonNode schema = MAPPER.readTree(in);
      assertThat(schema.path("$schema").asText())
          .isEqualTo("http://json-schema.org/draft-07/schema#");
      assertThat(schema.path("$id").asText()).isEqualTo(SarifReport.SCHEMA);
      assertThat(schema.path("properties").path("version").path("enum").get(0).asText())
          .isEqualTo("2.1.0");
      assertThat(schema.path("definitions").size()).isGreaterThan(50);
    }
  }

  @Test
  void validator_documentsTheSchemaForbids_reportsEachViolation() throws IOException {
    JsonNode broken =
        MAPPER.readTree(
            """
            {"version": "2.1.0", "runs": [{"tool": {"driver": {}},
              "invocations": [{"executionSuccessful": true, "startTimeUtc": "yesterday"}],
              "results": [{"level": "fatal", "message": {}, "extra": 1,
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a b\\u0000"}}}],
                "baselineState": "gone"}]}]}
            """);
    List<String> messages = violations(broken).stream().map(ValidationMessage::getMessage).toList();

    assertThat(messages)
        .anySatisfy(m -> assertThat(m).contains("driver", "name"))
        .anySatisfy(m -> assertThat(m).contains("level"))
        .anySatisfy(m -> assertThat(m).contains("extra"))
        .anySatisfy(m -> assertThat(m).contains("baselineState"))
        .anySatisfy(m -> assertThat(m).contains("startTimeUtc"))
        .anySatisfy(m -> assertThat(m).contains("uri"));
  }

  // --- our reports against the schema

  @Test
  void render_findingOfEveryRule_validAgainstTheSchema() throws IOException {
    List<Finding> findings = new ArrayList<>();
    for (Rule rule : Checks.rules()) {
      findings.add(finding(rule, "https://shop.example.com/" + rule.id() + "?a=1", "a", "seen"));
    }
    findings.add(finding(UNKNOWN, "https://shop.example.com/other", "", "seen"));

    JsonNode sarif = sarif(report(Optional.empty(), findings));

    assertThat(violations(sarif)).isEmpty();
    assertThat(run(sarif).path("results")).hasSize(Checks.rules().size() + 1);
    assertThat(run(sarif).path("tool").path("driver").path("rules"))
        .hasSize(Checks.rules().size() + 1);
  }

  @Test
  void render_noFindings_validWithEmptyResults() throws IOException {
    JsonNode sarif = sarif(report(Optional.empty(), List.of()));

    assertThat(violations(sarif)).isEmpty();
    assertThat(run(sarif).path("results").isArray()).isTrue();
    assertThat(run(sarif).path("results")).isEmpty();
    assertThat(run(sarif).path("properties").path("resultsOmitted").asInt()).isZero();
  }

  @Test
  void render_partialScan_validAndNotSuccessfulWithNotification() throws IOException {
    JsonNode sarif = sarif(report(Optional.of("time limit reached"), threeFindings()));

    assertThat(violations(sarif)).isEmpty();
    JsonNode invocation = run(sarif).path("invocations").get(0);
    assertThat(invocation.path("executionSuccessful").asBoolean()).isFalse();
    assertThat(invocation.path("toolExecutionNotifications").get(0).path("message").path("text"))
        .asString()
        .contains("time limit reached");
  }

  @Test
  void render_baselineAndIgnoredFindings_validWithStatesAndSuppressions(@TempDir Path dir)
      throws Exception {
    Path rules = dir.resolve("rules.yaml");
    Files.writeString(
        rules,
        """
        rules:
          - {id: csp-missing, action: ignore, justification: "legacy \\u0007 page"}
          - {id: cookie-without-httponly, action: warn}
        """,
        StandardCharsets.UTF_8);
    Path previous = dir.resolve("previous.json");
    Files.writeString(
        previous,
        Reports.render(report(Optional.empty(), threeFindings().subList(0, 2)), ReportFormat.JSON));
    ScanReport judged =
        report(Optional.empty(), threeFindings())
            .withTriage(
                Triage.of(
                    Optional.of(Severity.LOW), RulesFile.load(rules), Baseline.load(previous)));

    JsonNode sarif = sarif(judged);

    assertThat(violations(sarif)).isEmpty();
    List<JsonNode> results = list(run(sarif).path("results"));
    assertThat(results)
        .extracting(r -> r.path("baselineState").asText())
        .contains("new", "unchanged");
    JsonNode ignored =
        results.stream()
            .filter(r -> r.path("ruleId").asText().equals("csp-missing"))
            .findFirst()
            .orElseThrow();
    assertThat(ignored.path("level").asText()).isEqualTo("note");
    assertThat(ignored.path("suppressions").get(0).path("kind").asText()).isEqualTo("external");
    assertThat(ignored.path("suppressions").get(0).path("justification").asText())
        .startsWith("legacy")
        .doesNotContain("\u0007");
  }

  @Test
  void render_hostileAndUnicodeEvidence_validAndWritableAsUtf8(@TempDir Path dir) throws Exception {
    String hostile =
        "<script>\"x\"</script>\u0000\u0001\u001b[31m\u2028\u202e ]]> \ud800 lone \udfff 日本語 🎯";
    String huge = "A".repeat(1_999) + "🎯" + "\u0000".repeat(100_000);
    String url =
        "https://shop.example.com/caf\u00e9/ä ö/%zz/%41[x]?q=<\"'>&n=🎯#frag#more\u0000"
            + "/x".repeat(200_000);
    ScanReport report =
        report(
            Optional.of("interrupted \u0000 by \ud83c"),
            List.of(
                finding(XSS, url, "q\u0000\ud800" + "p".repeat(100_000), hostile),
                finding(COOKIE, "https://[::1]:8443/login", "session", huge),
                finding(CSP, "https://shop.example.com/", "", "")));
    Path file = dir.resolve("hostile.sarif");

    Reports.write(report, ReportFormat.SARIF, file);

    byte[] bytes = Files.readAllBytes(file);
    String text =
        StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    JsonNode sarif = MAPPER.readTree(text);
    assertThat(violations(sarif)).isEmpty();
    assertThat(text).doesNotContain("\\u0000", "\\u0001", "\\u001B", "\\uD800", "\\uDFFF");
    List<JsonNode> results = list(run(sarif).path("results"));
    for (JsonNode result : results) {
      String uri =
          result
              .path("locations")
              .get(0)
              .path("physicalLocation")
              .path("artifactLocation")
              .path("uri")
              .asText();
      assertThat(uri.length()).isLessThanOrEqualTo(SarifReport.MAX_URI_CHARS);
      assertThat(URI.create(uri).getScheme()).isEqualTo("https");
      assertThat(result.path("message").path("text").asText().length())
          .isLessThanOrEqualTo(SarifReport.MAX_TEXT_CHARS);
      result
          .path("properties")
          .forEach(
              value ->
                  assertThat(value.asText().length())
                      .isLessThanOrEqualTo(SarifReport.MAX_PROPERTY_CHARS));
    }
    assertThat(results.get(0).path("properties").path("response").asText())
        .contains("日本語 🎯", "<script>", "\uFFFD lone \uFFFD");
  }

  // --- GitHub code scanning's upload rules

  @Test
  void github_everyResult_hasLocationUriRuleIdAndMessageText() throws IOException {
    JsonNode sarif = sarif(report(Optional.empty(), threeFindings()));

    List<JsonNode> results = list(run(sarif).path("results"));
    assertThat(results).hasSize(3);
    for (JsonNode result : results) {
      assertThat(result.path("ruleId").asText()).isNotBlank();
      assertThat(result.path("message").path("text").asText()).isNotBlank();
      assertThat(result.path("locations")).hasSize(1);
      JsonNode physical = result.path("locations").get(0).path("physicalLocation");
      assertThat(physical.path("artifactLocation").path("uri").asText())
          .startsWith("https://shop.example.com/");
      assertThat(physical.path("region").path("startLine").asInt()).isEqualTo(1);
    }
    assertThat(sarif.path("runs")).hasSize(1);
    assertThat(sarif.path("$schema").asText()).isEqualTo(SarifReport.SCHEMA);
  }

  @Test
  void github_everyRule_hasDescriptionsHelpSecurityTagSeverityAndPrecision() throws IOException {
    JsonNode sarif =
        sarif(report(Optional.empty(), List.of(finding(UNKNOWN, "https://a/", "", ""))));

    List<JsonNode> rules = list(run(sarif).path("tool").path("driver").path("rules"));
    assertThat(rules).hasSize(Checks.rules().size() + 1);
    for (JsonNode rule : rules) {
      assertThat(rule.path("id").asText()).isNotBlank();
      assertThat(rule.path("shortDescription").path("text").asText()).isNotBlank();
      assertThat(rule.path("fullDescription").path("text").asText())
          .isNotBlank()
          .hasSizeLessThanOrEqualTo(1_000);
      assertThat(rule.path("help").path("text").asText()).isNotBlank();
      assertThat(rule.path("help").path("markdown").asText()).contains("[CWE-");
      JsonNode properties = rule.path("properties");
      List<String> tags = list(properties.path("tags")).stream().map(JsonNode::asText).toList();
      assertThat(tags).contains("security").hasSizeLessThanOrEqualTo(10).doesNotHaveDuplicates();
      assertThat(tags).anySatisfy(tag -> assertThat(tag).matches("external/cwe/cwe-\\d+"));
      JsonNode severity = properties.path("security-severity");
      assertThat(severity.isTextual()).isTrue();
      assertThat(Double.parseDouble(severity.asText())).isBetween(0.0, 10.0);
      assertThat(properties.path("precision").asText()).isIn("very-high", "high", "medium", "low");
    }
    assertThat(rules.getLast().path("properties").path("precision").asText()).isEqualTo("medium");
  }

  @Test
  void github_highSeverityRule_securitySeverityIsHighOnGithubsScale() throws IOException {
    JsonNode sarif = sarif(report(Optional.empty(), List.of()));

    for (JsonNode rule : run(sarif).path("tool").path("driver").path("rules")) {
      Rule ours =
          Checks.rules().stream()
              .filter(r -> r.id().equals(rule.path("id").asText()))
              .findFirst()
              .orElseThrow();
      double score = Double.parseDouble(rule.path("properties").path("security-severity").asText());
      switch (ours.severity()) {
        case HIGH -> assertThat(score).isBetween(7.0, 8.9);
        case MEDIUM -> assertThat(score).isBetween(4.0, 6.9);
        case LOW, INFO -> assertThat(score).isLessThanOrEqualTo(3.9);
      }
    }
  }

  @Test
  void github_sameRulePathAndParameter_sameFingerprintAcrossScans() throws IOException {
    JsonNode first =
        sarif(
            report(
                Optional.empty(),
                List.of(finding(XSS, "https://shop.example.com/search?q=1", "q", "one"))));
    JsonNode again =
        sarif(
            report(
                Optional.of("time limit"),
                List.of(
                    finding(XSS, "https://SHOP.example.com:443/search?q=other", "q", "two"),
                    finding(XSS, "https://shop.example.com/search?q=1", "page", "three"),
                    finding(XSS, "https://shop.example.com/find?q=1", "q", "four"),
                    finding(COOKIE, "https://shop.example.com/search?q=1", "q", "five"))));

    JsonNode firstPrints = run(first).path("results").get(0).path("partialFingerprints");
    List<JsonNode> prints =
        list(run(again).path("results")).stream().map(r -> r.path("partialFingerprints")).toList();
    assertThat(firstPrints.path(SarifReport.FINGERPRINT).asText()).matches("[0-9a-f]{32}");
    assertThat(firstPrints.path("primaryLocationLineHash").asText()).isNotBlank();
    assertThat(prints).filteredOn(p -> p.equals(firstPrints)).hasSize(1);
    assertThat(prints.stream().map(p -> p.path(SarifReport.FINGERPRINT).asText()).distinct())
        .hasSize(4);
  }

  @Test
  void github_moreThan5000Findings_cutTo5000ReportedFirstWithNote(@TempDir Path dir)
      throws Exception {
    Path rules = dir.resolve("rules.yaml");
    Files.writeString(rules, "rules:\n  - {id: xss-reflected, action: ignore}\n");
    List<Finding> findings = new ArrayList<>();
    IntStream.range(0, 300)
        .forEach(i -> findings.add(finding(XSS, "https://shop.example.com/x" + i, "q", "")));
    IntStream.range(0, 5_000)
        .forEach(i -> findings.add(finding(COOKIE, "https://shop.example.com/c" + i, "s", "")));
    ScanReport report =
        report(Optional.empty(), findings)
            .withTriage(
                Triage.of(Optional.of(Severity.HIGH), RulesFile.load(rules), Baseline.none()));

    JsonNode sarif = sarif(report);

    assertThat(violations(sarif)).isEmpty();
    List<JsonNode> results = list(run(sarif).path("results"));
    assertThat(results).hasSize(SarifReport.MAX_RESULTS);
    assertThat(results).noneMatch(r -> r.has("suppressions"));
    assertThat(run(sarif).path("properties").path("resultsOmitted").asInt()).isEqualTo(300);
    assertThat(
            run(sarif)
                .path("invocations")
                .get(0)
                .path("toolExecutionNotifications")
                .get(0)
                .path("message")
                .path("text")
                .asText())
        .contains("300 of 5300 results left out");
  }

  @Test
  void github_evidenceTooLargeForTenMegabytes_cutUnderTheLimitWithNote() throws IOException {
    String noise = "\u0001".repeat(3_000);
    List<Finding> findings = new ArrayList<>();
    IntStream.range(0, 5_000)
        .forEach(
            i ->
                findings.add(
                    new Finding(
                        XSS,
                        Confidence.HIGH,
                        "https://shop.example.com/p" + i + "/" + "é".repeat(300),
                        "GET",
                        "q",
                        new Finding.Evidence(noise, noise, noise))));

    String text = Reports.render(report(Optional.empty(), findings), ReportFormat.SARIF);

    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    assertThat(bytes.length).isLessThanOrEqualTo(SarifReport.MAX_BYTES);
    assertThat(gzipped(bytes)).isLessThan(10 * 1024 * 1024);
    JsonNode sarif = MAPPER.readTree(text);
    int kept = run(sarif).path("results").size();
    assertThat(kept).isBetween(1, 4_999);
    assertThat(run(sarif).path("properties").path("resultsOmitted").asInt())
        .isEqualTo(5_000 - kept);
    assertThat(
            run(sarif)
                .path("invocations")
                .get(0)
                .path("toolExecutionNotifications")
                .get(0)
                .path("message")
                .path("text")
                .asText())
        .contains("results left out");
    assertThat(violations(sarif)).isEmpty();
  }

  private static int gzipped(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    }
    return out.size();
  }

  @Test
  void github_findingRuleSharingAnIdWithACheck_oneRulePerId() throws Exception {
    Rule renamed = Rule.of("xss-reflected", "Another name", Severity.LOW, 79, "Other.");
    JsonNode sarif =
        sarif(
            report(
                Optional.empty(),
                List.of(
                    finding(renamed, "https://shop.example.com/a", "q", ""),
                    finding(UNKNOWN, "https://shop.example.com/b", "", ""),
                    finding(UNKNOWN, "https://shop.example.com/c", "", ""))));

    List<String> ids =
        list(run(sarif).path("tool").path("driver").path("rules")).stream()
            .map(rule -> rule.path("id").asText())
            .toList();
    assertThat(ids).doesNotHaveDuplicates().hasSize(Checks.rules().size() + 1);
    for (JsonNode result : run(sarif).path("results")) {
      assertThat(ids.get(result.path("ruleIndex").asInt()))
          .isEqualTo(result.path("ruleId").asText());
    }
  }

  // --- the text and URI guards

  @Test
  void text_cutInsideSurrogatePair_neverLeavesHalfAPair() {
    String cut = SarifReport.text("ab🎯🎯", 4);

    assertThat(cut).isEqualTo("ab…");
    assertThat(SarifReport.text("ab🎯", 4)).isEqualTo("ab🎯");
    assertThat(SarifReport.text("a\u0000b\ud800c\t\n", 100)).isEqualTo("a\uFFFDb\uFFFDc\t\n");
  }

  @Test
  void uri_charactersAUriCannotHold_percentEncodedAndParseable() {
    String uri = SarifReport.uri("https://[::1]:8443/a b/é/%zz/%41/[x]?q=\"<>\"#f#g");

    assertThat(uri)
        .isEqualTo("https://[::1]:8443/a%20b/%C3%A9/%25zz/%41/%5Bx%5D?q=%22%3C%3E%22#f%23g");
    assertThat(URI.create(uri).getHost()).isEqualTo("[::1]");
    assertThat(SarifReport.uri("https://a/" + "é".repeat(5_000)))
        .hasSizeLessThanOrEqualTo(SarifReport.MAX_URI_CHARS)
        .endsWith("%C3%A9");
  }
}
