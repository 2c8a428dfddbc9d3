package io.gatehouse.images.admission;

import io.gatehouse.images.policy.ImagePolicy;
import io.gatehouse.images.policy.NamespaceInfo;
import io.gatehouse.images.policy.PolicyDecision;
import io.gatehouse.images.policy.SignatureRequirement;
import io.gatehouse.images.policy.Violation;
import io.gatehouse.images.reference.ImageReference;
import io.gatehouse.images.reference.InvalidImageReferenceException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides one AdmissionReview: reads it, finds the workload's images, applies the registry policy,
 * verifies required signatures within the time bound, and writes the response with digest pins for
 * {@code /mutate}.
 *
 * <p>Everything it cannot understand is denied: a malformed review, an unsupported kind or
 * subresource, a malformed workload, an unparsable image, a signature it could not verify in time.
 */
final class AdmissionController {
  private static final Logger log = LoggerFactory.getLogger(AdmissionController.class);

  private final ImagePolicy policy;
  private final SignatureCheck signatures;
  private final NamespaceLabels namespaces;
  private final Duration decisionTimeout;
  private final ExecutorService executor;
  private final AdmissionMetrics metrics;
  private final boolean checksSignatures;
  private final ReferenceCache references = new ReferenceCache(10_000);

  AdmissionController(
      ImagePolicy policy,
      SignatureCheck signatures,
      NamespaceLabels namespaces,
      Duration decisionTimeout,
      ExecutorService executor,
      AdmissionMetrics metrics) {
    this.policy = policy;
    this.signatures = signatures;
    this.namespaces = namespaces;
    this.decisionTimeout = decisionTimeout;
    this.executor = executor;
    this.metrics = metrics;
    this.checksSignatures = !policy.signatureRequirements().isEmpty();
  }

  /** The HTTP answer to a review body: status and JSON. */
  static final class Reply {
    private final int status;
    private final byte[] body;

    Reply(int status, byte[] body) {
      this.status = status;
      this.body = body;
    }

    int status() {
      return status;
    }

    byte[] body() {
      return body;
    }
  }

  Reply review(byte[] body, boolean mutate) {
    return review(body, 0, body.length, mutate);
  }

  /** The same, for a review that is {@code length} bytes of {@code body} from {@code offset}. */
  Reply review(byte[] body, int offset, int length, boolean mutate) {
    long start = System.nanoTime();
    AdmissionRequest request;
    try {
      request = AdmissionReviews.read(body, offset, length);
    } catch (MalformedReviewException e) {
      metrics.record("unknown", "malformed", mutate, System.nanoTime() - start);
      log.warn("malformed AdmissionReview denied: {}", e.getMessage());
      return e.uid()
          .map(
              uid ->
                  reply(
                      uid, AdmissionDecision.deny("malformed AdmissionReview: " + e.getMessage())))
          .orElseGet(
              () -> new Reply(400, AdmissionReviews.error("invalid_request", e.getMessage())));
    }
    AdmissionDecision decision = decide(request, mutate);
    metrics.record(request.kind(), outcome(decision), mutate, System.nanoTime() - start);
    if (!decision.allowed()) {
      log.info("denied {}: {}", request.describe(), decision.message());
    } else if (!decision.warnings().isEmpty()) {
      log.info("audit {}: {}", request.describe(), String.join("; ", decision.warnings()));
    }
    return reply(request.uid(), decision);
  }

  private static Reply reply(String uid, AdmissionDecision decision) {
    return new Reply(200, AdmissionReviews.write(uid, decision));
  }

  private static String outcome(AdmissionDecision decision) {
    if (!decision.allowed()) {
      return "deny";
    }
    return decision.warnings().isEmpty() ? "allow" : "audit";
  }

  AdmissionDecision decide(AdmissionRequest request, boolean mutate) {
    switch (request.operation()) {
      case "CREATE", "UPDATE" -> {
        // checked below
      }
      case "DELETE", "CONNECT" -> {
        return AdmissionDecision.allow(); // they start no container
      }
      default -> {
        return AdmissionDecision.deny("operation " + request.operation() + " is not understood");
      }
    }
    if (!request.object().isObject()) {
      return AdmissionDecision.deny(
          request.operation() + " of " + request.kind() + " carries no object to judge");
    }
    if (!request.subResource().isEmpty()
        && !(request.kind().equals("Pod") && request.subResource().equals("ephemeralcontainers"))) {
      return AdmissionDecision.deny(
          "subresource " + request.kind() + "/" + request.subResource() + " is not understood");
    }
    List<ContainerImage> images;
    try {
      Optional<List<ContainerImage>> found = Workloads.images(request.kind(), request.object());
      if (found.isEmpty()) {
        return AdmissionDecision.deny(
            "kind "
                + request.kind()
                + " is not understood by the image policy; supported: "
                + String.join(", ", Workloads.kinds()));
      }
      images = found.get();
    } catch (MalformedWorkloadException e) {
      return AdmissionDecision.deny("malformed " + request.kind() + ": " + e.getMessage());
    }
    Optional<NamespaceInfo> namespace = namespace(request);
    if (namespace.isEmpty()) {
      return AdmissionDecision.deny(
          "the labels of namespace "
              + request.namespace()
              + " are not known, and the policy"
              + " selects namespaces by label");
    }
    return judge(namespace.get(), images, mutate);
  }

  private Optional<NamespaceInfo> namespace(AdmissionRequest request) {
    String name = request.namespace();
    Optional<Map<String, String>> labels = namespaces.labels(name);
    if (labels.isPresent()) {
      return Optional.of(new NamespaceInfo(name, labels.get()));
    }
    return policy.usesLabelSelectors() ? Optional.empty() : Optional.of(NamespaceInfo.named(name));
  }

  private AdmissionDecision judge(
      NamespaceInfo namespace, List<ContainerImage> images, boolean mutate) {
    PolicyDecision policyDecision = evaluate(namespace, images);
    if (policyDecision.exempt()) {
      return AdmissionDecision.allow();
    }
    List<String> problems = new ArrayList<>();
    for (Violation violation : policyDecision.violations()) {
      problems.add(
          violation.image() + ": " + violation.rule().id() + " (" + violation.reason() + ")");
    }
    List<PatchOperation> patch = new ArrayList<>();
    if (checksSignatures) {
      verifySignatures(images, policyDecision, problems, patch);
    }
    boolean audit = policyDecision.mode() == io.gatehouse.images.policy.EnforcementMode.AUDIT;
    if (problems.isEmpty()) {
      return new AdmissionDecision(true, "", List.of(), mutate ? patch : List.of());
    }
    if (audit) {
      List<String> warnings = problems.stream().map(p -> "gatehouse audit: " + p).toList();
      return new AdmissionDecision(true, "", warnings, mutate ? patch : List.of());
    }
    return AdmissionDecision.deny(
        "image policy (" + policyDecision.ruleSet() + ") denied: " + String.join("; ", problems));
  }

  /** The policy's decision, on references parsed once per distinct image text. */
  private PolicyDecision evaluate(NamespaceInfo namespace, List<ContainerImage> images) {
    List<String> written = images.stream().map(ContainerImage::image).toList();
    return policy.evaluate(namespace, written, references::parse);
  }

  /**
   * Checks every image that passed the registry policy and needs a signature, all in parallel and
   * within the decision timeout; adds a problem for each one not verified, and a digest pin for
   * each verified tag reference.
   */
  private void verifySignatures(
      List<ContainerImage> images,
      PolicyDecision policyDecision,
      List<String> problems,
      List<PatchOperation> patch) {
    Map<ContainerImage, CompletableFuture<SignatureOutcome>> pending = new LinkedHashMap<>();
    for (ContainerImage image : images) {
      if (violated(policyDecision, image.image())) {
        continue;
      }
      ImageReference reference;
      try {
        reference = references.parse(image.image());
      } catch (InvalidImageReferenceException e) {
        continue; // already a violation of the policy
      }
      List<SignatureRequirement> requirements = policy.signatureRequirements(reference);
      if (!requirements.isEmpty()) {
        pending.put(
            image,
            CompletableFuture.supplyAsync(() -> checkAll(reference, requirements), executor));
      }
    }
    long deadline = System.nanoTime() + decisionTimeout.toNanos();
    for (Map.Entry<ContainerImage, CompletableFuture<SignatureOutcome>> entry :
        pending.entrySet()) {
      ContainerImage image = entry.getKey();
      SignatureOutcome outcome = await(entry.getValue(), deadline, image);
      if (!outcome.verified()) {
        problems.add(image.image() + ": signature-required (" + outcome.reason() + ")");
      } else if (!image.image().contains("@")) {
        patch.add(
            new PatchOperation(image.pointer(), pinned(image.image(), outcome.digest().get())));
      }
    }
  }

  /** Every requirement that matches must be met (for example a team key and a release key). */
  private SignatureOutcome checkAll(ImageReference image, List<SignatureRequirement> requirements) {
    SignatureOutcome last = null;
    for (SignatureRequirement requirement : requirements) {
      last = signatures.check(image, requirement);
      if (!last.verified()) {
        return last;
      }
    }
    return last;
  }

  private SignatureOutcome await(
      CompletableFuture<SignatureOutcome> future, long deadline, ContainerImage image) {
    long remaining = deadline - System.nanoTime();
    try {
      return future.get(Math.max(0, remaining), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      return SignatureOutcome.registryUnavailable(
          "the registry of "
              + image.image()
              + " could not be reached within "
              + decisionTimeout.toMillis()
              + " ms");
    } catch (ExecutionException e) {
      log.warn("signature check of {} failed", image.image(), e.getCause());
      return SignatureOutcome.unverified("signature check failed: " + e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return SignatureOutcome.unverified("interrupted");
    }
  }

  private static boolean violated(PolicyDecision decision, String image) {
    for (Violation violation : decision.violations()) {
      if (violation.image().equals(image)) {
        return true;
      }
    }
    return false;
  }

  /** The written reference with its digest appended, keeping the tag for people to read. */
  private static String pinned(String written, String digest) {
    return written + "@" + digest;
  }
}
