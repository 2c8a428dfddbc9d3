package io.gatehouse.deploy.project;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as the rules write them: a whole number and one unit, {@code s}, {@code m}, {@code h}
 * or {@code d} ({@code 30s}, {@code 5m}, {@code 2h}, {@code 7d}).
 */
public final class RulesDurations {
  private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})([smhd])");

  private RulesDurations() {}

  /**
   * Parses a duration.
   *
   * @param text e.g. {@code 30s}
   * @param path where it is written, for the error
   * @throws InvalidRulesException if the text is not a number followed by s, m, h or d
   */
  public static Duration parse(String text, String path) {
    Matcher matcher = DURATION.matcher(text);
    if (!matcher.matches()) {
      throw new InvalidRulesException(
          path, "must be a duration such as 30s, 5m, 2h or 7d, not '" + printable(text) + "'");
    }
    long amount = Long.parseLong(matcher.group(1));
    return switch (matcher.group(2)) {
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofDays(amount);
    };
  }

  /** The shortest text for a duration of whole seconds: {@code 90s}, {@code 5m}, {@code 30d}. */
  public static String format(Duration duration) {
    long seconds = duration.toSeconds();
    if (seconds != 0 && seconds % 86_400 == 0) {
      return seconds / 86_400 + "d";
    }
    if (seconds != 0 && seconds % 3_600 == 0) {
      return seconds / 3_600 + "h";
    }
    if (seconds != 0 && seconds % 60 == 0) {
      return seconds / 60 + "m";
    }
    return seconds + "s";
  }

  static String printable(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && i < 40; i++) {
      char c = text.charAt(i);
      out.append(Character.isISOControl(c) ? '?' : c);
    }
    return text.length() > 40 ? out + "…" : out.toString();
  }
}
