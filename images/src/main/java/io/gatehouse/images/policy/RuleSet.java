package io.gatehouse.images.policy;

import io.gatehouse.images.reference.ImageReference;
import java.util.List;

/**
 * The rules applied to one namespace: the default set of the {@code images} section, or an override
 * with its unset fields taken from the default.
 *
 * @param origin where it comes from in the policy file: {@code images} or {@code
 *     images.namespaces[i]}
 */
record RuleSet(
    String origin,
    EnforcementMode mode,
    List<TrustedSource> trustedSources,
    boolean requireDigest,
    boolean forbidLatest) {
  RuleSet {
    trustedSources = List.copyOf(trustedSources);
  }

  /** Adds to {@code out} a violation for every rule the image breaks. */
  void check(ImageReference image, String shown, List<Violation> out) {
    if (!trusted(image)) {
      out.add(
          new Violation(
              shown,
              PolicyRule.UNTRUSTED_REGISTRY,
              image.name() + " is not from a trusted registry (rules of " + origin + ")"));
    }
    if (requireDigest && image.digest().isEmpty()) {
      out.add(
          new Violation(
              shown,
              PolicyRule.DIGEST_REQUIRED,
              "image must be pinned by digest (@sha256:...) (rules of " + origin + ")"));
    }
    if (forbidLatest && image.digest().isEmpty() && resolvesToLatest(image)) {
      out.add(
          new Violation(
              shown,
              PolicyRule.LATEST_FORBIDDEN,
              (image.tagDefaulted() ? "no tag means tag latest, which" : "tag latest")
                  + " is not allowed without a digest (rules of "
                  + origin
                  + ")"));
    }
  }

  private boolean trusted(ImageReference image) {
    for (TrustedSource source : trustedSources) {
      if (source.matches(image)) {
        return true;
      }
    }
    return false;
  }

  private static boolean resolvesToLatest(ImageReference image) {
    return image.tagDefaulted()
        || image.tag().filter(tag -> tag.equalsIgnoreCase("latest")).isPresent();
  }
}
