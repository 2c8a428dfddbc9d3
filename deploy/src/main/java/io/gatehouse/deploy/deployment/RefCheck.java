package io.gatehouse.deploy.deployment;

import java.util.Optional;

/** The deployment ref rule of an environment. */
@FunctionalInterface
public interface RefCheck {
  /**
   * Why {@code ref} may not be deployed to the target, or empty when it may.
   *
   * @param target the environment and its rules
   * @param ref the fully qualified ref, {@code refs/heads/…} or {@code refs/tags/…}
   */
  Optional<String> refusal(DeploymentTarget target, String ref);
}
