package io.gatehouse.deploy.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WebhookSpecTest {
  @Test
  void toString_neverShowsSecret() {
    WebhookSpec spec = new WebhookSpec(URI.create("https://hooks.example/x"), "s3cr3t", Set.of());

    assertThat(spec.toString()).doesNotContain("s3cr3t").contains("hooks.example");
  }

  @Test
  void new_otherScheme_refused() {
    assertThatThrownBy(() -> new WebhookSpec(URI.create("file:///etc/passwd"), "s", Set.of()))
        .isInstanceOf(InvalidWebhookException.class)
        .hasMessage("a webhook URL must be http or https: file");
  }

  @Test
  void new_emptySecret_refusedWithoutEcho() {
    assertThatThrownBy(() -> new WebhookSpec(URI.create("http://h/"), "", Set.of()))
        .isInstanceOf(InvalidWebhookException.class);
  }

  @Test
  void sign_knownVector_matchesAndVerifies() {
    String header = WebhookSignature.sign("secret", 1700000000L, "{\"a\":1}");

    assertThat(header).startsWith("sha256=").hasSize(7 + 64);
    assertThat(WebhookSignature.verify("secret", 1700000000L, "{\"a\":1}", header)).isTrue();
    assertThat(WebhookSignature.verify("secret", 1700000001L, "{\"a\":1}", header)).isFalse();
    assertThat(WebhookSignature.verify("other", 1700000000L, "{\"a\":1}", header)).isFalse();
  }

  @Test
  void retryDelay_doublesFromOneSecondCappedAtTenMinutesWithJitterBelow() {
    DeliverySettings settings = DeliverySettings.defaults();

    assertThat(settings.retryDelay(1, 0)).isEqualTo(Duration.ofSeconds(1));
    assertThat(settings.retryDelay(2, 0)).isEqualTo(Duration.ofSeconds(2));
    assertThat(settings.retryDelay(3, 0)).isEqualTo(Duration.ofSeconds(4));
    assertThat(settings.retryDelay(10, 0)).isEqualTo(Duration.ofSeconds(512));
    assertThat(settings.retryDelay(11, 0)).isEqualTo(Duration.ofMinutes(10));
    assertThat(settings.retryDelay(1000, 0)).isEqualTo(Duration.ofMinutes(10));
    assertThat(settings.retryDelay(1, 1)).isEqualTo(Duration.ofMillis(750));
  }
}
