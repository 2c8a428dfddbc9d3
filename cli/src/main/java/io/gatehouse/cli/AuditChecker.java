package io.gatehouse.cli;

import java.io.IOException;
import java.io.Reader;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks the hash chains of an exported audit log (NDJSON). {@link #standard()} is the check of
 * {@code io.gatehouse.deploy.audit}, the code that writes the chains; this interface keeps {@code
 * gatehouse audit verify} independent of its exact signature.
 */
interface AuditChecker {
  /**
   * Reads every line and checks each chain from its first entry, and against the anchor's heads
   * when given.
   */
  Report verify(Reader lines, Optional<Anchor> anchor) throws IOException;

  /** The last entry of one chain: what an anchor records. */
  record Head(String chain, long seq, String hash) {}

  /** Chain heads saved by an earlier verification: the log may grow but not change before them. */
  record Anchor(List<Head> heads) {
    public Anchor {
      heads = List.copyOf(heads);
    }
  }

  /** One finding: where (line of the file, chain, sequence number) and what. */
  record Problem(long line, String chain, long seq, String message) {}

  /** The outcome: every problem, the entries read per chain, and each chain's head. */
  record Report(List<Problem> problems, Map<String, Long> entriesPerChain, List<Head> heads) {
    public Report {
      problems = List.copyOf(problems);
      entriesPerChain = Map.copyOf(entriesPerChain);
      heads = List.copyOf(heads);
    }

    boolean ok() {
      return problems.isEmpty();
    }
  }

  /**
   * The audit module's verifier. It is not part of this build yet; until it is, verification says
   * so and fails rather than passing anything unchecked.
   */
  static AuditChecker standard() {
    return (lines, anchor) -> {
      throw new UnsupportedOperationException(
          "this build of gatehouse cannot verify audit logs yet: the audit module's verifier is"
              + " missing");
    };
  }
}
