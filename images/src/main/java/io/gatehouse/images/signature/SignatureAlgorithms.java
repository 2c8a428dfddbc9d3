package io.gatehouse.images.signature;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;

/**
 * The signature scheme cosign uses for each key type: SHA-256 with ECDSA or RSA PKCS#1, Ed25519.
 */
final class SignatureAlgorithms {
  /** How checking one signature against one key came out. */
  enum Check {
    VALID,
    INVALID,
    MALFORMED
  }

  private SignatureAlgorithms() {}

  static String forKey(java.security.Key key) {
    return switch (key.getAlgorithm()) {
      case "EC" -> "SHA256withECDSA";
      case "RSA" -> "SHA256withRSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      default ->
          throw new IllegalArgumentException("unsupported key algorithm: " + key.getAlgorithm());
    };
  }

  static byte[] sign(PrivateKey key, byte[] payload) {
    try {
      Signature signature = Signature.getInstance(forKey(key));
      signature.initSign(key);
      signature.update(payload);
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign with a " + key.getAlgorithm() + " key", e);
    }
  }

  static Check verify(PublicKey key, byte[] payload, byte[] signatureBytes) {
    try {
      Signature signature = Signature.getInstance(forKey(key));
      signature.initVerify(key);
      signature.update(payload);
      return signature.verify(signatureBytes) ? Check.VALID : Check.INVALID;
    } catch (SignatureException e) {
      return Check.MALFORMED;
    } catch (InvalidKeyException e) {
      return Check.INVALID;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot verify with a " + key.getAlgorithm() + " key", e);
    }
  }
}
