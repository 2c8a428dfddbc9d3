package io.gatehouse.deploy.project;

import java.util.Optional;

/**
 * Whether a ref may be deployed to an environment, and if not, why.
 *
 * @param allowed whether it may
 * @param reason why not, fit to show to the requester; empty when allowed
 */
public record RefDecision(boolean allowed, Optional<String> reason) {
  private static final RefDecision ALLOWED = new RefDecision(true, Optional.empty());

  /** The ref may be deployed. */
  public static RefDecision allow() {
    return ALLOWED;
  }

  /** The ref may not be deployed, for this reason. */
  public static RefDecision refuse(String reason) {
    return new RefDecision(false, Optional.of(reason));
  }
}
