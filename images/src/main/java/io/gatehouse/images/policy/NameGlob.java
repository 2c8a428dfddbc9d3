package io.gatehouse.images.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A namespace-name pattern: an exact name, or a glob where {@code *} stands for any run of
 * characters, possibly empty ({@code team-*}). Matching uses no regular expression and allocates
 * nothing.
 */
final class NameGlob {
  private final String pattern;
  private final List<String> parts;
  private final int minLength;

  private NameGlob(String pattern) {
    this.pattern = pattern;
    this.parts = splitOnStar(pattern);
    this.minLength = pattern.length() - (parts.size() - 1);
  }

  /** A glob from a pattern already checked by {@link #problem(String)}. */
  static NameGlob of(String pattern) {
    return new NameGlob(pattern);
  }

  /**
   * What is wrong with a pattern, if anything: it must be 1 to 63 characters of lower-case letters,
   * digits, {@code -} and {@code *}.
   */
  static Optional<String> problem(String pattern) {
    if (pattern.isEmpty() || pattern.length() > 63) {
      return Optional.of("namespace name or pattern must be 1 to 63 characters");
    }
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && c != '-' && c != '*') {
        return Optional.of("namespace name or pattern may hold only a-z, 0-9, '-' and '*'");
      }
    }
    return Optional.empty();
  }

  boolean matches(String name) {
    if (parts.size() == 1) {
      return name.equals(pattern);
    }
    String first = parts.get(0);
    String last = parts.get(parts.size() - 1);
    if (name.length() < minLength || !name.startsWith(first) || !name.endsWith(last)) {
      return false;
    }
    int position = first.length();
    int end = name.length() - last.length();
    for (int i = 1; i < parts.size() - 1; i++) {
      String part = parts.get(i);
      int found = name.indexOf(part, position);
      if (found < 0 || found + part.length() > end) {
        return false;
      }
      position = found + part.length();
    }
    return true;
  }

  @Override
  public String toString() {
    return pattern;
  }

  private static List<String> splitOnStar(String pattern) {
    List<String> parts = new ArrayList<>();
    int start = 0;
    for (int star = pattern.indexOf('*'); star >= 0; star = pattern.indexOf('*', start)) {
      parts.add(pattern.substring(start, star));
      start = star + 1;
    }
    parts.add(pattern.substring(start));
    return List.copyOf(parts);
  }
}
