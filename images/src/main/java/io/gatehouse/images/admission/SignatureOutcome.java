package io.gatehouse.images.admission;

import java.util.Objects;
import java.util.Optional;

/**
 * The result of a signature check: verified at a digest, or not, with the reason.
 *
 * @param verified whether a valid signature by a trusted key was found
 * @param digest the digest the image was verified at ({@code sha256:…}), when verified
 * @param reason why it was not verified, or which key verified it
 * @param registryUnavailable whether the failure was the registry's (unreachable, timeout), which
 *     is cached for a shorter time than a definite answer
 */
public record SignatureOutcome(
    boolean verified, Optional<String> digest, String reason, boolean registryUnavailable) {
  /** Checks the parts. */
  public SignatureOutcome {
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(reason, "reason");
    if (verified && digest.isEmpty()) {
      throw new IllegalArgumentException("a verified outcome names its digest");
    }
  }

  /** Verified at this digest. */
  public static SignatureOutcome verified(String digest, String reason) {
    return new SignatureOutcome(true, Optional.of(digest), reason, false);
  }

  /** Not verified: no signature, a bad one, another key's, another digest's. */
  public static SignatureOutcome unverified(String reason) {
    return new SignatureOutcome(false, Optional.empty(), reason, false);
  }

  /** Not verified because the registry could not be asked. */
  public static SignatureOutcome registryUnavailable(String reason) {
    return new SignatureOutcome(false, Optional.empty(), reason, true);
  }
}
