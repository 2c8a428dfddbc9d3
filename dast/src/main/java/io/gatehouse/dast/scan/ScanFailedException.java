package io.gatehouse.dast.scan;

/** The scan could not run at all, for example because the target does not answer. */
public final class ScanFailedException extends Exception {
  private static final long serialVersionUID = 1L;

  ScanFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
