package io.gatehouse.images.reference;

import java.io.Serial;

/**
 * An image reference or digest that the reference grammar refuses.
 *
 * <p>The message names the rule broken and shows the offending input with control characters
 * escaped and long inputs cut, so it is safe to return to a client or write to a log.
 */
public final class InvalidImageReferenceException extends IllegalArgumentException {
  @Serial private static final long serialVersionUID = 1L;

  private static final int MAX_SHOWN = 200;

  /** The offending input, as given. */
  private final String input;

  /** The rule broken, for example {@code repository name must be lowercase}. */
  private final String rule;

  InvalidImageReferenceException(String input, String rule) {
    super(rule + ": \"" + printable(input) + "\"");
    this.input = input;
    this.rule = rule;
  }

  /** The offending input, exactly as given (it may hold control characters). */
  public String input() {
    return input;
  }

  /** The rule the input breaks, without the input, for example {@code invalid tag}. */
  public String rule() {
    return rule;
  }

  /**
   * The input with every character outside printable ASCII escaped as {@code \\uXXXX} and cut after
   * {@value #MAX_SHOWN} characters.
   */
  static String printable(String input) {
    int end = Math.min(input.length(), MAX_SHOWN);
    StringBuilder out = new StringBuilder(end + 16);
    for (int i = 0; i < end; i++) {
      char c = input.charAt(i);
      if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
        out.append(c);
      } else {
        out.append(String.format("\\u%04x", (int) c));
      }
    }
    if (input.length() > end) {
      out.append("...(").append(input.length()).append(" characters)");
    }
    return out.toString();
  }
}
