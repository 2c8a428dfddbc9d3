package io.gatehouse.deploy.gate;

/**
 * The result of one evaluation of a gate.
 *
 * @param status pass, fail, or pending (an asynchronous answer is awaited)
 * @param detail why, fit to show to the deployment's reviewers
 */
public record GateOutcome(Status status, String detail) {
  /** The three possible results. */
  public enum Status {
    PASS,
    FAIL,
    PENDING
  }

  /** A pass. */
  public static GateOutcome pass(String detail) {
    return new GateOutcome(Status.PASS, detail);
  }

  /** A failure. */
  public static GateOutcome fail(String detail) {
    return new GateOutcome(Status.FAIL, detail);
  }

  /** Awaiting an asynchronous answer. */
  public static GateOutcome pending(String detail) {
    return new GateOutcome(Status.PENDING, detail);
  }
}
