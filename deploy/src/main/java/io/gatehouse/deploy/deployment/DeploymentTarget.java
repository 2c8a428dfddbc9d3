package io.gatehouse.deploy.deployment;

import io.gatehouse.deploy.project.EnvironmentRules;
import java.util.List;

/**
 * The environment a deployment is requested for, as the project directory knows it.
 *
 * @param projectId the project's database id
 * @param project the project's name
 * @param environmentId the environment's database id
 * @param environment the environment's name
 * @param rules the environment's current rules
 * @param protectedBranches the project's protected branches, for the ref rule
 */
public record DeploymentTarget(
    long projectId,
    String project,
    long environmentId,
    String environment,
    EnvironmentRules rules,
    List<String> protectedBranches) {
  /** Copies the list. */
  public DeploymentTarget {
    protectedBranches = List.copyOf(protectedBranches);
  }
}
