package io.gatehouse.deploy.deployment;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The states of a deployment and the moves between them. A deployment waits while its rules are
 * pending; once approved the deployer reports progress; the last seven states are terminal.
 */
public enum DeploymentState {
  /** Rules pending: reviews, the wait timer, gates or the lock. */
  WAITING,
  /** Every rule passed; the deployer may start. Holds the environment's lock. */
  APPROVED,
  /** The deployer reported that it started. Holds the environment's lock. */
  IN_PROGRESS,
  /** The deployer reported success. */
  SUCCESS,
  /** The deployer reported a failure of the deployment itself. */
  FAILURE,
  /** The deployer reported an error of its own. */
  ERROR,
  /** A reviewer rejected it. */
  REJECTED,
  /** The requester, a maintainer or an admin cancelled it. */
  CANCELLED,
  /** Its reviews or gates took longer than allowed. */
  TIMED_OUT,
  /** A newer deployment of the environment superseded it. */
  INACTIVE;

  private static final Set<DeploymentState> FROM_WAITING =
      EnumSet.of(APPROVED, REJECTED, CANCELLED, TIMED_OUT, INACTIVE);
  private static final Set<DeploymentState> FROM_APPROVED =
      EnumSet.of(IN_PROGRESS, SUCCESS, FAILURE, ERROR, CANCELLED);
  private static final Set<DeploymentState> FROM_IN_PROGRESS =
      EnumSet.of(SUCCESS, FAILURE, ERROR, CANCELLED);

  /** The wire form, e.g. {@code in_progress}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses the wire form. */
  public static Optional<DeploymentState> parse(String text) {
    for (DeploymentState state : values()) {
      if (state.wire().equals(text)) {
        return Optional.of(state);
      }
    }
    return Optional.empty();
  }

  /** Whether nothing can follow this state. */
  public boolean terminal() {
    return switch (this) {
      case WAITING, APPROVED, IN_PROGRESS -> false;
      default -> true;
    };
  }

  /** Whether this state holds the environment's exclusive lock. */
  public boolean holdsLock() {
    return this == APPROVED || this == IN_PROGRESS;
  }

  /** Whether a deployment in this state may move to {@code next}. */
  public boolean canMoveTo(DeploymentState next) {
    return switch (this) {
      case WAITING -> FROM_WAITING.contains(next);
      case APPROVED -> FROM_APPROVED.contains(next);
      case IN_PROGRESS -> FROM_IN_PROGRESS.contains(next);
      default -> false;
    };
  }
}
