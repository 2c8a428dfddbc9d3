package io.gatehouse.deploy.keys;

/**
 * The database holds data sealed with a master key this server was not given: the server must not
 * start, or it would fail on every secret and signing key later.
 */
public final class MasterKeyMismatchException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  MasterKeyMismatchException(String message, Throwable cause) {
    super(message, cause);
  }
}
