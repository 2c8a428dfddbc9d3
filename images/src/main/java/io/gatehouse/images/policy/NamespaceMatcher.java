package io.gatehouse.images.policy;

import java.util.List;
import java.util.Optional;

/**
 * Which namespaces an entry of {@code exemptNamespaces} or {@code namespaces} selects: the name
 * must match one of the names or globs (when names are given) and the labels must satisfy the
 * selector (when one is given). At least one of the two is always present.
 *
 * @param origin the entry's path in the policy file, such as {@code images.namespaces[1]}
 */
record NamespaceMatcher(String origin, List<NameGlob> names, Optional<LabelSelector> selector) {
  NamespaceMatcher {
    names = List.copyOf(names);
    if (names.isEmpty() && selector.isEmpty()) {
      throw new IllegalArgumentException("a namespace matcher needs names or a selector");
    }
  }

  boolean matches(NamespaceInfo namespace) {
    if (!names.isEmpty() && !anyNameMatches(namespace.name())) {
      return false;
    }
    return selector.isEmpty() || selector.get().matches(namespace.labels());
  }

  private boolean anyNameMatches(String name) {
    for (NameGlob glob : names) {
      if (glob.matches(name)) {
        return true;
      }
    }
    return false;
  }
}
