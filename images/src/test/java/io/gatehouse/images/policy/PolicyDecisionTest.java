package io.gatehouse.images.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyDecisionTest {
  private static final Violation VIOLATION =
      new Violation("evil.com/x", PolicyRule.UNTRUSTED_REGISTRY, "not trusted");

  @Test
  void of_violationInEnforceMode_denies() {
    PolicyDecision decision =
        PolicyDecision.of(EnforcementMode.ENFORCE, "images", List.of(VIOLATION));

    assertThat(decision.allowed()).isFalse();
    assertThat(decision.denied()).isTrue();
  }

  @Test
  void of_violationInAuditMode_allows() {
    assertThat(PolicyDecision.of(EnforcementMode.AUDIT, "images", List.of(VIOLATION)).allowed())
        .isTrue();
  }

  @Test
  void constructor_inconsistentAllowed_isRefused() {
    assertThatThrownBy(
            () ->
                new PolicyDecision(
                    true, EnforcementMode.ENFORCE, false, "images", List.of(VIOLATION)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new PolicyDecision(true, EnforcementMode.AUDIT, true, "x", List.of(VIOLATION)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void constructor_copiesTheViolations() {
    List<Violation> violations = new ArrayList<>(List.of(VIOLATION));
    PolicyDecision decision = PolicyDecision.of(EnforcementMode.ENFORCE, "images", violations);
    violations.clear();

    assertThat(decision.violations()).containsExactly(VIOLATION);
  }

  @Test
  void ruleIds_areStable() {
    assertThat(PolicyRule.values())
        .extracting(PolicyRule::id)
        .containsExactly(
            "invalid-reference", "untrusted-registry", "digest-required", "latest-forbidden");
    assertThat(EnforcementMode.fromId("audit")).contains(EnforcementMode.AUDIT);
    assertThat(EnforcementMode.fromId("Audit")).isEmpty();
  }
}
