package io.gatehouse.deploy.project;

import java.time.Duration;
import java.util.List;

/**
 * The protection rules of an environment, fixed for a deployment when it is requested.
 *
 * @param deploymentRefs which branches and tags may be deployed
 * @param reviewers every requirement must be met; the requester never counts
 * @param waitMinutes minutes to wait once the reviews are complete, 0 to 43,200
 * @param gates automated checks that must all pass in the same evaluation
 * @param lock how many deployments may be approved or in progress at once
 * @param allowBypass whether admins and maintainers may bypass the rules, with a comment
 * @param reviewTimeout how long a deployment may wait in all before it times out
 */
public record EnvironmentRules(
    DeploymentRefs deploymentRefs,
    List<ReviewerRequirement> reviewers,
    int waitMinutes,
    List<GateSpec> gates,
    LockMode lock,
    boolean allowBypass,
    Duration reviewTimeout) {
  /** The default time a deployment may wait: 30 days. */
  public static final Duration DEFAULT_REVIEW_TIMEOUT = Duration.ofDays(30);

  /** Copies the lists. */
  public EnvironmentRules {
    reviewers = List.copyOf(reviewers);
    gates = List.copyOf(gates);
  }

  /** No rules at all. */
  public static EnvironmentRules none() {
    return new EnvironmentRules(
        DeploymentRefs.any(),
        List.of(),
        0,
        List.of(),
        LockMode.NONE,
        false,
        DEFAULT_REVIEW_TIMEOUT);
  }
}
