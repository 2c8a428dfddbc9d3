package io.gatehouse.cli;

import java.util.HexFormat;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * How {@code gatehouse deploy secrets} writes an environment's values for a job to load. Every
 * format quotes every value, so that no value can run a command or set another variable; names are
 * checked against the name grammar before anything is written.
 */
enum SecretEnvFormat {
  /** {@code export NAME='value'}: POSIX shell, for {@code eval "$(...)"} or {@code source}. */
  ENV,
  /**
   * {@code NAME='value'} or {@code NAME="escaped"}: dotenv files (docker compose, python-dotenv).
   */
  DOTENV,
  /** {@code NAME<<DELIMITER}: the file format of GitHub Actions' {@code $GITHUB_ENV}. */
  GITHUB,
  /** The server's JSON answer, {@code {"secrets": {...}, "variables": {...}}}. */
  JSON;

  /** Writes the values, in the given order, as this format's lines (not for JSON). */
  String render(Map<String, String> values, RandomGenerator random) {
    StringBuilder text = new StringBuilder();
    values.forEach(
        (name, value) -> {
          if (!SecretValues.NAME.matcher(name).matches()) {
            throw new SecretInputException(
                "the server sent a value whose name is not a valid variable name; nothing written");
          }
          if (value.indexOf('\0') >= 0) {
            throw new SecretInputException(
                "the server sent a value of " + name + " holding NUL; nothing written");
          }
          switch (this) {
            case ENV -> text.append("export ").append(name).append('=').append(shell(value));
            case DOTENV -> text.append(name).append('=').append(dotenv(value));
            case GITHUB -> github(text, name, value, random);
            case JSON -> throw new IllegalStateException("JSON is the server's answer as it is");
          }
          text.append('\n');
        });
    return text.toString();
  }

  /** Single quotes, in which a shell expands nothing; a quote is closed, escaped and reopened. */
  static String shell(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }

  /**
   * Single quotes (no expansion in dotenv parsers) when the value holds no quote and no line break;
   * else double quotes with {@code \\}, {@code \"}, {@code \$}, {@code \n} and {@code \r} escaped.
   */
  static String dotenv(String value) {
    if (value.indexOf('\'') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
      return "'" + value + "'";
    }
    StringBuilder quoted = new StringBuilder(value.length() + 8).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> quoted.append("\\\\");
        case '"' -> quoted.append("\\\"");
        case '$' -> quoted.append("\\$");
        case '`' -> quoted.append("\\`");
        case '\n' -> quoted.append("\\n");
        case '\r' -> quoted.append("\\r");
        default -> quoted.append(c);
      }
    }
    return quoted.append('"').toString();
  }

  /**
   * GitHub's multi-line form, with a random delimiter that does not occur in the value, so that a
   * value cannot end the block early and set another variable.
   */
  private static void github(
      StringBuilder text, String name, String value, RandomGenerator random) {
    String delimiter;
    do {
      byte[] bytes = new byte[16];
      random.nextBytes(bytes);
      delimiter = "GATEHOUSE_EOF_" + HexFormat.of().formatHex(bytes);
    } while (value.contains(delimiter));
    text.append(name).append("<<").append(delimiter).append('\n');
    text.append(value).append('\n').append(delimiter);
  }
}
