package io.gatehouse.deploy.access;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rule for user and team names: 1 to 64 characters from {@code a-z 0-9 . _ -}, starting with a
 * letter or digit. Lower case only, so that {@code Alice} and {@code alice} can never be two
 * people.
 */
public final class UserNames {
  /** The longest name. */
  public static final int MAX_LENGTH = 64;

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  private UserNames() {}

  /** What is wrong with {@code name} as a user or team name, or empty when it is valid. */
  public static Optional<String> problem(String name) {
    if (name.isEmpty()) {
      return Optional.of("must not be empty");
    }
    if (name.length() > MAX_LENGTH) {
      return Optional.of("must be at most " + MAX_LENGTH + " characters");
    }
    if (!NAME.matcher(name).matches()) {
      return Optional.of(
          "must use only a-z, 0-9, '.', '_' and '-' and start with a letter or digit");
    }
    return Optional.empty();
  }
}
