package io.gatehouse.cli;

import java.util.Optional;

/**
 * A call to the Gatehouse server that did not give the answer asked for: the server could not be
 * reached, refused the token, or answered with an error. The message is safe to show: it never
 * holds the token.
 */
final class ApiCallException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;

  ApiCallException(String message) {
    this(0, "", message, null);
  }

  ApiCallException(String message, Throwable cause) {
    this(0, "", message, cause);
  }

  ApiCallException(int status, String code, String message) {
    this(status, code, message, null);
  }

  private ApiCallException(int status, String code, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.code = code;
  }

  /** The HTTP status of the server's answer; empty when there was no answer. */
  Optional<Integer> status() {
    return status == 0 ? Optional.empty() : Optional.of(status);
  }

  /** The server's error code ({@code not_found}, {@code ref_not_allowed}, ...); may be empty. */
  String code() {
    return code;
  }
}
