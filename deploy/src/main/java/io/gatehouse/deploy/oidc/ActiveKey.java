package io.gatehouse.deploy.oidc;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * A key that signs: its kid, its algorithm, its private key and the JCA provider that signs with
 * it, with the protected header ({@code alg}, {@code kid}, {@code typ: JWT}) encoded once.
 * Thread-safe: each signature uses its own {@link Signature}.
 *
 * <p>Signs through the JCA directly, with output that is already JOSE's: on the path of every
 * deployment token, this skips the provider search and the DER transcoding a general-purpose signer
 * does per signature. ES256 signs with Bouncy Castle's {@code SHA256withPLAIN-ECDSA} ({@code r ||
 * s}), whose P-256 arithmetic took about two thirds of the JDK's CPU time per signature on our
 * machines; RS256 with the JDK's {@code SHA256withRSA}.
 */
final class ActiveKey {
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final String kid;
  private final SigningAlgorithm algorithm;
  private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

  private final PrivateKey key;
  private final String jcaAlgorithm;
  private final Provider provider;
  private final String encodedHeader;

  ActiveKey(String kid, SigningAlgorithm algorithm, PrivateKey key) {
    this.kid = kid;
    this.algorithm = algorithm;
    boolean ecdsa = algorithm == SigningAlgorithm.ES256;
    this.jcaAlgorithm = ecdsa ? "SHA256withPLAIN-ECDSA" : "SHA256withRSA";
    try {
      this.provider = ecdsa ? BOUNCY_CASTLE : Signature.getInstance(jcaAlgorithm).getProvider();
      this.key =
          ecdsa
              ? KeyFactory.getInstance("EC", provider)
                  .generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()))
              : key;
      // Fails here, at load, rather than at the first token when the key does not fit.
      Signature.getInstance(jcaAlgorithm, provider).initSign(this.key);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign " + algorithm + " with key " + kid, e);
    }
    JWSHeader header =
        new JWSHeader.Builder(algorithm.jose()).keyID(kid).type(JOSEObjectType.JWT).build();
    this.encodedHeader = header.toBase64URL().toString();
  }

  String kid() {
    return kid;
  }

  SigningAlgorithm algorithm() {
    return algorithm;
  }

  /** The compact JWS of this payload (UTF-8 JSON). */
  String sign(byte[] payload) {
    String signingInput = encodedHeader + "." + BASE64URL.encodeToString(payload);
    try {
      Signature signature = Signature.getInstance(jcaAlgorithm, provider);
      signature.initSign(key);
      signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + BASE64URL.encodeToString(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign with key " + kid, e);
    }
  }
}
