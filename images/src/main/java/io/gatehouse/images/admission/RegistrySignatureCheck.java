package io.gatehouse.images.admission;

import io.gatehouse.images.policy.PublicKeyPem;
import io.gatehouse.images.policy.SignatureRequirement;
import io.gatehouse.images.reference.ImageReference;
import io.gatehouse.images.registry.RegistryClient;
import io.gatehouse.images.registry.RegistryException;
import io.gatehouse.images.signature.KeyPairs;
import io.gatehouse.images.signature.SignatureVerifier;
import io.gatehouse.images.signature.TrustedKey;
import io.gatehouse.images.signature.VerificationResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Verifies cosign-format signatures in the image's own registry: resolves a tag to its digest,
 * reads {@code sha256-<hex>.sig} and checks it against the requirement's keys.
 */
public final class RegistrySignatureCheck implements SignatureCheck {
  private final RegistryClient client;
  private final Map<SignatureRequirement, List<TrustedKey>> keys = new ConcurrentHashMap<>();

  /** Verifies through this client, which holds the registry credentials. */
  public RegistrySignatureCheck(RegistryClient client) {
    this.client = client;
  }

  @Override
  public SignatureOutcome check(ImageReference image, SignatureRequirement requirement) {
    String reference =
        image.digest().map(Object::toString).orElseGet(() -> image.effectiveTag().orElse("latest"));
    try {
      VerificationResult result =
          SignatureVerifier.create(client, keys.computeIfAbsent(requirement, this::trustedKeys))
              .verify(image.registry(), image.repository(), reference);
      if (result.verified()) {
        return SignatureOutcome.verified(
            result.imageDigest(), "signed by " + result.verifiedBy().orElse("a trusted key"));
      }
      return SignatureOutcome.unverified(describe(result));
    } catch (RegistryException e) {
      return switch (e.reason()) {
        case UNREACHABLE, TIMEOUT -> SignatureOutcome.registryUnavailable(e.getMessage());
        default -> SignatureOutcome.unverified(e.getMessage());
      };
    }
  }

  private List<TrustedKey> trustedKeys(SignatureRequirement requirement) {
    return requirement.keys().stream().map(RegistrySignatureCheck::trustedKey).toList();
  }

  private static TrustedKey trustedKey(PublicKeyPem pem) {
    return new TrustedKey(pem.origin(), KeyPairs.readPublicKey(pem.origin(), pem.pem()));
  }

  private static String describe(VerificationResult result) {
    if (result.findings().isEmpty()) {
      return "no valid signature by a trusted key";
    }
    return result.findings().stream()
        .map(
            finding ->
                finding.problem().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                    + (finding.detail().isEmpty() ? "" : ": " + finding.detail()))
        .distinct()
        .collect(Collectors.joining(", "));
  }
}
