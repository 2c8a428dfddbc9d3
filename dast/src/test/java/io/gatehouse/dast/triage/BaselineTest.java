package io.gatehouse.dast.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineTest {
  private static final String PRINT = "0123456789abcdef0123456789abcdef";

  @TempDir Path directory;

  private Path file(String json) throws IOException {
    Path file = directory.resolve("baseline.json");
    Files.writeString(file, json);
    return file;
  }

  private void assertInvalid(String json, String where, String reason) throws IOException {
    Path file = file(json);
    assertThatThrownBy(() -> Baseline.load(file))
        .isInstanceOf(InvalidTriageFileException.class)
        .hasMessageStartingWith("baseline " + file)
        .hasMessageContaining(where)
        .hasMessageContaining(reason);
  }

  @Test
  void load_report_holdsItsFingerprints() throws Exception {
    Baseline baseline =
        Baseline.load(
            file(
                "{\"tool\":\"gatehouse-dast\",\"findings\":[{\"ruleId\":\"x\",\"fingerprint\":\""
                    + PRINT
                    + "\"}]}"));
    assertThat(baseline.present()).isTrue();
    assertThat(baseline.size()).isEqualTo(1);
    assertThat(baseline.contains(PRINT)).isTrue();
    assertThat(baseline.contains("f".repeat(32))).isFalse();
  }

  @Test
  void none_containsNothing() {
    assertThat(Baseline.none().present()).isFalse();
    assertThat(Baseline.none().contains(PRINT)).isFalse();
  }

  @Test
  void load_truncatedJson_namesLine() throws IOException {
    assertInvalid("{\"tool\":\"gatehouse-dast\",\"findings\":[", "line 1", "not valid JSON");
  }

  @Test
  void load_otherToolsReport_isError() throws IOException {
    assertInvalid("{\"tool\":\"zap\",\"findings\":[]}", "", "not a JSON report of gatehouse");
  }

  @Test
  void load_sarifInstead_isError() throws IOException {
    assertInvalid("{\"version\":\"2.1.0\",\"runs\":[]}", "", "not a JSON report of gatehouse");
  }

  @Test
  void load_topLevelArray_isError() throws IOException {
    assertInvalid("[]", "", "not a JSON report of gatehouse");
  }

  @Test
  void load_findingsNotList_isError() throws IOException {
    assertInvalid("{\"tool\":\"gatehouse-dast\",\"findings\":{}}", "findings", "must be a list");
  }

  @Test
  void load_findingWithoutFingerprint_namesIndex() throws IOException {
    assertInvalid(
        "{\"tool\":\"gatehouse-dast\",\"findings\":[{\"fingerprint\":\""
            + PRINT
            + "\"},{\"ruleId\":\"x\"}]}",
        "findings[1].fingerprint",
        "is missing");
  }

  @Test
  void load_badFingerprint_isError() throws IOException {
    assertInvalid(
        "{\"tool\":\"gatehouse-dast\",\"findings\":[{\"fingerprint\":\"../../etc\"}]}",
        "findings[0].fingerprint",
        "32 lower-case hex digits");
  }

  @Test
  void load_emptyFile_isError() throws IOException {
    assertInvalid("", "", "empty");
  }

  @Test
  void load_deepNesting_refused() throws IOException {
    assertInvalid("[".repeat(100_000) + "]".repeat(100_000), "", "not valid JSON");
  }

  @Test
  void load_oversizedFile_refusedWithoutParsing() throws IOException {
    Path file = directory.resolve("baseline.json");
    try (OutputStream out = Files.newOutputStream(file)) {
      byte[] block = new byte[1 << 20];
      for (int i = 0; i <= Baseline.MAX_BYTES >> 20; i++) {
        out.write(block);
      }
    }
    assertThatThrownBy(() -> Baseline.load(file))
        .isInstanceOf(InvalidTriageFileException.class)
        .hasMessageContaining("larger than the limit of " + Baseline.MAX_BYTES + " bytes");
  }

  @Test
  void load_missingFile_isError() {
    Path file = directory.resolve("absent.json");
    assertThatThrownBy(() -> Baseline.load(file))
        .isInstanceOf(InvalidTriageFileException.class)
        .hasMessage("baseline " + file + ": not a readable file");
  }
}
