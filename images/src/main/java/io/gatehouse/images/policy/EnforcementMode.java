package io.gatehouse.images.policy;

import java.util.Optional;

/** What a rule set does with a violation: refuse the workload, or admit it and report. */
public enum EnforcementMode {
  /** A violation denies admission. */
  ENFORCE("enforce"),
  /** A violation is reported, and admission is allowed. */
  AUDIT("audit");

  private final String id;

  EnforcementMode(String id) {
    this.id = id;
  }

  /** The name used in the policy file: {@code enforce} or {@code audit}. */
  public String id() {
    return id;
  }

  /** The mode with this policy-file name, if there is one. */
  static Optional<EnforcementMode> fromId(String id) {
    for (EnforcementMode mode : values()) {
      if (mode.id.equals(id)) {
        return Optional.of(mode);
      }
    }
    return Optional.empty();
  }
}
