package io.gatehouse.images.signature;

/**
 * A PEM key that cannot be used: not PEM, not a supported key, or (for an encrypted private key) a
 * wrong passphrase. The message names the source and what was expected, never key material.
 */
public final class InvalidKeyFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  InvalidKeyFileException(String source, String problem) {
    super("invalid key " + source + ": " + problem);
  }
}
