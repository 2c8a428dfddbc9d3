package io.gatehouse.deploy.persistence;

import java.io.Serial;

/** A database setting that cannot work: the message names the setting and the value. */
public final class DatabaseConfigException extends IllegalArgumentException {
  @Serial private static final long serialVersionUID = 1L;

  DatabaseConfigException(String message) {
    super(message);
  }
}
