package io.gatehouse.dast.http;

import java.io.IOException;
import java.net.URI;

/** A request the scope forbids; it was not sent. */
public final class OutOfScopeException extends IOException {
  private static final long serialVersionUID = 1L;

  private final URI uri;

  OutOfScopeException(URI uri, String reason) {
    super("not requesting " + uri + ": " + reason);
    this.uri = uri;
  }

  /** The URL that was not requested. */
  public URI uri() {
    return uri;
  }
}
