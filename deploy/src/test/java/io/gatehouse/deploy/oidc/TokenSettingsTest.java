package io.gatehouse.deploy.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenSettingsTest {
  @Test
  void new_everyClaimOnceProjectFirst_accepted() {
    assertThat(
            new TokenSettings(TokenSettings.SUBJECT_CLAIMS, SigningAlgorithm.RS256).subjectClaims())
        .hasSize(6)
        .startsWith("project");
  }

  @Test
  void new_notStartingWithProject_refused() {
    assertThatThrownBy(
            () -> new TokenSettings(List.of("environment", "project"), SigningAlgorithm.ES256))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the subject's claims must start with 'project'");
    assertThatThrownBy(() -> new TokenSettings(List.of(), SigningAlgorithm.ES256))
        .hasMessage("the subject's claims must start with 'project'");
  }

  @Test
  void new_unknownOrRepeatedClaim_refusedNamingIt() {
    assertThatThrownBy(() -> new TokenSettings(List.of("project", "aud"), SigningAlgorithm.ES256))
        .hasMessageStartingWith("'aud' cannot be part of the subject");
    assertThatThrownBy(
            () -> new TokenSettings(List.of("project", "x".repeat(1000)), SigningAlgorithm.ES256))
        .hasMessageStartingWith("'" + "x".repeat(40) + "…'");
    assertThatThrownBy(
            () -> new TokenSettings(List.of("project", "ref", "ref"), SigningAlgorithm.ES256))
        .hasMessage("the subject names 'ref' twice");
  }
}
