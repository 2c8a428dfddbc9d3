package io.gatehouse.cli;

import java.io.Serial;

/** No usable passphrase for a private key: none given, an empty one, or two that differ. */
final class PassphraseException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  PassphraseException(String message) {
    super(message);
  }
}
