package io.gatehouse.deploy.secret;

import io.gatehouse.deploy.keys.Envelope;
import io.gatehouse.deploy.keys.SealedValueException;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Re-wraps every sealed value that is not yet under the primary master key, table by table, in
 * batches of short transactions: each value's data key is re-wrapped by the primary key, its
 * payload is left as it is. A row is written only if it still holds the value read, so that a value
 * set meanwhile (already under the primary key) is never overwritten. Safe to run while the server
 * serves, on any replica, and more than once.
 */
public final class MasterKeyRotation {
  /** How many rows one transaction reads. */
  public static final int DEFAULT_BATCH = 200;

  private final Jdbi jdbi;
  private final Envelope envelope;
  private final List<Target> targets;
  private final int batch;

  /**
   * A rotation over these tables.
   *
   * @throws IllegalArgumentException when a batch is not positive or the list is empty
   */
  public MasterKeyRotation(Jdbi jdbi, Envelope envelope, List<Target> targets, int batch) {
    if (batch < 1) {
      throw new IllegalArgumentException("batch size must be positive: " + batch);
    }
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("no table to re-wrap");
    }
    this.jdbi = jdbi;
    this.envelope = envelope;
    this.targets = List.copyOf(targets);
    this.batch = batch;
  }

  /** The tables, in the order they are re-wrapped. */
  public List<Target> targets() {
    return targets;
  }

  /**
   * Checks that every target's table and columns exist.
   *
   * @throws IllegalStateException naming the first one that does not
   */
  public void checkSchema() {
    jdbi.useHandle(
        handle -> {
          try {
            DatabaseMetaData meta = handle.getConnection().getMetaData();
            for (Target target : targets) {
              for (String column : List.of(target.idColumn(), target.sealedColumn())) {
                if (!hasColumn(meta, target.table(), column)) {
                  throw new IllegalStateException(
                      "master key rotation: no column " + target.table() + "." + column);
                }
              }
            }
          } catch (SQLException e) {
            throw new IllegalStateException("cannot read the database's columns", e);
          }
        });
  }

  /** Re-wraps every target; the counts of each. */
  public List<Outcome> rotate() {
    List<Outcome> outcomes = new ArrayList<>(targets.size());
    for (Target target : targets) {
      outcomes.add(rotate(target));
    }
    return outcomes;
  }

  private Outcome rotate(Target target) {
    Counter counter = new Counter();
    Optional<Object> after = Optional.empty();
    while (true) {
      Optional<Object> from = after;
      after = jdbi.inTransaction(handle -> rotateBatch(handle, target, from, counter));
      if (after.isEmpty()) {
        return counter.outcome(target);
      }
    }
  }

  /** One batch after the id {@code after}; the last id read, or empty when there was no row. */
  private Optional<Object> rotateBatch(
      Handle handle, Target target, Optional<Object> after, Counter counter) {
    List<Sealed> rows = read(handle, target, after);
    for (Sealed row : rows) {
      counter.examined++;
      String rewrapped;
      try {
        if (envelope.sealedWithPrimary(row.sealed())) {
          continue;
        }
        rewrapped = envelope.rewrap(row.sealed());
      } catch (SealedValueException e) {
        counter.unreadable++;
        continue;
      }
      int written =
          handle
              .createUpdate(
                  "UPDATE "
                      + target.table()
                      + " SET "
                      + target.sealedColumn()
                      + " = :rewrapped WHERE "
                      + target.idColumn()
                      + " = :id AND "
                      + target.sealedColumn()
                      + " = :read")
              .bind("rewrapped", rewrapped)
              .bind("id", row.id())
              .bind("read", row.sealed())
              .execute();
      if (written == 1) {
        counter.rewrapped++;
      } else {
        counter.changedMeanwhile++;
      }
    }
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getLast().id());
  }

  private List<Sealed> read(Handle handle, Target target, Optional<Object> after) {
    String sql =
        "SELECT "
            + target.idColumn()
            + ", "
            + target.sealedColumn()
            + " FROM "
            + target.table()
            + " WHERE "
            + target.sealedColumn()
            + " IS NOT NULL"
            + (after.isPresent() ? " AND " + target.idColumn() + " > :after" : "")
            + " ORDER BY "
            + target.idColumn()
            + " LIMIT "
            + batch;
    var query = handle.createQuery(sql);
    after.ifPresent(id -> query.bind("after", id));
    return query.map((rs, ctx) -> new Sealed(rs.getObject(1), rs.getString(2))).list();
  }

  private static boolean hasColumn(DatabaseMetaData meta, String table, String column)
      throws SQLException {
    for (String[] names : List.of(new String[] {table, column}, upper(table, column))) {
      try (ResultSet columns = meta.getColumns(null, null, names[0], names[1])) {
        if (columns.next()) {
          return true;
        }
      }
    }
    return false;
  }

  private static String[] upper(String table, String column) {
    return new String[] {
      table.toUpperCase(java.util.Locale.ROOT), column.toUpperCase(java.util.Locale.ROOT)
    };
  }

  /**
   * A column of sealed values.
   *
   * @param table the table, a plain lower-case SQL identifier
   * @param idColumn its key column, unique and ordered (a number or text)
   * @param sealedColumn the column of {@link Envelope} texts; rows where it is NULL are skipped
   */
  public record Target(String table, String idColumn, String sealedColumn) {
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /** Checks that each name is a plain identifier, since they are put into SQL. */
    public Target {
      for (String name : List.of(table, idColumn, sealedColumn)) {
        if (!IDENTIFIER.matcher(name).matches()) {
          throw new IllegalArgumentException("not a plain SQL identifier: " + name);
        }
      }
    }
  }

  /**
   * What a rotation did to one column.
   *
   * @param table the table
   * @param column the sealed column
   * @param examined the values read
   * @param rewrapped the values now under the primary key that were not before
   * @param changedMeanwhile the values changed by someone else between read and write (a new value
   *     is sealed under the primary key already)
   * @param unreadable the values no configured master key opens: they stay as they are, and the
   *     previous key must not be dropped until they are dealt with
   */
  public record Outcome(
      String table,
      String column,
      long examined,
      long rewrapped,
      long changedMeanwhile,
      long unreadable) {}

  private record Sealed(Object id, String sealed) {}

  private static final class Counter {
    long examined;
    long rewrapped;
    long changedMeanwhile;
    long unreadable;

    Outcome outcome(Target target) {
      return new Outcome(
          target.table(), target.sealedColumn(), examined, rewrapped, changedMeanwhile, unreadable);
    }
  }
}
