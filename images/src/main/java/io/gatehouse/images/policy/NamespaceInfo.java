package io.gatehouse.images.policy;

import java.util.Map;
import java.util.Objects;

/**
 * What the policy needs to know about the namespace a workload is admitted into.
 *
 * @param name the namespace name
 * @param labels the namespace's labels
 */
public record NamespaceInfo(String name, Map<String, String> labels) {
  /** Checks the name and copies the labels. */
  public NamespaceInfo {
    Objects.requireNonNull(name, "name");
    labels = Map.copyOf(labels);
  }

  /** A namespace without labels. */
  public static NamespaceInfo named(String name) {
    return new NamespaceInfo(name, Map.of());
  }
}
