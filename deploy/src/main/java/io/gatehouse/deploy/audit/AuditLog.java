package io.gatehouse.deploy.audit;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

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
  // Plain JDBC on the handle's connection: the append runs in every request that changes state,
  // and JDBI's per-statement work showed as a large share of a request's CPU.
  /** The number of chains. */
  public static final int CHAINS = 16;

  private static final String INSERT =
      "INSERT INTO audit_entries (chain, seq, at_micros, actor, action, subject, project, reason,"
          + " inputs, prev_hash, hash) VALUES";
  private static final int COLUMNS = 11;
  private static final String VALUES = "(" + "?, ".repeat(COLUMNS - 1) + "?)";
  private static final String LOCK_HEAD =
      "SELECT seq, hash FROM audit_heads WHERE chain = ? FOR UPDATE";

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
    Connection connection = handle.getConnection();
    Head head = lockHead(connection, chain);
    // The time is read under the lock, so that it never goes backwards within a chain.
    long at = AuditHash.micros(clock.instant());
    List<Entry> entries = new ArrayList<>(events.size());
    for (AuditEvent event : events) {
      Entry entry = entry(chain, head, at, event);
      entries.add(entry);
      head = new Head(entry.seq(), entry.hash());
    }
    try {
      if (postgres(connection)) {
        writeInOneStatement(connection, chain, entries, head);
      } else {
        insert(connection, entries);
        moveHead(connection, chain, head);
      }
    } catch (SQLException e) {
      throw failed("cannot append to audit chain " + chain, e);
    }
  }

  private static Head lockHead(Connection connection, int chain) {
    try (PreparedStatement lock = connection.prepareStatement(LOCK_HEAD)) {
      lock.setInt(1, chain);
      try (ResultSet rs = lock.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("audit chain " + chain + " has no head");
        }
        return new Head(rs.getLong(1), rs.getString(2));
      }
    } catch (SQLException e) {
      throw failed("cannot lock audit chain " + chain, e);
    }
  }

  private static UnableToExecuteStatementException failed(String what, SQLException e) {
    return new UnableToExecuteStatementException(what + ": " + e.getMessage(), e, null);
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

  private static boolean postgres(Connection connection) throws SQLException {
    return connection.getMetaData().getDatabaseProductName().equals("PostgreSQL");
  }

  /** PostgreSQL: the entries and the head's move in one statement, one round trip. */
  private static void writeInOneStatement(
      Connection connection, int chain, List<Entry> entries, Head head) throws SQLException {
    StringBuilder sql = new StringBuilder("WITH added AS (").append(INSERT);
    for (int i = 0; i < entries.size(); i++) {
      sql.append(i == 0 ? " " : ", ").append(VALUES);
    }
    sql.append(") UPDATE audit_heads SET seq = ?, hash = ? WHERE chain = ?");
    try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
      int next = 1;
      for (Entry entry : entries) {
        next = bind(statement, entry, next);
      }
      statement.setLong(next, head.seq());
      statement.setString(next + 1, head.hash());
      statement.setInt(next + 2, chain);
      statement.executeUpdate();
    }
  }

  private static void insert(Connection connection, List<Entry> entries) throws SQLException {
    try (PreparedStatement batch = connection.prepareStatement(INSERT + " " + VALUES)) {
      for (Entry entry : entries) {
        bind(batch, entry, 1);
        batch.addBatch();
      }
      batch.executeBatch();
    }
  }

  private static void moveHead(Connection connection, int chain, Head head) throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement("UPDATE audit_heads SET seq = ?, hash = ? WHERE chain = ?")) {
      update.setLong(1, head.seq());
      update.setString(2, head.hash());
      update.setInt(3, chain);
      update.executeUpdate();
    }
  }

  /** Binds an entry's {@value #COLUMNS} values from parameter {@code first}; the next one's. */
  private static int bind(PreparedStatement statement, Entry entry, int first) throws SQLException {
    AuditEvent event = entry.event();
    statement.setInt(first, entry.chain());
    statement.setLong(first + 1, entry.seq());
    statement.setLong(first + 2, entry.at());
    statement.setString(first + 3, event.actor());
    statement.setString(first + 4, event.action());
    statement.setString(first + 5, event.subject());
    statement.setString(first + 6, event.project().orElse(null));
    statement.setString(first + 7, entry.reason().orElse(null));
    statement.setString(first + 8, entry.inputs());
    statement.setString(first + 9, entry.prevHash());
    statement.setString(first + 10, entry.hash());
    return first + COLUMNS;
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
