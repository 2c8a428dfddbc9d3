package io.gatehouse.deploy.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.text.ParseException;

/**
 * Generating signing key pairs, naming them, and turning their private halves into bytes and back.
 * The {@code kid} of a key is its RFC 7638 JWK thumbprint (SHA-256, base64url), so that it says
 * nothing but identifies the key exactly.
 */
final class KeyMaterial {
  private static final int RSA_BITS = 2048;

  private KeyMaterial() {}

  /** A fresh key pair for the algorithm. */
  static KeyPair generate(SigningAlgorithm algorithm, SecureRandom random) {
    try {
      KeyPairGenerator generator;
      if (algorithm == SigningAlgorithm.ES256) {
        generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), random);
      } else {
        generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(
            new RSAKeyGenParameterSpec(RSA_BITS, RSAKeyGenParameterSpec.F4), random);
      }
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot generate " + algorithm + " keys", e);
    }
  }

  /** The public JWK of a key pair, with its {@code kid}, {@code alg} and {@code use: sig}. */
  static JWK publicJwk(SigningAlgorithm algorithm, KeyPair pair) {
    try {
      JWK unnamed =
          algorithm == SigningAlgorithm.ES256
              ? new ECKey.Builder(Curve.P_256, (ECPublicKey) pair.getPublic()).build()
              : new RSAKey.Builder((RSAPublicKey) pair.getPublic()).build();
      String kid = unnamed.computeThumbprint().toString();
      return algorithm == SigningAlgorithm.ES256
          ? new ECKey.Builder((ECKey) unnamed)
              .keyID(kid)
              .algorithm(algorithm.jose())
              .keyUse(KeyUse.SIGNATURE)
              .build()
          : new RSAKey.Builder((RSAKey) unnamed)
              .keyID(kid)
              .algorithm(algorithm.jose())
              .keyUse(KeyUse.SIGNATURE)
              .build();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot compute the thumbprint of a new key", e);
    }
  }

  /** A stored public JWK. */
  static JWK parsePublic(String json) {
    try {
      JWK jwk = JWK.parse(json);
      if (jwk.isPrivate()) {
        throw new IllegalStateException("a stored public signing key holds private material");
      }
      return jwk;
    } catch (ParseException e) {
      throw new IllegalStateException("a stored public signing key cannot be read", e);
    }
  }

  /** The private key as PKCS#8 DER. */
  static byte[] encodePrivate(PrivateKey key) {
    return key.getEncoded();
  }

  /** The private key of the algorithm from its PKCS#8 encoding. */
  static PrivateKey decodePrivate(SigningAlgorithm algorithm, byte[] pkcs8) {
    try {
      PrivateKey key =
          KeyFactory.getInstance(algorithm == SigningAlgorithm.ES256 ? "EC" : "RSA")
              .generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
      boolean fits =
          algorithm == SigningAlgorithm.ES256
              ? key instanceof ECPrivateKey ec
                  && ec.getParams().getCurve().getField().getFieldSize() == 256
              : key instanceof RSAPrivateKey rsa && rsa.getModulus().bitLength() >= RSA_BITS;
      if (!fits) {
        throw new IllegalStateException(
            "a stored " + algorithm + " signing key has the wrong size");
      }
      return key;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("a stored " + algorithm + " signing key cannot be read", e);
    }
  }
}
