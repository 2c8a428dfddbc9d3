package io.gatehouse.deploy.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IssuerRoutesTest {
  private static final String TAG = "\"abc\"";

  @Test
  void matches_sameTagAmongOthersOrWeakOrAny_true() {
    assertThat(IssuerRoutes.matches(TAG, TAG)).isTrue();
    assertThat(IssuerRoutes.matches("\"x\", " + TAG, TAG)).isTrue();
    assertThat(IssuerRoutes.matches("W/" + TAG, TAG)).isTrue();
    assertThat(IssuerRoutes.matches("*", TAG)).isTrue();
  }

  @Test
  void matches_missingOtherOrOversized_false() {
    assertThat(IssuerRoutes.matches(null, TAG)).isFalse();
    assertThat(IssuerRoutes.matches("\"abd\"", TAG)).isFalse();
    assertThat(IssuerRoutes.matches("abc", TAG)).isFalse();
    assertThat(IssuerRoutes.matches("\"x\",".repeat(400) + TAG, TAG)).isFalse();
  }
}
