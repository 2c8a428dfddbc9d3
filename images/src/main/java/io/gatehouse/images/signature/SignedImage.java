package io.gatehouse.images.signature;

/**
 * What signing produced.
 *
 * @param imageDigest the digest of the signed image manifest
 * @param signatureTag the tag of the signature manifest, {@code sha256-<hex>.sig}
 * @param signatureManifestDigest the digest of the signature manifest now under that tag
 */
public record SignedImage(
    String imageDigest, String signatureTag, String signatureManifestDigest) {}
