package io.gatehouse.deploy.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.deploy.server.ApiException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ValueTextTest {
  @Test
  void utf8_text_itsBytes() {
    assertThat(ValueText.utf8("secret", "pä$$\n'w"))
        .isEqualTo("pä$$\n'w".getBytes(StandardCharsets.UTF_8));
    assertThat(ValueText.utf8("variable", "")).isEmpty();
  }

  @Test
  void utf8_exactly48KiB_accepted() {
    assertThat(ValueText.utf8("secret", "x".repeat(49_152))).hasSize(49_152);
    assertThat(ValueText.utf8("secret", "€".repeat(16_384))).hasSize(49_152);
  }

  @Test
  void utf8_oneByteTooMany_valueTooLarge() {
    for (String value : new String[] {"x".repeat(49_153), "€".repeat(16_384) + "x"}) {
      assertThatThrownBy(() -> ValueText.utf8("secret", value))
          .isInstanceOfSatisfying(
              ApiException.class, e -> assertThat(e.code()).isEqualTo("value_too_large"))
          .hasMessage("the secret's value must be at most 49152 bytes in UTF-8 (48 KiB)");
    }
  }

  @Test
  void utf8_nulOrLoneSurrogate_invalidWithoutEcho() {
    assertThatThrownBy(() -> ValueText.utf8("variable", "abc\u0000def"))
        .hasMessage("the variable's value must not contain the NUL character");
    assertThatThrownBy(() -> ValueText.utf8("secret", "abc\ud800def"))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.code()).isEqualTo("invalid_value"))
        .message()
        .doesNotContain("abc");
  }
}
