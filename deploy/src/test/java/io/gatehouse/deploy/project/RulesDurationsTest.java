package io.gatehouse.deploy.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RulesDurationsTest {
  @Test
  void parse_eachUnit_givesDuration() {
    assertThat(RulesDurations.parse("30s", "x")).isEqualTo(Duration.ofSeconds(30));
    assertThat(RulesDurations.parse("5m", "x")).isEqualTo(Duration.ofMinutes(5));
    assertThat(RulesDurations.parse("2h", "x")).isEqualTo(Duration.ofHours(2));
    assertThat(RulesDurations.parse("7d", "x")).isEqualTo(Duration.ofDays(7));
  }

  @Test
  void parse_otherText_refusedNamingPath() {
    for (String text : new String[] {"", "5", "m", "1.5h", "-1s", "1w", "5 m", "PT5M"}) {
      assertThatThrownBy(() -> RulesDurations.parse(text, "gates[0].delay"))
          .isInstanceOf(InvalidRulesException.class)
          .hasMessageStartingWith("gates[0].delay: ");
    }
  }

  @Test
  void format_usesLargestExactUnit() {
    assertThat(RulesDurations.format(Duration.ofDays(30))).isEqualTo("30d");
    assertThat(RulesDurations.format(Duration.ofMinutes(89).plusMinutes(1))).isEqualTo("90m");
    assertThat(RulesDurations.format(Duration.ofSeconds(61))).isEqualTo("61s");
    assertThat(RulesDurations.format(Duration.ZERO)).isEqualTo("0s");
  }
}
