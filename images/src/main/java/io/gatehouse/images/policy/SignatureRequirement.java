package io.gatehouse.images.policy;

import java.util.List;
import java.util.Objects;

/**
 * A source whose images must carry a valid signature by one of the listed keys.
 *
 * <p>This is data for a verifier to act on; the policy itself verifies nothing.
 *
 * @param source the images this applies to, in trusted-source syntax
 * @param keys the accepted public keys; a signature by any one of them satisfies the requirement
 */
public record SignatureRequirement(TrustedSource source, List<PublicKeyPem> keys) {
  /** Checks the parts and copies the key list, which must not be empty. */
  public SignatureRequirement {
    Objects.requireNonNull(source, "source");
    keys = List.copyOf(keys);
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("a signature requirement needs at least one key");
    }
  }
}
