package io.gatehouse.deploy.gate;

import java.util.Optional;

/** The secrets of environments, as gates read them (a {@code dast} gate's login). */
@FunctionalInterface
public interface GateSecrets {
  /**
   * The secret {@code name} of the environment {@code deployment} goes to, in the project with
   * database id {@code projectId}, or empty when there is none. A read is recorded for the
   * deployment.
   */
  Optional<String> secret(long projectId, GateDeployment deployment, String name);

  /** No secrets at all. */
  static GateSecrets none() {
    return (project, deployment, name) -> Optional.empty();
  }
}
