package io.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {
  private final DurationConverter converter = new DurationConverter();

  @Test
  void convert_eachUnit_givesTheDuration() {
    assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(converter.convert("10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(converter.convert("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(converter.convert("1h")).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void convert_noUnitNegativeOrHuge_isRefused() {
    assertThatThrownBy(() -> converter.convert("10")).isInstanceOf(TypeConversionException.class);
    assertThatThrownBy(() -> converter.convert("-1s")).isInstanceOf(TypeConversionException.class);
    assertThatThrownBy(() -> converter.convert("9999999999s"))
        .isInstanceOf(TypeConversionException.class);
    assertThatThrownBy(() -> converter.convert("PT5S"))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("500ms, 10s, 5m, 1h");
  }
}
