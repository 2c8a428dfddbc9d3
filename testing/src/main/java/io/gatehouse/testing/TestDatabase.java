package io.gatehouse.testing;

/**
 * A fresh database for one test: where it is and how to log in.
 *
 * @param kind H2 or PostgreSQL
 * @param jdbcUrl the JDBC URL
 * @param user the user to log in as
 * @param password that user's password (empty for H2)
 */
public record TestDatabase(DatabaseKind kind, String jdbcUrl, String user, String password) {
  @Override
  public String toString() {
    return kind + " " + jdbcUrl;
  }
}
