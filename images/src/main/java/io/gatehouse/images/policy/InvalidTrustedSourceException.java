package io.gatehouse.images.policy;

import java.io.Serial;

/** A trusted-source text that is not {@code host[:port][/prefix]} or {@code *.domain[/prefix]}. */
public final class InvalidTrustedSourceException extends IllegalArgumentException {
  @Serial private static final long serialVersionUID = 1L;

  private final String input;
  private final String reason;

  InvalidTrustedSourceException(String input, String reason) {
    super(reason + ": \"" + Printable.of(input) + "\"");
    this.input = input;
    this.reason = reason;
  }

  /** The offending text, as given. */
  public String input() {
    return input;
  }

  /** What is wrong with it, without the text. */
  public String reason() {
    return reason;
  }
}
