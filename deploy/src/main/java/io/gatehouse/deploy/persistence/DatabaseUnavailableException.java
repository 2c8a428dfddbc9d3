package io.gatehouse.deploy.persistence;

import java.io.Serial;

/**
 * The database could not be reached or refused to let the server in. The message is one line, safe
 * to show an operator: it names the target (host and port, or the H2 file) and the reason, never a
 * password.
 */
public final class DatabaseUnavailableException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  private final String target;

  DatabaseUnavailableException(String target, String reason, Throwable cause) {
    super("cannot use the database at " + target + ": " + reason, cause);
    this.target = target;
  }

  /** The database it tried: {@code host:port} for PostgreSQL, the file for H2. */
  public String target() {
    return target;
  }
}
