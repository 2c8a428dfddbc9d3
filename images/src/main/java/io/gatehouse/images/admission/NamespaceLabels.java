package io.gatehouse.images.admission;

import java.util.Map;
import java.util.Optional;

/**
 * The labels of namespaces, which AdmissionReviews do not carry but label selectors in the policy
 * need.
 */
@FunctionalInterface
public interface NamespaceLabels {
  /** The namespace's labels, or empty when they are not known. */
  Optional<Map<String, String>> labels(String namespace);

  /**
   * Whether the labels can be answered yet; the webhook reports itself not ready (and Kubernetes
   * sends it no reviews) until they can. Sources that need no warm-up are always ready.
   */
  default boolean ready() {
    return true;
  }

  /** No labels known for any namespace. */
  static NamespaceLabels unknown() {
    return namespace -> Optional.empty();
  }

  /** Fixed labels, for offline checks and tests. */
  static NamespaceLabels of(Map<String, Map<String, String>> labelsByNamespace) {
    Map<String, Map<String, String>> copy = Map.copyOf(labelsByNamespace);
    return namespace -> Optional.ofNullable(copy.get(namespace));
  }
}
