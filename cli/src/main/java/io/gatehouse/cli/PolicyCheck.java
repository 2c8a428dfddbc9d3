package io.gatehouse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.cli.PolicyCheckReport.Counts;
import io.gatehouse.cli.PolicyCheckReport.Finding;
import io.gatehouse.cli.PolicyCheckReport.Severity;
import io.gatehouse.cli.PolicyCheckReport.Unchecked;
import io.gatehouse.cli.PolicyCheckReport.Workload;
import io.gatehouse.images.admission.ContainerImage;
import io.gatehouse.images.admission.MalformedWorkloadException;
import io.gatehouse.images.admission.Workloads;
import io.gatehouse.images.policy.ImagePolicy;
import io.gatehouse.images.policy.NamespaceInfo;
import io.gatehouse.images.policy.PolicyDecision;
import io.gatehouse.images.policy.Violation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks the workloads of a set of manifests against the image policy, offline, as the admission
 * webhook would check them one by one.
 *
 * <p>Objects are collected first and evaluated at the end, because a workload's Namespace object
 * may come later in the input. Namespace labels come from {@code kind: Namespace} objects in the
 * input, which win over those given as known namespaces ({@code --namespaces}). When the policy
 * selects namespaces by label and a workload's namespace has no labels from either, the rules that
 * apply cannot be known, and the workload fails with {@value
 * PolicyCheckReport#NAMESPACE_LABELS_UNKNOWN} (fail closed).
 */
final class PolicyCheck {
  private static final String NAMESPACE = "Namespace";
  private static final List<String> CONTAINER_LISTS = List.of("containers", "initContainers");

  private final ImagePolicy policy;
  private final String defaultNamespace;
  private final Map<String, NamespaceObject> inputNamespaces = new HashMap<>();
  private final Map<String, NamespaceObject> knownNamespaces = new HashMap<>();
  private final List<Pending> workloads = new ArrayList<>();
  private final List<Unchecked> unchecked = new ArrayList<>();
  private int sources;
  private int objects;
  private int skipped;

  /** A Namespace object: its labels, and where it was read. */
  private record NamespaceObject(Map<String, String> labels, String location) {}

  /** A workload and its images, waiting for every Namespace object to be read. */
  private record Pending(Workload workload, List<ContainerImage> images) {}

  PolicyCheck(ImagePolicy policy, String defaultNamespace) {
    this.policy = policy;
    this.defaultNamespace = defaultNamespace;
  }

  /** Counts one file, or standard input, as read. */
  void sourceRead() {
    sources++;
  }

  /**
   * Takes one object of the input.
   *
   * @throws ManifestException when a workload is not shaped as its kind requires, or a namespace is
   *     defined twice with different labels
   */
  void add(ManifestDocument document) {
    objects++;
    String kind = document.kind();
    if (kind.equals(NAMESPACE)) {
      addNamespace(document, inputNamespaces);
      skipped++;
    } else if (Workloads.supports(kind)) {
      addWorkload(document, kind);
    } else {
      if (!kind.isEmpty() && holdsContainers(document.object(), 0)) {
        unchecked.add(new Unchecked(workload(document, kind)));
      }
      skipped++;
    }
  }

  /** Takes an object of the known namespaces; objects of other kinds are ignored. */
  void addKnownNamespace(ManifestDocument document) {
    if (document.kind().equals(NAMESPACE)) {
      addNamespace(document, knownNamespaces);
    }
  }

  /** Evaluates every workload taken. */
  PolicyCheckReport finish() {
    List<Finding> findings = new ArrayList<>();
    int images = 0;
    int exempt = 0;
    for (Pending pending : workloads) {
      Optional<NamespaceInfo> namespace = namespace(pending.workload(), findings);
      if (namespace.isEmpty()) {
        continue;
      }
      if (policy.evaluate(namespace.get(), List.of()).exempt()) {
        exempt++;
        continue;
      }
      for (ContainerImage image : pending.images()) {
        images++;
        evaluate(pending.workload(), namespace.get(), image, findings);
      }
    }
    Counts counts = new Counts(sources, objects, workloads.size(), images, exempt, skipped);
    return new PolicyCheckReport(
        findings, unchecked, counts, !policy.signatureRequirements().isEmpty());
  }

  private void addWorkload(ManifestDocument document, String kind) {
    Workload workload = workload(document, kind);
    try {
      List<ContainerImage> images = Workloads.images(kind, document.object()).orElseThrow();
      workloads.add(new Pending(workload, images));
    } catch (MalformedWorkloadException e) {
      throw new ManifestException(
          document.location(), workload.describe() + ": " + e.getMessage(), e);
    }
  }

  private Workload workload(ManifestDocument document, String kind) {
    String namespace = document.metadata("namespace");
    String name = document.metadata("name");
    if (name.isEmpty()) {
      String generated = document.metadata("generateName");
      name = generated.isEmpty() ? "(unnamed)" : generated + "*";
    }
    return new Workload(document, kind, namespace.isEmpty() ? defaultNamespace : namespace, name);
  }

  private static void addNamespace(
      ManifestDocument document, Map<String, NamespaceObject> namespaces) {
    String name = document.metadata("name");
    if (name.isEmpty()) {
      throw new ManifestException(document.location(), "Namespace without metadata.name");
    }
    Map<String, String> labels = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> label :
        document.object().path("metadata").path("labels").properties()) {
      if (label.getValue().isValueNode() && !label.getValue().isNull()) {
        labels.put(label.getKey(), label.getValue().asText());
      }
    }
    NamespaceObject object = new NamespaceObject(Map.copyOf(labels), document.location());
    NamespaceObject earlier = namespaces.putIfAbsent(name, object);
    if (earlier != null && !earlier.labels().equals(object.labels())) {
      throw new ManifestException(
          document.location(),
          "Namespace "
              + name
              + " is also defined at "
              + earlier.location()
              + " with other labels; which apply is unclear");
    }
  }

  private Optional<NamespaceInfo> namespace(Workload workload, List<Finding> findings) {
    NamespaceObject object = inputNamespaces.get(workload.namespace());
    if (object == null) {
      object = knownNamespaces.get(workload.namespace());
    }
    if (object != null) {
      return Optional.of(new NamespaceInfo(workload.namespace(), object.labels()));
    }
    if (!policy.usesLabelSelectors()) {
      return Optional.of(NamespaceInfo.named(workload.namespace()));
    }
    findings.add(
        new Finding(
            Severity.ERROR,
            workload,
            Optional.empty(),
            Optional.empty(),
            PolicyCheckReport.NAMESPACE_LABELS_UNKNOWN,
            "the policy selects namespaces by label, and the input holds no Namespace object for "
                + workload.namespace()
                + "; add its manifest to the input or pass it with --namespaces",
            "images"));
    return Optional.empty();
  }

  private void evaluate(
      Workload workload, NamespaceInfo namespace, ContainerImage image, List<Finding> findings) {
    PolicyDecision decision = policy.evaluate(namespace, List.of(image.image()));
    Severity severity = decision.denied() ? Severity.ERROR : Severity.WARNING;
    for (Violation violation : decision.violations()) {
      findings.add(
          new Finding(
              severity,
              workload,
              Optional.of(image.container()),
              Optional.of(violation.image()),
              violation.rule().id(),
              violation.reason(),
              decision.ruleSet()));
    }
  }

  /** Whether an object of an unknown kind holds a list of containers with images, anywhere. */
  private static boolean holdsContainers(JsonNode node, int depth) {
    if (depth > ManifestReader.MAX_NESTING || !node.isContainerNode()) {
      return false;
    }
    if (node.isObject()) {
      for (String list : CONTAINER_LISTS) {
        JsonNode containers = node.path(list);
        if (containers.isArray() && containers.size() > 0 && containers.get(0).has("image")) {
          return true;
        }
      }
    }
    for (JsonNode child : node) {
      if (holdsContainers(child, depth + 1)) {
        return true;
      }
    }
    return false;
  }
}
