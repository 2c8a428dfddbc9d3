package io.gatehouse.dast.findings;

import java.util.Locale;

/** How sure the scanner is that a finding is real. */
public enum Confidence {
  /** Confirmed by the target's own answer (an executed marker, a file's content). */
  CONFIRMED,
  HIGH,
  MEDIUM,
  LOW;

  /** The lower-case name used in reports. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
