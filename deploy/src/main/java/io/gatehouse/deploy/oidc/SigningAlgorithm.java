package io.gatehouse.deploy.oidc;

import com.nimbusds.jose.JWSAlgorithm;
import java.util.Optional;

/** The algorithms the issuer signs with: ES256 (the default) and RS256. */
public enum SigningAlgorithm {
  /** ECDSA with P-256 and SHA-256: the default. */
  ES256,
  /** RSASSA-PKCS1-v1_5 with SHA-256 and a 2048-bit key, for relying parties that need RSA. */
  RS256;

  /** The algorithm with this name, exactly as JOSE writes it ({@code ES256}, {@code RS256}). */
  public static Optional<SigningAlgorithm> parse(String name) {
    for (SigningAlgorithm algorithm : values()) {
      if (algorithm.name().equals(name)) {
        return Optional.of(algorithm);
      }
    }
    return Optional.empty();
  }

  /** The same algorithm in Nimbus's terms. */
  JWSAlgorithm jose() {
    return this == ES256 ? JWSAlgorithm.ES256 : JWSAlgorithm.RS256;
  }
}
