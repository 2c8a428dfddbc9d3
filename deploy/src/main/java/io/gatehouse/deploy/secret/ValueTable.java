package io.gatehouse.deploy.secret;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * One of the two tables of environment values, read and written inside the caller's transaction:
 * {@code environment_secrets} (sealed values) or {@code environment_variables} (plain values).
 */
final class ValueTable {
  static final ValueTable SECRETS = new ValueTable("environment_secrets", "sealed_value");
  static final ValueTable VARIABLES = new ValueTable("environment_variables", "plain_value");

  private final String table;
  private final String valueColumn;
  private final String columns;

  private ValueTable(String table, String valueColumn) {
    this.table = table;
    this.valueColumn = valueColumn;
    this.columns = "id, name, " + valueColumn + " AS stored, updated_by, created_at, updated_at";
  }

  /** The environment's rows, by name without regard to case. */
  List<Row> list(Handle handle, long environmentId) {
    return handle
        .createQuery(
            "SELECT "
                + columns
                + " FROM "
                + table
                + " WHERE environment_id = :env ORDER BY name_key")
        .bind("env", environmentId)
        .map((rs, ctx) -> row(rs))
        .list();
  }

  /** The row whose name has this key. */
  Optional<Row> find(Handle handle, long environmentId, String key) {
    return handle
        .createQuery(
            "SELECT "
                + columns
                + " FROM "
                + table
                + " WHERE environment_id = :env AND name_key = :key")
        .bind("env", environmentId)
        .bind("key", key)
        .map((rs, ctx) -> row(rs))
        .findOne();
  }

  /** How many rows the environment has. */
  long count(Handle handle, long environmentId) {
    return handle
        .createQuery("SELECT COUNT(*) FROM " + table + " WHERE environment_id = :env")
        .bind("env", environmentId)
        .mapTo(Long.class)
        .one();
  }

  void insert(
      Handle handle,
      long environmentId,
      String name,
      String stored,
      String actor,
      OffsetDateTime at) {
    handle
        .createUpdate(
            "INSERT INTO "
                + table
                + " (environment_id, name, name_key, "
                + valueColumn
                + ", updated_by, created_at, updated_at)"
                + " VALUES (:env, :name, :key, :stored, :actor, :at, :at)")
        .bind("env", environmentId)
        .bind("name", name)
        .bind("key", ValueNames.key(name))
        .bind("stored", stored)
        .bind("actor", actor)
        .bind("at", at)
        .execute();
  }

  void update(Handle handle, long id, String stored, String actor, OffsetDateTime at) {
    handle
        .createUpdate(
            "UPDATE "
                + table
                + " SET "
                + valueColumn
                + " = :stored, updated_by = :actor, updated_at = :at WHERE id = :id")
        .bind("stored", stored)
        .bind("actor", actor)
        .bind("at", at)
        .bind("id", id)
        .execute();
  }

  /** Deletes the row whose name has this key; whether there was one. */
  boolean delete(Handle handle, long environmentId, String key) {
    return handle
            .createUpdate(
                "DELETE FROM " + table + " WHERE environment_id = :env AND name_key = :key")
            .bind("env", environmentId)
            .bind("key", key)
            .execute()
        > 0;
  }

  private static Row row(ResultSet rs) throws SQLException {
    return new Row(
        rs.getLong("id"),
        rs.getString("name"),
        rs.getString("stored"),
        rs.getString("updated_by"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
        rs.getObject("updated_at", OffsetDateTime.class).toInstant());
  }

  /**
   * One row.
   *
   * @param id the row's id
   * @param name the name as it was first set
   * @param stored the sealed value of a secret, the value of a variable
   * @param updatedBy who set it last
   * @param createdAt when it was first set
   * @param updatedAt when it was set last
   */
  record Row(
      long id,
      String name,
      String stored,
      String updatedBy,
      Instant createdAt,
      Instant updatedAt) {}
}
