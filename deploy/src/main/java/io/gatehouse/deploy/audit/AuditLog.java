package io.gatehouse.deploy.audit;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.CRC32;
import org.jdbi.v3.core.Handle;

/**
 * The append-only, tamper-evident audit log: {@value #CHAINS} hash chains, each entry's chain
 * chosen by the CRC-32 of its subject, so that every entry about one subject lands in one chain in
 * order while appends about different subjects rarely wait on each other.
 *
 * <p>An append locks its chain's head row, inserts the entry and moves the head, all inside the
 * caller's transaction: the entry exists exactly when the caller's transaction commits. The head
 * stays locked until then, so append last, once per transaction (or use {@link #appendAll} for
 * several events, which locks chains in ascending order), and keep the transaction short. The
 * transaction must run at READ COMMITTED, the default of both databases.
 */
public final class AuditLog {
  /** The number of chains. */
  public static final int CHAINS = 16;

  private final Clock clock;

  /** An audit log that stamps entries with this clock. */
  public AuditLog(Clock clock) {
    this.clock = Objects.requireNonNull(clock);
  }

  /** Appends an event inside the caller's transaction. */
  public void append(Handle handle, AuditEvent event) {
    appendAll(handle, List.of(event));
  }

  /**
   * Appends events inside the caller's transaction, each chain's in the given order. Chains are
   * locked in ascending order, so that two transactions never wait on each other in a cycle.
   */
  public void appendAll(Handle handle, List<AuditEvent> events) {
    Objects.requireNonNull(handle);
    Map<Integer, List<AuditEvent>> byChain = new TreeMap<>();
    for (AuditEvent event : events) {
      byChain.computeIfAbsent(chainOf(event.subject()), c -> new ArrayList<>()).add(event);
    }
    byChain.forEach((chain, chainEvents) -> appendToChain(handle, chain, chainEvents));
  }

  /** The chain of a subject: the CRC-32 of its UTF-8 bytes modulo {@value #CHAINS}. */
  public static int chainOf(String subject) {
    CRC32 crc = new CRC32();
    crc.update(subject.getBytes(StandardCharsets.UTF_8));
    return (int) (crc.getValue() % CHAINS);
  }

  private void appendToChain(Handle handle, int chain, List<AuditEvent> events) {
    Head head =
        handle
            .createQuery("SELECT seq, hash FROM audit_heads WHERE chain = :chain FOR UPDATE")
            .bind("chain", chain)
            .map((rs, ctx) -> new Head(rs.getLong("seq"), rs.getString("hash")))
            .findOne()
            .orElseThrow(() -> new IllegalStateException("audit chain " + chain + " has no head"));
    // The time is read under the lock, so that it never goes backwards within a chain.
    long at = AuditHash.micros(clock.instant());
    for (AuditEvent event : events) {
      head = insert(handle, chain, head, at, event);
    }
    handle
        .createUpdate("UPDATE audit_heads SET seq = :seq, hash = :hash WHERE chain = :chain")
        .bind("seq", head.seq())
        .bind("hash", head.hash())
        .bind("chain", chain)
        .execute();
  }

  private static Head insert(Handle handle, int chain, Head head, long at, AuditEvent event) {
    long seq = head.seq() + 1;
    Optional<String> reason = event.reason().map(CanonicalJson::bounded);
    String inputs = CanonicalJson.inputs(event.inputs());
    String hash =
        AuditHash.of(
            head.hash(),
            chain,
            seq,
            at,
            event.actor(),
            event.action(),
            event.subject(),
            event.project(),
            reason,
            inputs);
    handle
        .createUpdate(
            "INSERT INTO audit_entries (chain, seq, at_micros, actor, action, subject, project,"
                + " reason, inputs, prev_hash, hash) VALUES (:chain, :seq, :at, :actor, :action,"
                + " :subject, :project, :reason, :inputs, :prev, :hash)")
        .bind("chain", chain)
        .bind("seq", seq)
        .bind("at", at)
        .bind("actor", event.actor())
        .bind("action", event.action())
        .bind("subject", event.subject())
        .bind("project", event.project().orElse(null))
        .bind("reason", reason.orElse(null))
        .bind("inputs", inputs)
        .bind("prev", head.hash())
        .bind("hash", hash)
        .execute();
    return new Head(seq, hash);
  }

  private record Head(long seq, String hash) {}
}
