package io.gatehouse.images.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthChallengeTest {
  @Test
  void parse_bearerChallenge_readsRealmServiceAndScope() {
    AuthChallenge challenge =
        AuthChallenge.parse(
                "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
                    + "scope=\"repository:samalba/my-app:pull,push\"")
            .orElseThrow();

    assertThat(challenge.scheme()).isEqualTo("bearer");
    assertThat(challenge.parameters())
        .isEqualTo(
            Map.of(
                "realm", "https://auth.docker.io/token",
                "service", "registry.docker.io",
                "scope", "repository:samalba/my-app:pull,push"));
  }

  @Test
  void parse_quotedValueWithEscapesAndCommas_unquotes() {
    AuthChallenge challenge =
        AuthChallenge.parse("Bearer realm=\"https://a/t?x=1,y=\\\"2\\\"\", service=reg")
            .orElseThrow();

    assertThat(challenge.parameter("realm")).contains("https://a/t?x=1,y=\"2\"");
    assertThat(challenge.parameter("service")).contains("reg");
  }

  @Test
  void parse_basicWithRealm_isBasic() {
    assertThat(AuthChallenge.parse("Basic realm=\"registry\"").orElseThrow().scheme())
        .isEqualTo("basic");
  }

  @Test
  void parse_unterminatedQuote_isEmpty() {
    assertThat(AuthChallenge.parse("Bearer realm=\"https://a/token")).isEmpty();
  }

  @Test
  void parse_duplicateParameter_isEmpty() {
    assertThat(AuthChallenge.parse("Bearer realm=\"https://a\",realm=\"https://b\"")).isEmpty();
  }

  @Test
  void parse_oversizedHeader_isEmpty() {
    assertThat(AuthChallenge.parse("Bearer realm=\"" + "a".repeat(5000) + "\"")).isEmpty();
  }

  @Test
  void select_basicAndBearer_prefersBearer() {
    assertThat(
            AuthChallenge.select(List.of("Basic realm=\"r\"", "Bearer realm=\"https://t\""))
                .orElseThrow()
                .scheme())
        .isEqualTo("bearer");
  }
}
