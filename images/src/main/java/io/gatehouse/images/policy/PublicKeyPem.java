package io.gatehouse.images.policy;

import java.util.Objects;

/**
 * A public key for signature verification, as PEM text ({@code -----BEGIN PUBLIC KEY-----}).
 *
 * <p>The PEM framing and its base64 body are checked when the policy is read; the key itself is not
 * decoded here, that is the verifier's job.
 *
 * @param origin where the key came from: the absolute path of a key file, or the policy-file path
 *     of an inline key such as {@code images.signatures[0].keys[1]}
 * @param pem the PEM text
 */
public record PublicKeyPem(String origin, String pem) {
  /** Checks that both parts are present. */
  public PublicKeyPem {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(pem, "pem");
  }
}
