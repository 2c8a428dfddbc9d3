package io.gatehouse.deploy.gate;

import io.gatehouse.deploy.project.InvalidRulesException;
import io.gatehouse.deploy.project.RulesDurations;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A gate's parameters, a JSON-like tree, read strictly: every defect is an {@link
 * InvalidRulesException} naming the parameter's path. A key whose value is {@code null} counts as
 * absent.
 */
final class Parameters {
  private static final Pattern DURATION = Pattern.compile("(?:[0-9]{1,9}(?:ms|s|m|h|d))+");
  private static final Pattern DURATION_PART = Pattern.compile("([0-9]{1,9})(ms|s|m|h|d)");
  private static final int MAX_DURATION_TEXT = 32;
  private static final int MAX_SHOWN = 60;

  private final Map<?, ?> values;
  private final String path;

  private Parameters(Map<?, ?> values, String path) {
    this.values = values;
    this.path = path;
  }

  /** The parameters at {@code path}; a missing tree is an empty one. */
  static Parameters of(Map<String, Object> values, String path) {
    return new Parameters(values == null ? Map.of() : values, path);
  }

  /** The object {@code value} found at {@code path}. */
  static Parameters object(Object value, String path) {
    if (!(value instanceof Map<?, ?> map)) {
      throw invalid(path, "must be an object, not " + kind(value));
    }
    return new Parameters(map, path);
  }

  /** Where these parameters are. */
  String path() {
    return path;
  }

  /** The path of {@code key} under these parameters. */
  String path(String key) {
    return path + "." + key;
  }

  /** Refuses every key outside {@code allowed}. */
  Parameters allowOnly(Set<String> allowed) {
    for (Object key : values.keySet()) {
      if (!(key instanceof String name) || !allowed.contains(name)) {
        throw invalid(
            path + "." + shown(String.valueOf(key)),
            "unknown parameter (expected one of: "
                + String.join(", ", new TreeSet<>(allowed))
                + ")");
      }
    }
    return this;
  }

  /** Whether {@code key} is present with a non-null value. */
  boolean has(String key) {
    return values.get(key) != null;
  }

  /** Whether {@code key} is present at all, even with a {@code null} value. */
  boolean hasKey(String key) {
    return values.containsKey(key);
  }

  /** The raw value of {@code key}, which may be {@code null}. */
  Object raw(String key) {
    return values.get(key);
  }

  String requiredString(String key, int maxLength) {
    return optionalString(key, maxLength).orElseThrow(() -> invalid(path(key), "is required"));
  }

  Optional<String> optionalString(String key, int maxLength) {
    Object value = values.get(key);
    if (value == null) {
      return Optional.empty();
    }
    return Optional.of(string(value, path(key), maxLength));
  }

  boolean optionalBoolean(String key, boolean otherwise) {
    Object value = values.get(key);
    if (value == null) {
      return otherwise;
    }
    if (!(value instanceof Boolean flag)) {
      throw invalid(path(key), "must be true or false, not " + kind(value));
    }
    return flag;
  }

  /** A duration such as {@code 30s}, {@code 1h30m}, {@code 500ms}, within {@code [min, max]}. */
  Optional<Duration> optionalDuration(String key, Duration min, Duration max) {
    Object value = values.get(key);
    if (value == null) {
      return Optional.empty();
    }
    String text = string(value, path(key), MAX_DURATION_TEXT);
    Duration duration =
        parseDuration(text)
            .orElseThrow(
                () ->
                    invalid(
                        path(key),
                        "must be a duration such as 30s, 5m, 2h or 1d, not '" + shown(text) + "'"));
    if (duration.compareTo(min) < 0 || duration.compareTo(max) > 0) {
      throw invalid(
          path(key), "must be between " + format(min) + " and " + format(max) + ": " + text);
    }
    return Optional.of(duration);
  }

  /** A list of at most {@code maxEntries}; absent is empty. */
  List<?> optionalList(String key, int maxEntries) {
    Object value = values.get(key);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw invalid(path(key), "must be a list, not " + kind(value));
    }
    if (list.size() > maxEntries) {
      throw invalid(path(key), "must have at most " + maxEntries + " entries, not " + list.size());
    }
    return list;
  }

  Optional<Parameters> optionalObject(String key) {
    Object value = values.get(key);
    return value == null ? Optional.empty() : Optional.of(object(value, path(key)));
  }

  /** The entries of this object, keys checked to be strings. */
  Map<?, ?> entries() {
    return values;
  }

  /** {@code value} as a non-blank string of at most {@code maxLength} characters. */
  static String string(Object value, String path, int maxLength) {
    if (!(value instanceof String text)) {
      throw invalid(path, "must be a string, not " + kind(value));
    }
    if (text.isBlank()) {
      throw invalid(path, "must not be empty");
    }
    if (text.length() > maxLength) {
      throw invalid(path, "must be at most " + maxLength + " characters, not " + text.length());
    }
    return text;
  }

  /**
   * Parses a duration text such as {@code 30s}, {@code 5m}, {@code 2h}, {@code 7d}, {@code 1h30m}.
   */
  static Optional<Duration> parseDuration(String text) {
    if (text.length() > MAX_DURATION_TEXT || !DURATION.matcher(text).matches()) {
      return Optional.empty();
    }
    Duration total = Duration.ZERO;
    Matcher part = DURATION_PART.matcher(text);
    while (part.find()) {
      long amount = Long.parseLong(part.group(1));
      total =
          total.plus(
              switch (part.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
              });
    }
    return Optional.of(total);
  }

  /**
   * A duration in the form the rules are written in, e.g. {@code 90s}, {@code 2h}, {@code 500ms}:
   * whole seconds as the rules write them, anything finer in milliseconds.
   */
  static String format(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 != 0 ? millis + "ms" : RulesDurations.format(duration);
  }

  /** What kind of JSON value {@code value} is, for a message. */
  static String kind(Object value) {
    return switch (value) {
      case null -> "null";
      case String s -> "a string";
      case Boolean b -> "a boolean";
      case Number n -> "a number";
      case List<?> l -> "a list";
      case Map<?, ?> m -> "an object";
      default -> "a " + value.getClass().getSimpleName();
    };
  }

  /** Untrusted text made safe for a message: printable ASCII, cut when long. */
  static String shown(String text) {
    return shown(text, MAX_SHOWN);
  }

  /** As {@link #shown(String)}, cut after {@code max} characters. */
  static String shown(String text, int max) {
    StringBuilder out = new StringBuilder();
    int end = Math.min(text.length(), max);
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
    }
    return text.length() > end ? out + "…" : out.toString();
  }

  static InvalidRulesException invalid(String path, String reason) {
    return new InvalidRulesException(path, reason);
  }
}
