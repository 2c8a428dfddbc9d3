package io.gatehouse.deploy.audit;

import java.time.Instant;
import java.util.Optional;

/**
 * One stored entry of the audit log, as exported.
 *
 * @param chain the chain it belongs to, 0 to {@link AuditLog#CHAINS} - 1
 * @param seq its place in the chain, from 1 without gaps
 * @param at when it was appended, to the microsecond
 * @param actor who did it
 * @param action what was done
 * @param subject what it was done to
 * @param project the project, if any
 * @param reason the reason, if any
 * @param inputs the inputs as canonical JSON text (sorted keys, no insignificant whitespace)
 * @param prevHash the hash of the entry before it in the chain; 64 zeros for seq 1
 * @param hash SHA-256 over the canonical encoding of prevHash and every other field, hex
 */
public record AuditEntry(
    int chain,
    long seq,
    Instant at,
    String actor,
    String action,
    String subject,
    Optional<String> project,
    Optional<String> reason,
    String inputs,
    String prevHash,
    String hash) {

  /** Whether {@link #hash} is the hash of the other fields. */
  public boolean hashMatches() {
    return AuditHash.of(this).equals(hash);
  }
}
