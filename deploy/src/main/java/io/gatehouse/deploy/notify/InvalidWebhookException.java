package io.gatehouse.deploy.notify;

import java.io.Serial;

/** A webhook declaration that cannot be used; the message says why, never showing the secret. */
public final class InvalidWebhookException extends IllegalArgumentException {
  @Serial private static final long serialVersionUID = 1L;

  /** A refusal with this reason. */
  public InvalidWebhookException(String message) {
    super(message);
  }
}
