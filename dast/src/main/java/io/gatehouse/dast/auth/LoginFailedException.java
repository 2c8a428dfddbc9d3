package io.gatehouse.dast.auth;

import java.io.IOException;

/** The scan could not log in: the message says which step failed, never a field's value. */
public final class LoginFailedException extends IOException {
  private static final long serialVersionUID = 1L;

  LoginFailedException(String message) {
    super(message);
  }

  LoginFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
