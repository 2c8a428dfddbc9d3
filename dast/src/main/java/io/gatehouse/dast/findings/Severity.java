package io.gatehouse.dast.findings;

import java.util.Locale;

/** How bad a finding is, from the highest. */
public enum Severity {
  HIGH,
  MEDIUM,
  LOW,
  INFO;

  /** Whether this severity is {@code threshold} or worse. */
  public boolean atLeast(Severity threshold) {
    return compareTo(threshold) <= 0;
  }

  /** The lower-case name used in reports and on the command line. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
