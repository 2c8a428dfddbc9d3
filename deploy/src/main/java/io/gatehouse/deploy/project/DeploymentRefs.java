package io.gatehouse.deploy.project;

import java.util.List;

/**
 * The deployment ref rule of an environment.
 *
 * @param policy which refs are allowed
 * @param branches branch name patterns, for {@link RefPolicy#PATTERNS}
 * @param tags tag name patterns, for {@link RefPolicy#PATTERNS}
 */
public record DeploymentRefs(RefPolicy policy, List<String> branches, List<String> tags) {
  /** Copies the lists. */
  public DeploymentRefs {
    branches = List.copyOf(branches);
    tags = List.copyOf(tags);
  }

  /** Any ref may be deployed. */
  public static DeploymentRefs any() {
    return new DeploymentRefs(RefPolicy.ANY, List.of(), List.of());
  }
}
