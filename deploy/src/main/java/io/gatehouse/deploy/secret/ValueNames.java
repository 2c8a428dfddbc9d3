package io.gatehouse.deploy.secret;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The names of secrets and variables: {@code [A-Za-z_][A-Za-z0-9_]*}, at most {@value #MAX_LENGTH}
 * characters, not starting with {@code GATEHOUSE_} in any case (those are the CLI's own), and
 * unique in an environment without regard to case, across secrets and variables alike, so that both
 * fit one shell environment.
 */
public final class ValueNames {
  /** The longest name. */
  public static final int MAX_LENGTH = 200;

  /** The reserved prefix, compared without regard to case. */
  public static final String RESERVED_PREFIX = "GATEHOUSE_";

  private static final Pattern GRAMMAR = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private ValueNames() {}

  /**
   * What is wrong with a name, as a phrase that does not repeat it (it may be hostile); empty for a
   * good name.
   */
  public static Optional<String> problem(String name) {
    if (name.isEmpty()) {
      return Optional.of("must not be empty");
    }
    if (name.length() > MAX_LENGTH) {
      return Optional.of("must have at most " + MAX_LENGTH + " characters");
    }
    if (!GRAMMAR.matcher(name).matches()) {
      return Optional.of(
          "must start with a letter or '_' and hold only ASCII letters, digits and '_'");
    }
    if (key(name).startsWith(RESERVED_PREFIX)) {
      return Optional.of("must not start with " + RESERVED_PREFIX + " (reserved for Gatehouse)");
    }
    return Optional.empty();
  }

  /** The form names are compared in: upper case. */
  public static String key(String name) {
    return name.toUpperCase(Locale.ROOT);
  }
}
