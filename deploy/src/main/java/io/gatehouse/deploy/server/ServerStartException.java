package io.gatehouse.deploy.server;

import java.io.Serial;

/** The server could not start listening; the message says where and why, in one line. */
public final class ServerStartException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  ServerStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
