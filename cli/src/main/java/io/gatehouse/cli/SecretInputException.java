package io.gatehouse.cli;

import java.io.Serial;

/**
 * A secret's or variable's value that cannot be sent: empty, too large, not UTF-8 text, or an
 * unreadable file. The message never holds the value.
 */
final class SecretInputException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  SecretInputException(String message) {
    super(message);
  }

  SecretInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
