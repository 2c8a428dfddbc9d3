package io.gatehouse.deploy.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CredentialSpecTest {
  private static final String ISSUER = "https://token.actions.githubusercontent.com";

  @Test
  void issuerProblem_httpsAndLoopbackHttp_accepted() {
    assertThat(CredentialSpec.issuerProblem(ISSUER)).isEmpty();
    assertThat(CredentialSpec.issuerProblem("https://gitlab.example.com/")).isEmpty();
    assertThat(CredentialSpec.issuerProblem("http://127.0.0.1:8443")).isEmpty();
    assertThat(CredentialSpec.issuerProblem("http://localhost")).isEmpty();
  }

  @Test
  void issuerProblem_hostileValues_refused() {
    assertThat(CredentialSpec.issuerProblem("http://gitlab.example.com")).isPresent();
    assertThat(CredentialSpec.issuerProblem("file:///etc/passwd")).isPresent();
    assertThat(CredentialSpec.issuerProblem("https://user:pw@example.com")).isPresent();
    assertThat(CredentialSpec.issuerProblem("https://example.com/#x")).isPresent();
    assertThat(CredentialSpec.issuerProblem("https://exa mple.com")).isPresent();
    assertThat(CredentialSpec.issuerProblem("https://example.com/\n")).isPresent();
    assertThat(CredentialSpec.issuerProblem("https://example.com/" + "a".repeat(500))).isPresent();
    assertThat(CredentialSpec.issuerProblem("")).isPresent();
  }

  @Test
  void new_subjectAndClaims_refused() {
    assertThatThrownBy(
            () ->
                new CredentialSpec(
                    "gh", ISSUER, "aud", Optional.of("s"), Map.of("ref", "main"), "deployer"))
        .isInstanceOf(InvalidCredentialException.class)
        .hasMessageContaining("exactly one of");
  }

  @Test
  void new_tooManyClaims_refused() {
    Map<String, String> claims = new java.util.HashMap<>();
    for (int i = 0; i < 11; i++) {
      claims.put("c" + i, "v");
    }
    assertThatThrownBy(
            () -> new CredentialSpec("gh", ISSUER, "aud", Optional.empty(), claims, "deployer"))
        .hasMessageContaining("claims: must have at most 10");
  }

  @Test
  void matches_claimsNonStringValue_doesNotMatch() {
    CredentialSpec spec =
        new CredentialSpec(
            "gh", ISSUER, "aud", Optional.empty(), Map.of("run_attempt", "1"), "deployer");
    FederatedCredential credential = new FederatedCredential(1, 1, "shop", spec, 1);

    assertThat(credential.matches(Map.of("run_attempt", 1L))).isFalse();
    assertThat(credential.matches(Map.of("run_attempt", "1"))).isTrue();
    assertThat(credential.matches(Map.of())).isFalse();
  }

  @Test
  void matches_exactSubject_noGlob() {
    CredentialSpec spec =
        new CredentialSpec("gh", ISSUER, "aud", Optional.of("repo:a/*"), Map.of(), "deployer");
    FederatedCredential credential = new FederatedCredential(1, 1, "shop", spec, 1);

    assertThat(credential.matches(Map.of("sub", "repo:a/x"))).isFalse();
    assertThat(credential.matches(Map.of("sub", "repo:a/*"))).isTrue();
  }
}
