package io.gatehouse.images.policy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A Kubernetes label selector: every {@code matchLabels} pair and every {@code matchExpressions}
 * requirement must hold. Requirements follow Kubernetes: {@code NotIn} also holds when the label is
 * absent. An empty selector is refused when the policy is read, because in Kubernetes it selects
 * everything.
 */
record LabelSelector(Map<String, String> matchLabels, List<Requirement> matchExpressions) {
  LabelSelector {
    matchLabels = Map.copyOf(matchLabels);
    matchExpressions = List.copyOf(matchExpressions);
  }

  boolean matches(Map<String, String> labels) {
    for (Map.Entry<String, String> wanted : matchLabels.entrySet()) {
      if (!wanted.getValue().equals(labels.get(wanted.getKey()))) {
        return false;
      }
    }
    for (Requirement requirement : matchExpressions) {
      if (!requirement.matches(labels)) {
        return false;
      }
    }
    return true;
  }

  /**
   * What is wrong with a label key, if anything: an optional DNS-subdomain prefix and {@code /},
   * then a name of 1 to 63 characters, as Kubernetes requires.
   */
  static Optional<String> keyProblem(String key) {
    int slash = key.indexOf('/');
    String name = slash < 0 ? key : key.substring(slash + 1);
    if (slash >= 0 && !isDnsSubdomain(key.substring(0, slash))) {
      return Optional.of("label key prefix must be a DNS subdomain of at most 253 characters");
    }
    if (name.isEmpty() || !isLabelValue(name)) {
      return Optional.of(
          "label key name must be 1 to 63 characters of letters, digits, '-', '_' and '.',"
              + " starting and ending with a letter or digit");
    }
    return Optional.empty();
  }

  /** What is wrong with a label value, if anything. */
  static Optional<String> valueProblem(String value) {
    if (!isLabelValue(value)) {
      return Optional.of(
          "label value must be at most 63 characters of letters, digits, '-', '_' and '.',"
              + " starting and ending with a letter or digit");
    }
    return Optional.empty();
  }

  private static boolean isLabelValue(String value) {
    if (value.isEmpty()) {
      return true;
    }
    if (value.length() > 63
        || !isAlphanumeric(value.charAt(0))
        || !isAlphanumeric(value.charAt(value.length() - 1))) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!isAlphanumeric(c) && c != '-' && c != '_' && c != '.') {
        return false;
      }
    }
    return true;
  }

  private static boolean isDnsSubdomain(String prefix) {
    if (prefix.isEmpty() || prefix.length() > 253) {
      return false;
    }
    int start = 0;
    while (true) {
      int dot = prefix.indexOf('.', start);
      int end = dot < 0 ? prefix.length() : dot;
      if (!isDnsLabel(prefix, start, end)) {
        return false;
      }
      if (dot < 0) {
        return true;
      }
      start = dot + 1;
    }
  }

  private static boolean isDnsLabel(String s, int from, int to) {
    if (from >= to || to - from > 63 || !isLowerAlphanumeric(s.charAt(from))) {
      return false;
    }
    if (!isLowerAlphanumeric(s.charAt(to - 1))) {
      return false;
    }
    for (int i = from; i < to; i++) {
      if (!isLowerAlphanumeric(s.charAt(i)) && s.charAt(i) != '-') {
        return false;
      }
    }
    return true;
  }

  private static boolean isLowerAlphanumeric(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  private static boolean isAlphanumeric(char c) {
    return isLowerAlphanumeric(c) || (c >= 'A' && c <= 'Z');
  }

  /** The operators of {@code matchExpressions}. */
  enum Operator {
    IN,
    NOT_IN,
    EXISTS,
    DOES_NOT_EXIST;

    static Optional<Operator> fromId(String id) {
      return switch (id) {
        case "In" -> Optional.of(IN);
        case "NotIn" -> Optional.of(NOT_IN);
        case "Exists" -> Optional.of(EXISTS);
        case "DoesNotExist" -> Optional.of(DOES_NOT_EXIST);
        default -> Optional.empty();
      };
    }

    boolean takesValues() {
      return this == IN || this == NOT_IN;
    }
  }

  /** One {@code matchExpressions} entry. */
  record Requirement(String key, Operator operator, Set<String> values) {
    Requirement {
      values = Set.copyOf(values);
    }

    boolean matches(Map<String, String> labels) {
      String value = labels.get(key);
      return switch (operator) {
        case IN -> value != null && values.contains(value);
        case NOT_IN -> value == null || !values.contains(value);
        case EXISTS -> value != null;
        case DOES_NOT_EXIST -> value == null;
      };
    }
  }
}
