package io.gatehouse.dast.triage;

import java.util.Locale;

/** Where a finding stands once the threshold, the rules file and the baseline are applied. */
public enum Status {
  /** Fails the scan. */
  FAIL,
  /** Reported, below the threshold. */
  PASS,
  /** Reported, set to warn by the rules file: never fails the scan. */
  WARN,
  /** Reported, already in the baseline: does not fail the scan. */
  BASELINE,
  /** Ignored by the rules file: listed as suppressed only. */
  IGNORED;

  /** The lower-case name used in reports. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
