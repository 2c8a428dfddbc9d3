package io.gatehouse.dast.http;

import java.io.IOException;

/** A request not sent, or abandoned, because the scan was stopped (time limit, interrupt). */
public final class ScanStoppedException extends IOException {
  private static final long serialVersionUID = 1L;

  ScanStoppedException(String reason) {
    super("scan stopped: " + reason);
  }
}
