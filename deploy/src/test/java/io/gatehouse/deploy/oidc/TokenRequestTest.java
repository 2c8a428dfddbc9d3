package io.gatehouse.deploy.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.deploy.server.ApiException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenRequestTest {
  @Test
  void of_audienceOnly_fiveMinutesAndTheProjectsAlgorithm() {
    TokenRequest request = TokenRequest.of(new TokenRequest.Body("sts.amazonaws.com", null, null));

    assertThat(request.audience()).isEqualTo("sts.amazonaws.com");
    assertThat(request.lifetime()).isEqualTo(Duration.ofMinutes(5));
    assertThat(request.algorithm()).isEmpty();
  }

  @Test
  void of_everyField_taken() {
    TokenRequest request =
        TokenRequest.of(new TokenRequest.Body("api://AzureADTokenExchange", "90s", "RS256"));

    assertThat(request.lifetime()).isEqualTo(Duration.ofSeconds(90));
    assertThat(request.algorithm()).isEqualTo(Optional.of(SigningAlgorithm.RS256));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1m", "60s", "60m", "1h", "3600s"})
  void of_lifetimeWithinBounds_accepted(String lifetime) {
    assertThat(TokenRequest.of(new TokenRequest.Body("a", lifetime, null)).lifetime())
        .isBetween(Duration.ofMinutes(1), Duration.ofMinutes(60));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", "0m", "59s", "61m", "2h", "3601s", "5", "m", "5 m", " 5m", "5M", "-5m", "05m", "99999m",
        "1d", "5m5s", "\u0665m"
      })
  void of_lifetimeOutOfBoundsOrMalformed_refusedNamingTheField(String lifetime) {
    assertThatThrownBy(() -> TokenRequest.of(new TokenRequest.Body("a", lifetime, null)))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.code()).isEqualTo("invalid_request"))
        .hasMessageContaining("'lifetime'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a b", "a\tb", "a\u0000", "caf\u00e9", "a\nb", "\u007f"})
  void of_audienceNotPrintableAscii_refused(String audience) {
    assertThatThrownBy(() -> TokenRequest.of(new TokenRequest.Body(audience, null, null)))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("'audience'");
  }

  @Test
  void of_audienceTooLongOrMissing_refused() {
    assertThatThrownBy(() -> TokenRequest.of(new TokenRequest.Body("a".repeat(256), null, null)))
        .hasMessageContaining("at most 255");
    assertThatThrownBy(() -> TokenRequest.of(new TokenRequest.Body(null, null, null)))
        .hasMessageContaining("required");
    assertThat(TokenRequest.of(new TokenRequest.Body("a".repeat(255), null, null)).audience())
        .hasSize(255);
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "HS256", "es256", "PS256", "ES384", ""})
  void of_algorithmOtherThanEs256OrRs256_refused(String alg) {
    assertThatThrownBy(() -> TokenRequest.of(new TokenRequest.Body("a", null, alg)))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("'alg' must be ES256 or RS256");
  }
}
