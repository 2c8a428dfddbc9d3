package io.gatehouse.dast.triage;

import java.util.Locale;

/** What a rules file says to do with a rule's findings. */
public enum Action {
  /** Not a failure anywhere; listed as suppressed, with the justification. */
  IGNORE,
  /** Reported, never fails the scan. */
  WARN,
  /** Fails the scan whatever its severity and {@code --fail-on}. */
  FAIL;

  /** The lower-case name used in rules files and reports. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
