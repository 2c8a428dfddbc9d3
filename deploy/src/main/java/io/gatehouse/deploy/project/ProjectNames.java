package io.gatehouse.deploy.project;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rules for project and environment names: characters from {@code A-Z a-z 0-9 . _ -}, starting
 * with a letter or digit; up to 100 characters for a project, 255 for an environment. Names are
 * unique without regard to case ({@code Prod} and {@code prod} are the same environment); the case
 * written first is kept for display.
 */
public final class ProjectNames {
  /** The longest project name. */
  public static final int MAX_PROJECT = 100;

  /** The longest environment name. */
  public static final int MAX_ENVIRONMENT = 255;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  private ProjectNames() {}

  /** What is wrong with {@code name} as a project name, or empty when it is valid. */
  public static Optional<String> projectProblem(String name) {
    return problem(name, MAX_PROJECT);
  }

  /** What is wrong with {@code name} as an environment name, or empty when it is valid. */
  public static Optional<String> environmentProblem(String name) {
    return problem(name, MAX_ENVIRONMENT);
  }

  /** The form two names are compared in: lower case. */
  public static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  private static Optional<String> problem(String name, int max) {
    if (name.isEmpty()) {
      return Optional.of("must not be empty");
    }
    if (name.length() > max) {
      return Optional.of("must be at most " + max + " characters, not " + name.length());
    }
    if (!NAME.matcher(name).matches()) {
      return Optional.of(
          "must use only A-Z, a-z, 0-9, '.', '_' and '-' and start with a letter or digit");
    }
    return Optional.empty();
  }
}
