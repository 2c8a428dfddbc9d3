package io.gatehouse.dast.triage;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.dast.findings.Confidence;
import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Rule;
import io.gatehouse.dast.findings.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TriageTest {
  private static final Rule XSS =
      Rule.of("xss-reflected", "Reflected cross-site scripting", Severity.HIGH, 79, "Encode.");
  private static final Rule CSP =
      Rule.perSite("csp-missing", "CSP missing", Severity.MEDIUM, 693, "Send one.");
  private static final Finding XSS_FINDING =
      new Finding(
          XSS,
          Confidence.CONFIRMED,
          "http://a.test/s?q=1",
          "GET",
          "q",
          new Finding.Evidence("", "", ""));
  private static final Finding CSP_FINDING =
      new Finding(
          CSP, Confidence.HIGH, "http://a.test/", "GET", "", new Finding.Evidence("", "", ""));

  @TempDir Path directory;

  private RulesFile rules(String yaml) throws Exception {
    Path file = directory.resolve("rules.yaml");
    Files.writeString(file, yaml);
    return RulesFile.load(file);
  }

  private Baseline baseline(Finding... findings) throws Exception {
    StringBuilder json = new StringBuilder("{\"tool\":\"gatehouse-dast\",\"findings\":[");
    for (int i = 0; i < findings.length; i++) {
      json.append(i == 0 ? "" : ",")
          .append("{\"fingerprint\":\"")
          .append(findings[i].fingerprint())
          .append("\"}");
    }
    Path file = directory.resolve("baseline.json");
    Files.writeString(file, json.append("]}"));
    return Baseline.load(file);
  }

  @Test
  void judge_noRulesAtOrAboveThreshold_fails() {
    Triage triage = Triage.failOn(Severity.HIGH);
    assertThat(triage.judge(XSS_FINDING).status()).isEqualTo(Status.FAIL);
    assertThat(triage.judge(CSP_FINDING).status()).isEqualTo(Status.PASS);
  }

  @Test
  void judge_failOnNone_nothingFails() {
    Triage triage = Triage.of(Optional.empty(), RulesFile.none(), Baseline.none());
    assertThat(triage.judge(XSS_FINDING).fails()).isFalse();
  }

  @Test
  void judge_ignoreRule_ignoredWithJustification() throws Exception {
    Triage triage =
        Triage.of(
            Optional.of(Severity.LOW),
            rules("rules:\n  - id: xss-reflected\n    action: ignore\n    justification: test\n"),
            Baseline.none());
    Verdict verdict = triage.judge(XSS_FINDING);
    assertThat(verdict.status()).isEqualTo(Status.IGNORED);
    assertThat(verdict.justification()).contains("test");
  }

  @Test
  void judge_warnRule_neverFails() throws Exception {
    Triage triage =
        Triage.of(
            Optional.of(Severity.LOW),
            rules("rules:\n  - id: xss-reflected\n    action: warn\n"),
            Baseline.none());
    assertThat(triage.judge(XSS_FINDING).status()).isEqualTo(Status.WARN);
  }

  @Test
  void judge_failRuleBelowThreshold_fails() throws Exception {
    Triage triage =
        Triage.of(
            Optional.empty(),
            rules("rules:\n  - id: csp-missing\n    action: fail\n"),
            Baseline.none());
    assertThat(triage.judge(CSP_FINDING).status()).isEqualTo(Status.FAIL);
  }

  @Test
  void judge_findingInBaseline_doesNotFail() throws Exception {
    Triage triage = Triage.of(Optional.of(Severity.LOW), RulesFile.none(), baseline(XSS_FINDING));
    assertThat(triage.hasBaseline()).isTrue();
    assertThat(triage.judge(XSS_FINDING).status()).isEqualTo(Status.BASELINE);
    assertThat(triage.judge(CSP_FINDING).status()).isEqualTo(Status.FAIL);
  }

  @Test
  void judge_ignoredAndInBaseline_staysIgnored() throws Exception {
    Triage triage =
        Triage.of(
            Optional.of(Severity.LOW),
            rules("rules:\n  - id: xss-reflected\n    action: ignore\n"),
            baseline(XSS_FINDING));
    assertThat(triage.judge(XSS_FINDING).status()).isEqualTo(Status.IGNORED);
  }

  @Test
  void judge_failRuleForBaselineFinding_inBaselineWins() throws Exception {
    Triage triage =
        Triage.of(
            Optional.of(Severity.LOW),
            rules("rules:\n  - id: xss-reflected\n    action: fail\n"),
            baseline(XSS_FINDING));
    assertThat(triage.judge(XSS_FINDING).status()).isEqualTo(Status.BASELINE);
  }

  @Test
  void judge_ruleForOtherUrl_doesNotApply() throws Exception {
    Triage triage =
        Triage.of(
            Optional.of(Severity.HIGH),
            rules(
                "rules:\n  - id: xss-reflected\n    action: ignore\n    url: 'http://b\\\\.test/.*'\n"),
            Baseline.none());
    assertThat(triage.judge(XSS_FINDING).status()).isEqualTo(Status.FAIL);
  }

  @Test
  void judge_tooManyEntries_refused() throws IOException {
    Path file = directory.resolve("rules.yaml");
    Files.writeString(
        file,
        "rules:\n" + "  - {id: csp-missing, action: warn}\n".repeat(RulesFile.MAX_ENTRIES + 1));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RulesFile.load(file))
        .isInstanceOf(InvalidTriageFileException.class)
        .hasMessageContaining("more than " + RulesFile.MAX_ENTRIES);
  }
}
