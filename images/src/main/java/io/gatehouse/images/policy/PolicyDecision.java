package io.gatehouse.images.policy;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of evaluating a workload's images: a value, never an exception.
 *
 * <p>In {@link EnforcementMode#ENFORCE} mode any violation denies; in {@link EnforcementMode#AUDIT}
 * mode the workload is allowed and the violations are still listed, to be reported. An exempt
 * namespace is allowed with no checks at all.
 *
 * @param allowed whether the workload may be admitted
 * @param mode the mode of the rule set that was applied
 * @param exempt whether the namespace is exempt, so nothing was checked
 * @param ruleSet where the applied rules come from in the policy file: {@code images}, {@code
 *     images.namespaces[2]}, or for an exempt namespace the matching {@code
 *     images.exemptNamespaces[0]}
 * @param violations every image that broke a rule, with the rule, in the order of the images
 */
public record PolicyDecision(
    boolean allowed,
    EnforcementMode mode,
    boolean exempt,
    String ruleSet,
    List<Violation> violations) {

  /** Checks the parts and copies the list. */
  public PolicyDecision {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(ruleSet, "ruleSet");
    violations = List.copyOf(violations);
    if (exempt && !violations.isEmpty()) {
      throw new IllegalArgumentException("an exempt decision has no violations: " + violations);
    }
    if (allowed != (violations.isEmpty() || mode == EnforcementMode.AUDIT)) {
      throw new IllegalArgumentException(
          "allowed must be true exactly when there are no violations or the mode is audit");
    }
  }

  static PolicyDecision exempted(EnforcementMode mode, String origin) {
    return new PolicyDecision(true, mode, true, origin, List.of());
  }

  static PolicyDecision of(EnforcementMode mode, String origin, List<Violation> violations) {
    boolean allowed = violations.isEmpty() || mode == EnforcementMode.AUDIT;
    return new PolicyDecision(allowed, mode, false, origin, violations);
  }

  /** Whether the workload is refused. */
  public boolean denied() {
    return !allowed;
  }
}
