package io.gatehouse.deploy.audit;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.CRC32;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.Update;

/**
 * The append-only, tamper-evident audit log: {@value #CHAINS} hash chains, each entry's chain
 * chosen by the CRC-32 of its subject, so that every entry about one subject lands in one chain in
 * order while appends about different subjects rarely wait on each other.
 *
 * <p>An append locks its chain's head row, inserts the entries and moves the head (on PostgreSQL in
 * one statement), all inside the caller's transaction: the entry exists exactly when the caller's
 * transaction commits. The head stays locked until then, so append last, once per transaction (or
 * use {@link #appendAll} for several events, which locks chains in ascending order), and keep the
 * transaction short. The transaction must run at READ COMMITTED, the default of both databases.
 */
public final class AuditLog {
  /** The number of chains. */
  public static final int CHAINS = 16;

  private static final String INSERT =
      "INSERT INTO audit_entries (chain, seq, at_micros, actor, action, subject, project, reason,"
          + " inputs, prev_hash, hash) VALUES";

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
    List<Entry> entries = new ArrayList<>(events.size());
    for (AuditEvent event : events) {
      Entry entry = entry(chain, head, at, event);
      entries.add(entry);
      head = new Head(entry.seq(), entry.hash());
    }
    if (postgres(handle)) {
      writeInOneStatement(handle, chain, entries, head);
    } else {
      insert(handle, entries);
      moveHead(handle, chain, head);
    }
  }

  private static Entry entry(int chain, Head head, long at, AuditEvent event) {
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
    return new Entry(chain, seq, at, event, reason, inputs, head.hash(), hash);
  }

  private static boolean postgres(Handle handle) {
    try {
      return handle.getConnection().getMetaData().getDatabaseProductName().equals("PostgreSQL");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot tell the database product", e);
    }
  }

  /** PostgreSQL: the entries and the head's move in one statement, one round trip. */
  private static void writeInOneStatement(
      Handle handle, int chain, List<Entry> entries, Head head) {
    StringBuilder sql = new StringBuilder("WITH added AS (").append(INSERT);
    for (int i = 0; i < entries.size(); i++) {
      sql.append(i == 0 ? " " : ", ").append(values(i));
    }
    sql.append(") UPDATE audit_heads SET seq = :headSeq, hash = :headHash WHERE chain = :chain");
    Update update = handle.createUpdate(sql.toString());
    for (int i = 0; i < entries.size(); i++) {
      bind(update, entries.get(i), Integer.toString(i));
    }
    update.bind("headSeq", head.seq()).bind("headHash", head.hash()).bind("chain", chain).execute();
  }

  private static void insert(Handle handle, List<Entry> entries) {
    PreparedBatch batch = handle.prepareBatch(INSERT + " " + values(0));
    for (Entry entry : entries) {
      bind(batch, entry, "0");
      batch.add();
    }
    batch.execute();
  }

  private static void moveHead(Handle handle, int chain, Head head) {
    handle
        .createUpdate("UPDATE audit_heads SET seq = :seq, hash = :hash WHERE chain = :chain")
        .bind("seq", head.seq())
        .bind("hash", head.hash())
        .bind("chain", chain)
        .execute();
  }

  private static String values(int i) {
    return String.format(
        "(:chain%1$d, :seq%1$d, :at%1$d, :actor%1$d, :action%1$d, :subject%1$d, :project%1$d,"
            + " :reason%1$d, :inputs%1$d, :prev%1$d, :hash%1$d)",
        i);
  }

  private static void bind(SqlStatement<?> statement, Entry entry, String suffix) {
    AuditEvent event = entry.event();
    statement
        .bind("chain" + suffix, entry.chain())
        .bind("seq" + suffix, entry.seq())
        .bind("at" + suffix, entry.at())
        .bind("actor" + suffix, event.actor())
        .bind("action" + suffix, event.action())
        .bind("subject" + suffix, event.subject())
        .bind("project" + suffix, event.project().orElse(null))
        .bind("reason" + suffix, entry.reason().orElse(null))
        .bind("inputs" + suffix, entry.inputs())
        .bind("prev" + suffix, entry.prevHash())
        .bind("hash" + suffix, entry.hash());
  }

  /** One entry, hashed, ready to write. */
  private record Entry(
      int chain,
      long seq,
      long at,
      AuditEvent event,
      Optional<String> reason,
      String inputs,
      String prevHash,
      String hash) {}

  private record Head(long seq, String hash) {}
}
