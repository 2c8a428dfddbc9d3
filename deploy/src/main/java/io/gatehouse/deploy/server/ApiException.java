package io.gatehouse.deploy.server;

import java.io.Serial;

/**
 * A request the server refuses, with what the client is told: an HTTP status, a stable
 * machine-readable code and a message safe to show. It becomes {@code
 * {"error":{"code":…,"message":…}}} with that status.
 */
public class ApiException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;

  /** A refusal with this status, code (e.g. {@code invalid_request}) and message. */
  public ApiException(int status, String code, String message) {
    super(message);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("an API error needs a 4xx or 5xx status: " + status);
    }
    this.status = status;
    this.code = code;
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** The stable, machine-readable error code. */
  public String code() {
    return code;
  }
}
