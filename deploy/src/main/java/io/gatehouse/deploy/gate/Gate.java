package io.gatehouse.deploy.gate;

/** One configured automated check of an environment. */
@FunctionalInterface
public interface Gate {
  /**
   * Evaluates the gate for a deployment. May block (an HTTP call), so it is never called inside a
   * database transaction. A failure to evaluate is a {@link GateOutcome.Status#FAIL} with the
   * reason, never an exception.
   */
  GateOutcome evaluate(GateContext context);
}
