package io.gatehouse.deploy.gate;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Past deployments, for the {@code prior-environment} gate. */
@FunctionalInterface
public interface DeploymentHistory {
  /**
   * When a deployment of this commit with exactly these images (in any order) last succeeded in an
   * environment of the project; the environment name is compared without regard to case.
   */
  Optional<Instant> lastSuccess(
      long projectId, String environment, String sha, List<String> images);
}
