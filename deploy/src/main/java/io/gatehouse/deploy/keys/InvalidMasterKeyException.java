package io.gatehouse.deploy.keys;

/** A master key given to the server is malformed or cannot be read; the message names where. */
public final class InvalidMasterKeyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  InvalidMasterKeyException(String message) {
    super(message);
  }
}
