package io.gatehouse.images.signature;

import io.gatehouse.images.registry.Descriptor;
import io.gatehouse.images.registry.Manifest;
import io.gatehouse.images.registry.RegistryClient;
import io.gatehouse.images.signature.SignatureAlgorithms.Check;
import io.gatehouse.images.signature.VerificationResult.Finding;
import io.gatehouse.images.signature.VerificationResult.Problem;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Verifies cosign signatures, as {@code cosign verify --key} does, against a set of trusted keys.
 *
 * <p>A tag is first resolved to the digest it names now, so a tag moved after signing is not
 * covered by the old signature. The image is verified when one layer of its {@code
 * sha256-<hex>.sig} manifest carries a signature that a trusted key verifies over a payload that
 * names exactly this digest and this repository. The answer is a {@link VerificationResult};
 * failures to talk to the registry are {@link io.gatehouse.images.registry.RegistryException}s,
 * which a caller enforcing signatures treats as "not verified".
 */
public final class SignatureVerifier {
  /** Signature layers looked at, at most, per image. */
  static final int MAX_SIGNATURES = 32;

  private final RegistryClient client;
  private final List<TrustedKey> keys;

  private SignatureVerifier(RegistryClient client, List<TrustedKey> keys) {
    this.client = client;
    this.keys = List.copyOf(keys);
  }

  /** A verifier that trusts signatures by any of {@code keys} (at least one). */
  public static SignatureVerifier create(RegistryClient client, List<TrustedKey> keys) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("a signature verifier needs at least one trusted key");
    }
    return new SignatureVerifier(client, keys);
  }

  /**
   * Verifies the image a tag or digest names.
   *
   * @throws io.gatehouse.images.registry.RegistryException when the image is not found or the
   *     registry cannot be asked
   */
  public VerificationResult verify(String registry, String repository, String reference) {
    String digest = client.resolveDigest(registry, repository, reference);
    String tag = CosignLayout.signatureTag(digest);
    Optional<Manifest> signatures = client.getManifest(registry, repository, tag);
    List<Descriptor> layers = signatures.map(Manifest::layers).orElse(List.of());
    if (layers.isEmpty()) {
      return rejected(digest, List.of(new Finding(-1, Problem.NO_SIGNATURES, "no " + tag)));
    }
    String expectedIdentity = SimpleSigningPayload.canonicalReference(registry + "/" + repository);
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < Math.min(layers.size(), MAX_SIGNATURES); i++) {
      LayerCheck check =
          new LayerCheck(client, keys, registry, repository, digest, expectedIdentity);
      Optional<TrustedKey> signer = check.run(i, layers.get(i), findings);
      if (signer.isPresent()) {
        return new VerificationResult(digest, Optional.of(signer.get().name()), findings);
      }
    }
    return rejected(digest, findings);
  }

  private static VerificationResult rejected(String digest, List<Finding> findings) {
    return new VerificationResult(digest, Optional.empty(), findings);
  }

  /** Checks one signature layer; adds a finding when it does not count. */
  private record LayerCheck(
      RegistryClient client,
      List<TrustedKey> keys,
      String registry,
      String repository,
      String digest,
      String expectedIdentity) {

    Optional<TrustedKey> run(int index, Descriptor layer, List<Finding> findings) {
      Optional<Finding> finding = precheck(index, layer);
      if (finding.isPresent()) {
        findings.add(finding.get());
        return Optional.empty();
      }
      byte[] signature;
      try {
        signature =
            Base64.getDecoder().decode(layer.annotations().get(CosignLayout.SIGNATURE_ANNOTATION));
      } catch (IllegalArgumentException e) {
        findings.add(new Finding(index, Problem.BAD_SIGNATURE, "signature is not base64"));
        return Optional.empty();
      }
      byte[] payload = client.getBlob(registry, repository, layer);
      return signer(index, payload, signature, findings)
          .filter(key -> payloadMatches(index, payload, findings));
    }

    private Optional<Finding> precheck(int index, Descriptor layer) {
      if (!layer.mediaType().equals(CosignLayout.SIMPLE_SIGNING_TYPE)) {
        return Optional.of(
            new Finding(index, Problem.MALFORMED_PAYLOAD, "layer is not a simple-signing payload"));
      }
      if (!layer.annotations().containsKey(CosignLayout.SIGNATURE_ANNOTATION)) {
        return Optional.of(new Finding(index, Problem.BAD_SIGNATURE, "layer has no signature"));
      }
      if (layer.size() > SimpleSigningPayload.MAX_BYTES) {
        return Optional.of(
            new Finding(
                index,
                Problem.OVERSIZED_PAYLOAD,
                "payload of "
                    + layer.size()
                    + " B exceeds "
                    + SimpleSigningPayload.MAX_BYTES
                    + " B"));
      }
      return Optional.empty();
    }

    private Optional<TrustedKey> signer(
        int index, byte[] payload, byte[] signature, List<Finding> findings) {
      boolean wellFormedForSome = false;
      for (TrustedKey key : keys) {
        Check check = SignatureAlgorithms.verify(key.key(), payload, signature);
        if (check == Check.VALID) {
          return Optional.of(key);
        }
        wellFormedForSome |= check == Check.INVALID;
      }
      findings.add(
          wellFormedForSome
              ? new Finding(
                  index, Problem.NOT_SIGNED_BY_TRUSTED_KEY, "no trusted key verifies the signature")
              : new Finding(index, Problem.BAD_SIGNATURE, "signature is not well formed"));
      return Optional.empty();
    }

    private boolean payloadMatches(int index, byte[] payload, List<Finding> findings) {
      SimpleSigningPayload parsed;
      try {
        parsed = SimpleSigningPayload.parse(payload);
      } catch (SimpleSigningPayload.MalformedPayloadException e) {
        findings.add(new Finding(index, Problem.MALFORMED_PAYLOAD, e.getMessage()));
        return false;
      }
      if (!parsed.manifestDigest().equals(digest)) {
        findings.add(
            new Finding(
                index, Problem.DIGEST_MISMATCH, "signed digest " + parsed.manifestDigest()));
        return false;
      }
      String identity = SimpleSigningPayload.canonicalReference(parsed.dockerReference());
      if (!identity.equals(expectedIdentity)) {
        findings.add(
            new Finding(index, Problem.IDENTITY_MISMATCH, "signed for repository " + identity));
        return false;
      }
      return true;
    }
  }
}
