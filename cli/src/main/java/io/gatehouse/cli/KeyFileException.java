package io.gatehouse.cli;

import java.io.Serial;

/** A key file that cannot be read or written; the message names the file and what is wrong. */
final class KeyFileException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  KeyFileException(String message) {
    super(message);
  }

  KeyFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
