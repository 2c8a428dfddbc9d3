package io.gatehouse.deploy.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FederationRoutesTest {
  @Test
  void parse_formEncoding_decodesPlusAndPercent() {
    assertThat(FederationRoutes.parse("a=x+y&b=%2F%3D&c"))
        .containsEntry("a", "x y")
        .containsEntry("b", "/=")
        .containsEntry("c", "");
  }

  @Test
  void parse_duplicateParameter_refused() {
    assertThatThrownBy(() -> FederationRoutes.parse("scope=a&scope=b"))
        .isInstanceOf(ExchangeRefusedException.class)
        .hasMessageContaining("scope is given more than once");
  }

  @Test
  void parse_brokenPercentEncoding_refused() {
    assertThatThrownBy(() -> FederationRoutes.parse("a=%G0"))
        .hasMessageContaining("not valid form encoding");
  }

  @Test
  void parse_manyParameters_refused() {
    assertThatThrownBy(() -> FederationRoutes.parse("a=1&".repeat(30)))
        .hasMessageContaining("more than 20 parameters");
  }
}
