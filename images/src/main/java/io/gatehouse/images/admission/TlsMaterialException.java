package io.gatehouse.images.admission;

import java.io.Serial;

/** A serving certificate or key that cannot be used; the message names the file and the reason. */
public final class TlsMaterialException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  TlsMaterialException(String message) {
    super(message);
  }
}
