package io.gatehouse.deploy.deployment;

import io.gatehouse.deploy.project.GateSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How far a waiting deployment has come through its rules, in their order: reviews, wait timer,
 * gates, lock. {@link #advance} records on the row the timestamps a restart resumes from.
 */
final class RuleProgress {
  /** Where a waiting deployment stands. */
  enum Phase {
    /** Reviews are still needed. */
    REVIEWS,
    /** Reviews took longer than the review timeout, or gates longer than theirs. */
    TIMED_OUT,
    /** The wait timer runs. */
    WAIT_TIMER,
    /** A gate round is due now. */
    GATES_DUE,
    /** The gates failed their last round; the next is not due yet. */
    GATES,
    /** Every rule passed but the lock. */
    LOCK
  }

  /** How long a deployment waiting for the lock goes without a look when nobody wakes it. */
  static final Duration LOCK_RECHECK = Duration.ofMinutes(1);

  private RuleProgress() {}

  /**
   * Advances the row's rule timestamps to {@code now}.
   *
   * @param reviewsMet whether the approvals meet every reviewer requirement
   */
  static Phase advance(DeploymentRow row, boolean reviewsMet, Instant now) {
    if (row.readyAt != null) {
      return Phase.LOCK;
    }
    if (row.bypassed) {
      row.readyAt = now;
      return Phase.LOCK;
    }
    if (row.reviewsCompletedAt == null) {
      if (!reviewsMet) {
        Instant deadline = row.createdAt.plus(row.rules.reviewTimeout());
        if (!now.isBefore(deadline)) {
          return Phase.TIMED_OUT;
        }
        row.nextCheckAt = deadline;
        return Phase.REVIEWS;
      }
      row.reviewsCompletedAt = now;
      if (row.rules.waitMinutes() > 0) {
        row.waitUntil = now.plus(Duration.ofMinutes(row.rules.waitMinutes()));
      }
    }
    Instant waitEnd = row.waitUntil == null ? row.reviewsCompletedAt : row.waitUntil;
    if (now.isBefore(waitEnd)) {
      row.nextCheckAt = waitEnd;
      return Phase.WAIT_TIMER;
    }
    List<GateSpec> gates = row.rules.gates();
    if (gates.isEmpty()) {
      row.readyAt = now;
      return Phase.LOCK;
    }
    if (row.gatesStartedAt == null) {
      row.gatesStartedAt = waitEnd;
    }
    Instant timeoutAt = gatesTimeoutAt(row);
    Instant due = row.gateRound == 0 ? row.gatesStartedAt.plus(maxDelay(gates)) : row.nextCheckAt;
    if (due == null || !now.isBefore(due)) {
      if (!now.isBefore(timeoutAt)) {
        return Phase.TIMED_OUT;
      }
      row.nextCheckAt = now;
      return Phase.GATES_DUE;
    }
    row.nextCheckAt = due.isBefore(timeoutAt) ? due : timeoutAt;
    return Phase.GATES;
  }

  /**
   * Records a round of gate results on the row.
   *
   * @return whether every gate passed in this round
   */
  static boolean recordRound(DeploymentRow row, List<Deployment.GateStatus> results, Instant now) {
    row.gateRound++;
    row.gates = List.copyOf(results);
    boolean passed = results.stream().allMatch(g -> g.status().equals("pass"));
    if (passed) {
      row.readyAt = now;
    } else {
      Instant next = now.plus(minInterval(row.rules.gates()));
      Instant timeoutAt = gatesTimeoutAt(row);
      row.nextCheckAt = next.isBefore(timeoutAt) ? next : timeoutAt;
    }
    return passed;
  }

  /** When the gates phase times out: its start plus the shortest gate timeout. */
  static Instant gatesTimeoutAt(DeploymentRow row) {
    Duration timeout =
        row.rules.gates().stream().map(GateSpec::timeout).min(Duration::compareTo).orElseThrow();
    return row.gatesStartedAt.plus(timeout);
  }

  private static Duration maxDelay(List<GateSpec> gates) {
    return gates.stream().map(GateSpec::delay).max(Duration::compareTo).orElse(Duration.ZERO);
  }

  private static Duration minInterval(List<GateSpec> gates) {
    Duration interval =
        gates.stream().map(GateSpec::interval).min(Duration::compareTo).orElse(Duration.ZERO);
    return interval.isPositive() ? interval : Duration.ofSeconds(1);
  }
}
