package io.gatehouse.images.signature;

import java.util.List;
import java.util.Optional;

/**
 * Whether an image carries a valid signature by a trusted key, and if not, why not.
 *
 * @param imageDigest the digest of the image manifest that was checked
 * @param verifiedBy the name of the trusted key whose signature was valid; empty when none
 * @param findings why each signature that was looked at did not count (may be non-empty even when
 *     verified, for the signatures checked before the valid one)
 */
public record VerificationResult(
    String imageDigest, Optional<String> verifiedBy, List<Finding> findings) {
  /** Copies the findings. */
  public VerificationResult {
    findings = List.copyOf(findings);
  }

  /** Why a signature did not count. */
  public enum Problem {
    /** The image has no signature manifest, or it lists no signatures. */
    NO_SIGNATURES,
    /** The signature is missing, not base64, or not a well-formed signature. */
    BAD_SIGNATURE,
    /** The signature is well formed but no trusted key verifies it: another key, or altered. */
    NOT_SIGNED_BY_TRUSTED_KEY,
    /** The signed payload names another image digest. */
    DIGEST_MISMATCH,
    /** The signed payload names another repository. */
    IDENTITY_MISMATCH,
    /**
     * The signed payload is not a valid simple-signing document, or the layer is of another type.
     */
    MALFORMED_PAYLOAD,
    /** The payload is larger than a signature payload may be. */
    OVERSIZED_PAYLOAD
  }

  /**
   * One signature that did not count.
   *
   * @param layer the index of its layer in the signature manifest; -1 for the manifest itself
   * @param problem what was wrong
   * @param detail a human-readable explanation, safe to show
   */
  public record Finding(int layer, Problem problem, String detail) {}

  /** Whether a trusted key signed this image. */
  public boolean verified() {
    return verifiedBy.isPresent();
  }
}
