package io.gatehouse.images.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class EndpointsTest {
  private final Endpoints endpoints = new Endpoints(Set.of("registry.lan:5000"));

  @Test
  void base_publicRegistry_isHttps() {
    assertThat(endpoints.base("ghcr.io")).hasToString("https://ghcr.io");
  }

  @Test
  void base_loopback_isHttp() {
    assertThat(endpoints.base("localhost:5000")).hasToString("http://localhost:5000");
    assertThat(endpoints.base("127.0.0.1:5000")).hasToString("http://127.0.0.1:5000");
    assertThat(endpoints.base("[::1]:5000")).hasToString("http://[::1]:5000");
  }

  @Test
  void base_configuredInsecure_isHttp() {
    assertThat(endpoints.base("registry.lan:5000")).hasToString("http://registry.lan:5000");
    assertThat(endpoints.base("registry.lan")).hasToString("https://registry.lan");
  }

  @Test
  void base_dockerHub_isItsApiHost() {
    assertThat(endpoints.base("docker.io")).hasToString("https://registry-1.docker.io");
  }

  @Test
  void checkRepository_pathTraversal_isRejected() {
    assertThatThrownBy(() -> Endpoints.checkRepository("team/../admin"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid repository");
  }

  @Test
  void checkReference_queryInTag_isRejected() {
    assertThatThrownBy(() -> Endpoints.checkReference("v1?x=1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected a tag or a digest");
  }
}
