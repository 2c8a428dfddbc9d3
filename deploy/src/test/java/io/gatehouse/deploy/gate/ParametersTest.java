package io.gatehouse.deploy.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParametersTest {
  @Test
  void parseDuration_unitsAndCombinations_parsed() {
    assertThat(Parameters.parseDuration("500ms")).hasValue(Duration.ofMillis(500));
    assertThat(Parameters.parseDuration("30s")).hasValue(Duration.ofSeconds(30));
    assertThat(Parameters.parseDuration("5m")).hasValue(Duration.ofMinutes(5));
    assertThat(Parameters.parseDuration("2h")).hasValue(Duration.ofHours(2));
    assertThat(Parameters.parseDuration("7d")).hasValue(Duration.ofDays(7));
    assertThat(Parameters.parseDuration("1h30m")).hasValue(Duration.ofMinutes(90));
    assertThat(Parameters.parseDuration("0s")).hasValue(Duration.ZERO);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "10", "s", "-1s", "1.5h", "1 h", "1H", "1w", "PT1H", "1h 30m", "9999999999s"})
  void parseDuration_otherText_refused(String text) {
    assertThat(Parameters.parseDuration(text)).isEmpty();
  }

  @Test
  void parseDuration_overlongText_refusedBeforeMatching() {
    assertThat(Parameters.parseDuration("1s".repeat(10_000))).isEmpty();
  }

  @Test
  void format_picksTheLargestWholeUnit() {
    assertThat(Parameters.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(Parameters.format(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(Parameters.format(Duration.ofMinutes(5))).isEqualTo("5m");
    assertThat(Parameters.format(Duration.ofHours(2))).isEqualTo("2h");
    assertThat(Parameters.format(Duration.ofDays(30))).isEqualTo("30d");
    assertThat(Parameters.format(Duration.ZERO)).isEqualTo("0s");
  }

  @Test
  void shown_controlCharactersEscapedAndLongTextCut() {
    assertThat(Parameters.shown("a\nb")).isEqualTo("a\\u000ab");
    assertThat(Parameters.shown("x".repeat(100))).hasSize(61).endsWith("…");
  }
}
