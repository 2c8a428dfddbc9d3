package io.gatehouse.deploy.gate;

import java.util.Optional;

/** The secrets of environments, as gates read them (a {@code dast} gate's login). */
@FunctionalInterface
public interface GateSecrets {
  /**
   * The secret {@code name} of the environment {@code environment} of the project with database id
   * {@code projectId}, or empty when there is none.
   */
  Optional<String> secret(long projectId, String environment, String name);

  /** No secrets at all. */
  static GateSecrets none() {
    return (project, environment, name) -> Optional.empty();
  }
}
