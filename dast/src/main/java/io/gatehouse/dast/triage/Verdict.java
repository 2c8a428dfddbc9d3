package io.gatehouse.dast.triage;

import java.util.Objects;
import java.util.Optional;

/**
 * The decision about one finding.
 *
 * @param status where it stands
 * @param justification the rules file's justification of the entry that decided it, if any
 */
public record Verdict(Status status, Optional<String> justification) {
  public Verdict {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(justification, "justification");
  }

  /** Whether the finding fails the scan. */
  public boolean fails() {
    return status == Status.FAIL;
  }

  /** Whether the finding is ignored: it counts nowhere. */
  public boolean ignored() {
    return status == Status.IGNORED;
  }
}
