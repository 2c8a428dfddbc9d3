package io.gatehouse.images.policy;

/** The rule a {@link Violation} breaks, with the stable id that reports and audit logs use. */
public enum PolicyRule {
  /** The image text is not a valid image reference; such an image is never admitted. */
  INVALID_REFERENCE("invalid-reference"),
  /** The image is not from any trusted source of the namespace's rule set. */
  UNTRUSTED_REGISTRY("untrusted-registry"),
  /** The rule set requires a digest and the image has none. */
  DIGEST_REQUIRED("digest-required"),
  /** The image resolves to the tag {@code latest}, explicitly or implicitly, without a digest. */
  LATEST_FORBIDDEN("latest-forbidden");

  private final String id;

  PolicyRule(String id) {
    this.id = id;
  }

  /** The stable id, for example {@code untrusted-registry}. */
  public String id() {
    return id;
  }
}
