package io.gatehouse.deploy.gate;

import io.gatehouse.images.policy.ImagePolicy;
import io.gatehouse.images.policy.NamespaceInfo;
import io.gatehouse.images.policy.PolicyDecision;
import io.gatehouse.images.policy.PolicyFileException;
import io.gatehouse.images.policy.Violation;
import io.gatehouse.images.reference.ImageReference;
import io.gatehouse.images.reference.InvalidImageReferenceException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The {@code image-policy} gate: passes when every image of the deployment satisfies the applied
 * trusted-registry policy for a namespace. It fails closed: without an applied policy, without
 * images, or with an image that does not parse. Signatures are not checked here, as that needs the
 * registries; the admission webhook checks them when the pods start.
 */
final class ImagePolicyGate implements Gate {
  static final String TYPE = "image-policy";
  private static final Set<String> KEYS = Set.of("namespace");
  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final int MAX_VIOLATIONS_SHOWN = 5;

  private final Settings settings;
  private final Supplier<Optional<ImagePolicy>> policy;

  ImagePolicyGate(Settings settings, Supplier<Optional<ImagePolicy>> policy) {
    this.settings = settings;
    this.policy = policy;
  }

  /**
   * The parameters.
   *
   * @param namespace the Kubernetes namespace to evaluate for; empty for the environment's name
   */
  record Settings(Optional<String> namespace) {
    static Settings parse(Parameters p) {
      p.allowOnly(KEYS);
      Optional<String> namespace = p.optionalString("namespace", 63);
      if (namespace.isPresent() && !NAMESPACE.matcher(namespace.get()).matches()) {
        throw Parameters.invalid(
            p.path("namespace"),
            "must be a Kubernetes namespace name (lower-case letters, digits and '-'), not '"
                + Parameters.shown(namespace.get())
                + "'");
      }
      return new Settings(namespace);
    }
  }

  @Override
  public GateOutcome evaluate(GateContext context) {
    Optional<ImagePolicy> applied;
    try {
      applied = policy.get();
    } catch (PolicyFileException e) {
      return GateOutcome.fail("the applied image policy is not valid: " + e.getMessage());
    }
    if (applied.isEmpty()) {
      return GateOutcome.fail("no image policy has been applied");
    }
    List<String> images = context.deployment().images();
    if (images.isEmpty()) {
      return GateOutcome.fail("the deployment names no images to check");
    }
    List<ImageReference> references = new ArrayList<>(images.size());
    for (String image : images) {
      try {
        references.add(ImageReference.parse(image));
      } catch (InvalidImageReferenceException e) {
        return GateOutcome.fail(
            "image '" + Parameters.shown(image) + "' is not a valid reference: " + e.getMessage());
      }
    }
    String namespace = settings.namespace().orElse(context.deployment().environment());
    PolicyDecision decision =
        applied.get().evaluateReferences(NamespaceInfo.named(namespace), references);
    return outcome(decision, namespace, images.size());
  }

  private static GateOutcome outcome(PolicyDecision decision, String namespace, int count) {
    String where = "namespace " + Parameters.shown(namespace) + " (" + decision.ruleSet() + ")";
    if (decision.exempt()) {
      return GateOutcome.pass(where + " is exempt from the image policy");
    }
    if (decision.denied()) {
      return GateOutcome.fail("image policy for " + where + " refuses: " + violations(decision));
    }
    if (!decision.violations().isEmpty()) {
      return GateOutcome.pass(
          "image policy for " + where + " is in audit mode; it reports: " + violations(decision));
    }
    return GateOutcome.pass(
        count == 1
            ? "the image satisfies the image policy for " + where
            : "all " + count + " images satisfy the image policy for " + where);
  }

  private static String violations(PolicyDecision decision) {
    List<Violation> all = decision.violations();
    List<String> shown =
        all.stream()
            .limit(MAX_VIOLATIONS_SHOWN)
            .map(v -> v.image() + ": " + v.reason() + " [" + v.rule().id() + "]")
            .toList();
    String text = String.join("; ", shown);
    return all.size() > MAX_VIOLATIONS_SHOWN
        ? text + "; and " + (all.size() - MAX_VIOLATIONS_SHOWN) + " more"
        : text;
  }
}
