package io.gatehouse.images.signature;

import java.security.PublicKey;

/**
 * A public key whose signatures are trusted, and the name a verification result reports it by.
 *
 * @param name a name for the key, such as its file or the team that holds it
 * @param key an ECDSA, RSA or Ed25519 public key
 */
public record TrustedKey(String name, PublicKey key) {
  /** Rejects a key type cosign signatures cannot be made with. */
  public TrustedKey {
    SignatureAlgorithms.forKey(key);
  }
}
