package io.gatehouse.deploy.persistence;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * The identity of one Gatehouse installation: created by the first server that starts on an empty
 * database and shared by every replica on the same database afterwards.
 *
 * @param id a random identifier, stable for the life of the database
 * @param createdAt when the first server started on this database
 */
public record Installation(UUID id, Instant createdAt) {
  /**
   * Returns this database's installation, creating it if it does not exist yet. Safe when several
   * replicas start at once: exactly one row is ever written and all of them read the same one.
   */
  public static Installation ensure(Jdbi jdbi, Clock clock) {
    // Autocommit, not one transaction: on PostgreSQL a failed INSERT would abort the transaction
    // and the read of the winner's row after it.
    return jdbi.withHandle(handle -> find(handle).orElseGet(() -> insertOrRead(handle, clock)));
  }

  private static Installation insertOrRead(Handle handle, Clock clock) {
    Installation fresh = new Installation(UUID.randomUUID(), clock.instant());
    try {
      handle
          .createUpdate("INSERT INTO installation (singleton, id, created_at) VALUES (1, :id, :at)")
          .bind("id", fresh.id().toString())
          .bind("at", fresh.createdAt())
          .execute();
      return fresh;
    } catch (UnableToExecuteStatementException e) {
      // Another replica won the race; its row is the installation.
      return find(handle).orElseThrow(() -> e);
    }
  }

  private static Optional<Installation> find(Handle handle) {
    return handle
        .createQuery("SELECT id, created_at FROM installation WHERE singleton = 1")
        .map(
            (rs, ctx) ->
                new Installation(
                    UUID.fromString(rs.getString("id")), rs.getTimestamp("created_at").toInstant()))
        .findOne();
  }
}
