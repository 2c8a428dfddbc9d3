/**
 * Cosign-format image signatures: key pairs in PEM, the simple-signing payload, signing into and
 * verifying from the registry's {@code sha256-<hex>.sig} tag, interoperable with {@code cosign sign
 * --key} and {@code cosign verify --key}.
 *
 * <p>{@link io.gatehouse.images.signature.ImageSigner} signs, {@link
 * io.gatehouse.images.signature.SignatureVerifier} verifies and returns a {@link
 * io.gatehouse.images.signature.VerificationResult}: a decision, not an exception.
 */
package io.gatehouse.images.signature;
