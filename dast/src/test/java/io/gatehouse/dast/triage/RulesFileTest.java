package io.gatehouse.dast.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.gatehouse.dast.checks.Checks;
import io.gatehouse.dast.findings.Confidence;
import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Rule;
import io.gatehouse.dast.findings.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesFileTest {
  private static final Rule XSS =
      Rule.of("xss-reflected", "Reflected cross-site scripting", Severity.HIGH, 79, "Encode.");

  @TempDir Path directory;

  private Path file(String yaml) throws IOException {
    Path file = directory.resolve("rules.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  private static Finding xssAt(String url) {
    return new Finding(
        XSS, Confidence.CONFIRMED, url, "GET", "q", new Finding.Evidence("", "", ""));
  }

  private void assertInvalid(String yaml, String where, String reason) throws IOException {
    Path file = file(yaml);
    assertThatThrownBy(() -> RulesFile.load(file))
        .isInstanceOf(InvalidTriageFileException.class)
        .hasMessageStartingWith("rules file " + file)
        .hasMessageContaining(where)
        .hasMessageContaining(reason);
  }

  @Test
  void load_fullEntry_matchesRuleAndWholeUrl() throws Exception {
    RulesFile rules =
        RulesFile.load(
            file(
                """
                rules:
                  - id: xss-reflected
                    action: ignore
                    url: 'https://app\\.test/legacy/.*'
                    justification: decommissioned in Q3
                  - id: xss-reflected
                    action: warn
                """));
    assertThat(rules.entries()).hasSize(2);
    RulesFile.Entry legacy = rules.match(xssAt("https://app.test/legacy/a?q=1")).orElseThrow();
    assertThat(legacy.action()).isEqualTo(Action.IGNORE);
    assertThat(legacy.justification()).contains("decommissioned in Q3");
    assertThat(rules.match(xssAt("https://app.test/new/legacy/")).orElseThrow().action())
        .isEqualTo(Action.WARN);
  }

  @Test
  void load_everyRuleIdOfTheScanner_accepted() throws Exception {
    StringBuilder yaml = new StringBuilder("rules:\n");
    Checks.rules()
        .forEach(rule -> yaml.append("  - {id: ").append(rule.id()).append(", action: warn}\n"));
    assertThat(RulesFile.load(file(yaml.toString())).entries()).hasSameSizeAs(Checks.rules());
  }

  @Test
  void load_actionInUpperCase_accepted() throws Exception {
    RulesFile rules = RulesFile.load(file("rules:\n  - id: csp-missing\n    action: FAIL\n"));
    assertThat(rules.entries().getFirst().action()).isEqualTo(Action.FAIL);
  }

  @Test
  void load_emptyRulesList_matchesNothing() throws Exception {
    assertThat(RulesFile.load(file("rules: []\n")).match(xssAt("http://a/"))).isEmpty();
  }

  @Test
  void load_unknownRuleId_namesPathAndId() throws IOException {
    assertInvalid(
        "rules:\n  - id: csp-missing\n    action: warn\n  - id: sqli-magic\n    action: warn\n",
        "rules[1].id",
        "unknown rule id 'sqli-magic'");
  }

  @Test
  void load_badAction_namesPathAndValue() throws IOException {
    assertInvalid(
        "rules:\n  - id: csp-missing\n    action: skip\n",
        "rules[0].action",
        "must be ignore, warn or fail, got 'skip'");
  }

  @Test
  void load_badRegex_namesPathAndReason() throws IOException {
    assertInvalid(
        "rules:\n  - id: csp-missing\n    action: warn\n    url: 'https://(a\\\\.test/'\n",
        "rules[0].url",
        "is not a regular expression");
  }

  @Test
  void load_unknownEntryKey_namesIt() throws IOException {
    assertInvalid(
        "rules:\n  - id: csp-missing\n    action: warn\n    severity: low\n",
        "rules[0].severity",
        "unknown key");
  }

  @Test
  void load_unknownTopLevelKey_namesIt() throws IOException {
    assertInvalid("rules: []\nignore: [csp-missing]\n", "ignore", "unknown key");
  }

  @Test
  void load_missingAction_isError() throws IOException {
    assertInvalid("rules:\n  - id: csp-missing\n", "rules[0].action", "is missing");
  }

  @Test
  void load_idNotAString_isError() throws IOException {
    assertInvalid("rules:\n  - id: [csp-missing]\n    action: warn\n", "rules[0].id", "got a list");
  }

  @Test
  void load_rulesNotAList_isError() throws IOException {
    assertInvalid("rules: csp-missing\n", "rules", "must be a list");
  }

  @Test
  void load_scalarDocument_isError() throws IOException {
    assertInvalid("just text\n", "", "must be a mapping");
  }

  @Test
  void load_emptyFile_isError() throws IOException {
    assertInvalid("", "", "is empty");
  }

  @Test
  void load_duplicateKey_isError() throws IOException {
    assertInvalid(
        "rules:\n  - id: csp-missing\n    action: warn\n    action: ignore\n",
        "",
        "not valid YAML");
  }

  @Test
  void load_syntaxError_namesLine() throws IOException {
    assertInvalid("rules:\n  - id: [csp-missing\n", "line ", "not valid YAML");
  }

  @Test
  void load_aliasBomb_refusedQuickly() throws IOException {
    StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 12; i++) {
      yaml.append("a").append(i).append(": &a").append(i).append(" [");
      yaml.append(("*a" + (i - 1) + ", ").repeat(9)).append("*a").append(i - 1).append("]\n");
    }
    yaml.append("rules: *a11\n");
    Path file = file(yaml.toString());
    assertTimeoutPreemptively(
        Duration.ofSeconds(5),
        () ->
            assertThatThrownBy(() -> RulesFile.load(file))
                .isInstanceOf(InvalidTriageFileException.class)
                .hasMessageStartingWith("rules file " + file));
  }

  @Test
  void load_deepNesting_refused() throws IOException {
    assertInvalid("rules: " + "[".repeat(5_000) + "]".repeat(5_000) + "\n", "", "YAML");
  }

  @Test
  void load_oversizedFile_refusedWithoutParsing() throws IOException {
    String yaml = "rules: []\n# " + "x".repeat(RulesFile.MAX_BYTES) + "\n";
    assertInvalid(yaml, "", "larger than the limit of " + RulesFile.MAX_BYTES + " bytes");
  }

  @Test
  void load_binaryGarbage_isError() throws IOException {
    Path file = directory.resolve("rules.yaml");
    Files.write(file, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, (byte) 0xc3, 0x28});
    assertThatThrownBy(() -> RulesFile.load(file))
        .isInstanceOf(InvalidTriageFileException.class)
        .hasMessageStartingWith("rules file " + file);
  }

  @Test
  void load_javaTypeTag_notInstantiatedAndRejected() throws IOException {
    assertInvalid(
        "rules:\n  - id: !!javax.script.ScriptEngineManager [x]\n    action: warn\n",
        "rules[0].id",
        "non-empty string");
  }

  @Test
  void load_hugeValueInError_isCutShort() throws IOException {
    Path file = file("rules:\n  - id: csp-missing\n    action: " + "z".repeat(5_000) + "\n");
    assertThatThrownBy(() -> RulesFile.load(file))
        .isInstanceOf(InvalidTriageFileException.class)
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(500));
  }

  @Test
  void load_directory_isError() {
    assertThatThrownBy(() -> RulesFile.load(directory))
        .isInstanceOf(InvalidTriageFileException.class)
        .hasMessageContaining("not a readable file");
  }

  @Test
  void parse_jsonText_readLikeAFile() throws InvalidTriageFileException {
    byte[] json =
        "{\"rules\":[{\"id\":\"csp-missing\",\"action\":\"ignore\"}]}"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);

    RulesFile rules = RulesFile.parse(Path.of("gate parameters"), json);

    assertThat(rules.entries()).hasSize(1);
  }

  @Test
  void parse_oversizedText_refusedBeforeParsing() {
    byte[] huge = new byte[RulesFile.MAX_BYTES + 1];
    assertThatThrownBy(() -> RulesFile.parse(Path.of("gate parameters"), huge))
        .isInstanceOf(InvalidTriageFileException.class)
        .hasMessageContaining("larger than the limit");
  }
}
