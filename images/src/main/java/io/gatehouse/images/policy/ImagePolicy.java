package io.gatehouse.images.policy;

import io.gatehouse.images.reference.ImageReference;
import io.gatehouse.images.reference.InvalidImageReferenceException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The trusted-image policy, compiled from the {@code images:} section of {@code gatehouse.yaml}.
 *
 * <p>Evaluation of a namespace and its images:
 *
 * <ol>
 *   <li>If any {@code exemptNamespaces} entry matches the namespace, the decision is an exempt
 *       allow and no image is looked at.
 *   <li>The rule set is the first {@code namespaces} override, in file order, that matches the
 *       namespace; when none does, the default rules of the {@code images} section.
 *   <li>Every image is parsed as an image reference; one that does not parse is an {@code
 *       invalid-reference} violation (fail closed). Every other image is checked against every
 *       rule: {@code untrusted-registry}, {@code digest-required}, {@code latest-forbidden}.
 *   <li>With any violation, an {@code enforce} rule set denies and an {@code audit} rule set
 *       allows; either way all violations are listed.
 * </ol>
 *
 * <p>The policy is immutable and thread-safe. Evaluation does no I/O, runs no regular expression
 * and allocates little beyond the decision itself.
 */
public final class ImagePolicy {
  private final RuleSet defaults;
  private final List<NamespaceOverride> overrides;
  private final List<NamespaceMatcher> exemptions;
  private final List<SignatureRequirement> signatures;

  ImagePolicy(
      RuleSet defaults,
      List<NamespaceOverride> overrides,
      List<NamespaceMatcher> exemptions,
      List<SignatureRequirement> signatures) {
    this.defaults = defaults;
    this.overrides = List.copyOf(overrides);
    this.exemptions = List.copyOf(exemptions);
    this.signatures = List.copyOf(signatures);
  }

  /**
   * Reads a policy file. Key files named in {@code signatures} are read relative to the file's
   * directory.
   *
   * @throws PolicyFileException if the file cannot be read, is larger than 1 MiB, is not valid
   *     YAML, or holds an unknown key or an invalid value
   */
  public static ImagePolicy load(Path file) {
    return PolicyFileReader.read(file);
  }

  /**
   * Reads a policy from YAML text. Signature keys must be inline PEM, as there is no file to
   * resolve key paths against.
   *
   * @throws PolicyFileException if the text is not a valid policy
   */
  public static ImagePolicy parse(String yaml) {
    return PolicyFileReader.parse(yaml);
  }

  /**
   * Decides whether a workload with these images may run in this namespace.
   *
   * @param namespace the namespace the workload is admitted into
   * @param images the image texts as written in the workload, every container included
   * @return the decision; never throws for a bad image text, which is a violation instead
   */
  public PolicyDecision evaluate(NamespaceInfo namespace, List<String> images) {
    return evaluate(namespace, images, ImageReference::parse);
  }

  /**
   * As {@link #evaluate(NamespaceInfo, List)}, parsing image texts with {@code parser}, which
   * returns {@link ImageReference#parse}'s answer (a cache of it, typically) and throws {@link
   * InvalidImageReferenceException} for an invalid text.
   */
  public PolicyDecision evaluate(
      NamespaceInfo namespace, List<String> images, Function<String, ImageReference> parser) {
    Optional<NamespaceMatcher> exemption = exemptionFor(namespace);
    if (exemption.isPresent()) {
      return PolicyDecision.exempted(defaults.mode(), exemption.get().origin());
    }
    RuleSet rules = rulesFor(namespace);
    List<Violation> violations = new ArrayList<>(0);
    for (String image : images) {
      if (image == null) {
        violations.add(
            new Violation("", PolicyRule.INVALID_REFERENCE, "image reference is missing"));
        continue;
      }
      ImageReference reference;
      try {
        reference = parser.apply(image);
      } catch (InvalidImageReferenceException e) {
        violations.add(
            new Violation(Printable.of(image), PolicyRule.INVALID_REFERENCE, e.getMessage()));
        continue;
      }
      rules.check(reference, Printable.of(image), violations);
    }
    return PolicyDecision.of(rules.mode(), rules.origin(), violations);
  }

  /**
   * Decides whether a workload with these already parsed images may run in this namespace; the
   * violations show each image in its canonical form.
   */
  public PolicyDecision evaluateReferences(NamespaceInfo namespace, List<ImageReference> images) {
    Optional<NamespaceMatcher> exemption = exemptionFor(namespace);
    if (exemption.isPresent()) {
      return PolicyDecision.exempted(defaults.mode(), exemption.get().origin());
    }
    RuleSet rules = rulesFor(namespace);
    List<Violation> violations = new ArrayList<>(0);
    for (ImageReference image : images) {
      rules.check(image, image.canonical(), violations);
    }
    return PolicyDecision.of(rules.mode(), rules.origin(), violations);
  }

  /**
   * The signature requirements that apply to an image: every {@code signatures} entry whose source
   * matches it, in file order. A verifier must satisfy each of them; an empty list means no
   * signature is required.
   */
  public List<SignatureRequirement> signatureRequirements(ImageReference image) {
    Objects.requireNonNull(image, "image");
    List<SignatureRequirement> matching = new ArrayList<>(0);
    for (SignatureRequirement requirement : signatures) {
      if (requirement.source().matches(image)) {
        matching.add(requirement);
      }
    }
    return List.copyOf(matching);
  }

  /** Every signature requirement of the policy, in file order. */
  public List<SignatureRequirement> signatureRequirements() {
    return signatures;
  }

  /**
   * Whether any exemption or override selects namespaces by label, so that evaluation needs the
   * namespace's labels and not only its name.
   */
  public boolean usesLabelSelectors() {
    for (NamespaceMatcher exemption : exemptions) {
      if (exemption.selector().isPresent()) {
        return true;
      }
    }
    for (NamespaceOverride override : overrides) {
      if (override.matcher().selector().isPresent()) {
        return true;
      }
    }
    return false;
  }

  private Optional<NamespaceMatcher> exemptionFor(NamespaceInfo namespace) {
    for (NamespaceMatcher exemption : exemptions) {
      if (exemption.matches(namespace)) {
        return Optional.of(exemption);
      }
    }
    return Optional.empty();
  }

  private RuleSet rulesFor(NamespaceInfo namespace) {
    for (NamespaceOverride override : overrides) {
      if (override.matcher().matches(namespace)) {
        return override.rules();
      }
    }
    return defaults;
  }

  /** A {@code namespaces} entry: which namespaces, and the complete rules they get. */
  record NamespaceOverride(NamespaceMatcher matcher, RuleSet rules) {}
}
