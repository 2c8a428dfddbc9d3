package io.gatehouse.deploy.server;

import java.io.Serial;

/** A server setting that cannot work: the message names the setting and the value. */
public final class ServerConfigException extends IllegalArgumentException {
  @Serial private static final long serialVersionUID = 1L;

  ServerConfigException(String message) {
    super(message);
  }
}
