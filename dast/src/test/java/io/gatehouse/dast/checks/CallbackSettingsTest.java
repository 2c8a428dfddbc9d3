package io.gatehouse.dast.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class CallbackSettingsTest {

  @Test
  void reachableAt_validatesTheUrl() {
    assertThat(
            CallbackSettings.reachableAt(URI.create("http://scanner.example:8899/cb/"))
                .bind()
                .getPort())
        .isEqualTo(8899);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> CallbackSettings.reachableAt(URI.create("ftp://scanner.example/")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ftp://scanner.example/");
  }
}
