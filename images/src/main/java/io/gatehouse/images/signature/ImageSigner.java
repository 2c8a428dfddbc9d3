package io.gatehouse.images.signature;

import io.gatehouse.images.registry.Descriptor;
import io.gatehouse.images.registry.Manifest;
import io.gatehouse.images.registry.RegistryClient;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Signs images the way {@code cosign sign --key} does: a simple-signing payload naming the
 * repository and manifest digest, signed with the private key, stored as a layer of the image's
 * {@code sha256-<hex>.sig} manifest. An existing signature manifest keeps its signatures and gains
 * the new one, so several signers can sign one image.
 *
 * <p>Two signers signing the same image at the same moment can lose one signature (the registry has
 * no compare-and-set on tags); sign again to repair.
 */
public final class ImageSigner {
  private final RegistryClient client;
  private final PrivateKey key;

  private ImageSigner(RegistryClient client, PrivateKey key) {
    this.client = client;
    this.key = key;
  }

  /** A signer that signs with {@code key} (ECDSA, RSA or Ed25519) through {@code client}. */
  public static ImageSigner create(RegistryClient client, PrivateKey key) {
    SignatureAlgorithms.forKey(key);
    return new ImageSigner(client, key);
  }

  /**
   * Signs the image a tag or digest names, resolving a tag to its digest first.
   *
   * @throws io.gatehouse.images.registry.RegistryException when the image is not found or the
   *     registry fails
   */
  public SignedImage sign(String registry, String repository, String reference) {
    String digest = client.resolveDigest(registry, repository, reference);
    byte[] payload = SimpleSigningPayload.forImage(registry, repository, digest).toJson();
    String signature = Base64.getEncoder().encodeToString(SignatureAlgorithms.sign(key, payload));
    return attach(client, registry, repository, digest, payload, signature);
  }

  /** Adds one signature layer, whatever its payload, to the image's signature manifest. */
  static SignedImage attach(
      RegistryClient client,
      String registry,
      String repository,
      String imageDigest,
      byte[] payload,
      String signature) {
    String tag = CosignLayout.signatureTag(imageDigest);
    String payloadDigest = client.pushBlob(registry, repository, payload);
    Descriptor layer =
        new Descriptor(
            CosignLayout.SIMPLE_SIGNING_TYPE,
            payloadDigest,
            payload.length,
            Map.of(CosignLayout.SIGNATURE_ANNOTATION, signature));
    List<Descriptor> layers = new ArrayList<>(existingLayers(client, registry, repository, tag));
    if (!layers.contains(layer)) {
      layers.add(layer);
    }
    byte[] config = CosignLayout.config(layers);
    String configDigest = client.pushBlob(registry, repository, config);
    Descriptor configDescriptor =
        new Descriptor(CosignLayout.CONFIG_TYPE, configDigest, config.length, Map.of());
    byte[] manifest = CosignLayout.manifest(configDescriptor, layers);
    String manifestDigest =
        client.putManifest(registry, repository, tag, Manifest.OCI_MANIFEST, manifest);
    return new SignedImage(imageDigest, tag, manifestDigest);
  }

  private static List<Descriptor> existingLayers(
      RegistryClient client, String registry, String repository, String tag) {
    Optional<Manifest> existing = client.getManifest(registry, repository, tag);
    return existing.map(Manifest::layers).orElse(List.of());
  }
}
