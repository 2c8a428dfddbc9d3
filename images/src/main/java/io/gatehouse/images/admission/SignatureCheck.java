package io.gatehouse.images.admission;

import io.gatehouse.images.policy.SignatureRequirement;
import io.gatehouse.images.reference.ImageReference;

/**
 * Verifies that an image carries a valid signature by one of a requirement's keys, and resolves the
 * digest it was verified at. Implementations may block on the registry; the webhook bounds the time
 * it waits.
 */
@FunctionalInterface
public interface SignatureCheck {
  /** Checks the image against the requirement; registry trouble is an outcome, not an exception. */
  SignatureOutcome check(ImageReference image, SignatureRequirement requirement);

  /** A check for policies without signature requirements: every call is a failure to verify. */
  static SignatureCheck unavailable() {
    return (image, requirement) ->
        SignatureOutcome.unverified("signature verification is not configured");
  }
}
