package io.gatehouse.images.admission;

import java.io.Serial;

/** A workload object that is not shaped as its kind requires; names where and what is wrong. */
public final class MalformedWorkloadException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  private final String pointer;

  MalformedWorkloadException(String pointer, String reason) {
    super(pointer + ": " + reason);
    this.pointer = pointer;
  }

  /** The JSON Pointer of the offending part. */
  public String pointer() {
    return pointer;
  }
}
