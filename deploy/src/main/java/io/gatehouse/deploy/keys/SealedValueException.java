package io.gatehouse.deploy.keys;

/**
 * A sealed value could not be opened: it is malformed, it was sealed with a master key this server
 * does not have, or it was altered. The message names the reason and the key fingerprint, never a
 * key or a value.
 */
public final class SealedValueException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  SealedValueException(String message) {
    super(message);
  }

  SealedValueException(String message, Throwable cause) {
    super(message, cause);
  }
}
