package io.gatehouse.deploy.federation;

import java.io.Serial;

/**
 * A token exchange refused, as RFC 6749 §5.2 and RFC 8693 §2.2.2 answer it: an HTTP status, an
 * {@code error} code and an {@code error_description} that says which check failed and never holds
 * a token or key material.
 */
public final class ExchangeRefusedException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  private final int status;
  private final String error;
  private final String check;

  ExchangeRefusedException(int status, String error, String check, String description) {
    super(description);
    this.status = status;
    this.error = error;
    this.check = check;
  }

  /** A 400 {@code invalid_request}: the request or its subject token is unacceptable. */
  static ExchangeRefusedException invalid(String check, String description) {
    return new ExchangeRefusedException(400, "invalid_request", check, description);
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** The OAuth error code, e.g. {@code invalid_request}. */
  public String error() {
    return error;
  }

  /** The short name of the check that failed, for the audit log, e.g. {@code signature}. */
  public String check() {
    return check;
  }
}
