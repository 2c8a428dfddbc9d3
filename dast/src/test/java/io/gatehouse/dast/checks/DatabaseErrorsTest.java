package io.gatehouse.dast.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.gatehouse.testing.PostgresServer;
import io.gatehouse.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatabaseErrorsTest {
  /** Malformed queries as an injected quote, parenthesis or double quote leaves them. */
  private static final List<String> MALFORMED =
      List.of(
          "SELECT name FROM items WHERE name = 'Widget''",
          "SELECT name FROM items WHERE name = 'Widget')'",
          "SELECT name FROM items WHERE id = 2'",
          "SELECT name FROM items WHERE id = 2\"");

  @Test
  void find_realH2Errors_namesH2() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:h2:mem:errors" + System.nanoTime())) {
      assertEveryErrorNames(c, "H2", true);
    }
  }

  @Test
  void find_realHsqldbErrors_namesHsqldb() throws SQLException {
    try (Connection c =
        DriverManager.getConnection("jdbc:hsqldb:mem:errors" + System.nanoTime(), "SA", "")) {
      // HSQLDB's bare messages ("unexpected token: )") are too short to tell from other text:
      // the exception's name must be there; its "malformed string" message is enough alone
      assertEveryErrorNames(c, "HSQLDB", false);
      String message = message(c, MALFORMED.get(0));
      assertThat(DatabaseErrors.find(message))
          .map(DatabaseErrors.Match::database)
          .as("%s", message)
          .contains("HSQLDB");
    }
  }

  @Test
  void find_realSqliteErrors_namesSqlite() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:")) {
      assertEveryErrorNames(c, "SQLite", true);
    }
  }

  @Test
  void find_realPostgresqlErrors_namesPostgresql() throws SQLException {
    TestDatabase database = PostgresServer.shared().createDatabase();
    try (Connection c =
        DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password())) {
      assertEveryErrorNames(c, "PostgreSQL", false);
      // the server's own words, as a PHP or Python page shows them
      String message = message(c, MALFORMED.get(0));
      assertThat(DatabaseErrors.find(message))
          .map(DatabaseErrors.Match::database)
          .as("%s", message)
          .contains("PostgreSQL");
    }
  }

  @Test
  void find_htmlEscapedHsqldbAndSqlServerMessages_namesThem() {
    assertThat(DatabaseErrors.find("<pre>malformed string: &#39;Widget&#39;&#39;</pre>"))
        .map(DatabaseErrors.Match::database)
        .contains("HSQLDB");
    assertThat(DatabaseErrors.find("Incorrect syntax near &#39;Widget&#39;."))
        .map(DatabaseErrors.Match::database)
        .contains("SQL Server");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Incorrect syntax near 'Widget'.",
        "Incorrect syntax near the keyword 'AND'.",
        "Msg 102, Level 15, State 1, Line 1\nIncorrect syntax near ')'.",
        "[Microsoft][ODBC SQL Server Driver][SQL Server]Invalid column name 'x'."
      })
  void find_sqlServerMessages_namesSqlServer(String text) {
    assertThat(DatabaseErrors.find(text))
        .map(DatabaseErrors.Match::database)
        .contains("SQL Server");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "<p>Our tests run on HSQLDB and H2, production on PostgreSQL.</p>",
        "<h1>HSQLDB 2.7.4 release notes</h1><p>HSQLDB now supports Java 21.</p>",
        "<title>HSQLDB - 100% Java Database</title>",
        "<p>The parser reports an incorrect syntax near the end of the line.</p>",
        "<p>Incorrect syntax near line 3 of your YAML file: fix the indentation.</p>",
        "<p>Lint: Incorrect syntax near 'foo' in your configuration, see the guide</p>",
        "SyntaxError: Unexpected token ')' in JSON at position 3",
        "<p>The review: an unexpected token: of appreciation from the team.</p>"
      })
  void find_ordinaryPagesNamingDatabasesOrSyntax_findsNothing(String page) {
    assertThat(DatabaseErrors.find(page)).isEmpty();
  }

  @Test
  void find_hostileOversizedText_answersQuickly() {
    String hostile =
        "unexpected token: ".repeat(50_000)
            + "Incorrect syntax near '".repeat(50_000)
            + "malformed string".repeat(50_000);
    long start = System.nanoTime();
    Optional<DatabaseErrors.Match> match = DatabaseErrors.find(hostile);
    assertThat(match).isEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  /** Every malformed query's error, as {@code toString()} (and message if asked), names it. */
  private static void assertEveryErrorNames(Connection c, String database, boolean messageAlone) {
    for (String sql : MALFORMED) {
      SQLException error = error(c, sql);
      assertThat(DatabaseErrors.find(error.toString()))
          .map(DatabaseErrors.Match::database)
          .as("%s", error)
          .contains(database);
      if (messageAlone) {
        assertThat(DatabaseErrors.find(error.getMessage()))
            .map(DatabaseErrors.Match::database)
            .as("%s", error.getMessage())
            .contains(database);
      }
    }
  }

  private static String message(Connection c, String sql) {
    return error(c, sql).getMessage();
  }

  private static SQLException error(Connection c, String sql) {
    try (Statement statement = c.createStatement()) {
      statement.execute("CREATE TABLE IF NOT EXISTS items(id INT PRIMARY KEY, name VARCHAR(100))");
      statement.executeQuery(sql).close();
    } catch (SQLException e) {
      return e;
    }
    return fail("no error for %s", sql);
  }
}
