package io.gatehouse.deploy.deployment;

import java.util.List;
import java.util.Optional;

/**
 * One page of a deployment listing, newest first.
 *
 * @param deployments the deployments
 * @param next the {@code before} of the next page, empty on the last
 */
public record DeploymentPage(List<Deployment> deployments, Optional<Long> next) {
  /** Copies the list. */
  public DeploymentPage {
    deployments = List.copyOf(deployments);
  }
}
