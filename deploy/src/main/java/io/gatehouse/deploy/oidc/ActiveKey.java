package io.gatehouse.deploy.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;

/**
 * A key that signs: its kid, its algorithm, and a signer ready to use, with the protected header
 * ({@code alg}, {@code kid}, {@code typ: JWT}) encoded once. Thread-safe.
 */
final class ActiveKey {
  private final String kid;
  private final SigningAlgorithm algorithm;
  private final JWSSigner signer;
  private final JWSHeader header;
  private final String encodedHeader;

  ActiveKey(String kid, SigningAlgorithm algorithm, JWSSigner signer) {
    this.kid = kid;
    this.algorithm = algorithm;
    this.signer = signer;
    this.header =
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
    String signingInput = encodedHeader + "." + Base64URL.encode(payload);
    try {
      Base64URL signature = signer.sign(header, signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + signature;
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign with key " + kid, e);
    }
  }
}
