package io.gatehouse.dast.testapp;

import io.gatehouse.dast.testapp.VulnerableApp.Point;
import io.gatehouse.testing.PostgresServer;
import io.gatehouse.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * SQL injection on real databases beside the app's H2: PostgreSQL (the test support's embedded
 * server), SQLite (xerial sqlite-jdbc) and HSQLDB, each under {@code /vuln/sqli-DB/} with safe
 * twins under {@code /safe/sqli-DB/}. {@code item?name=} quotes a string and shows the database's
 * own error message (error-based); {@code stock?id=} puts a number in the query and hides errors
 * (boolean-based). The twins use prepared statements.
 */
final class DatabaseTargets implements AutoCloseable {
  /** A database the targets run on. */
  enum Engine {
    POSTGRESQL,
    SQLITE,
    HSQLDB;

    String slug() {
      return "sqli-" + name().toLowerCase(Locale.ROOT);
    }
  }

  /** Opens a connection to one of the databases. */
  @FunctionalInterface
  private interface Opener {
    Connection open() throws SQLException;
  }

  private final Map<Engine, Opener> openers;
  private final Path sqliteFile;

  private DatabaseTargets(Map<Engine, Opener> openers, Path sqliteFile) {
    this.openers = openers;
    this.sqliteFile = sqliteFile;
  }

  /**
   * Creates each database and its table of items. Each request opens its own connection, as a pool
   * gives each request its own: a slow query holds up no other request.
   */
  static DatabaseTargets start() throws IOException {
    Path sqliteFile = Files.createTempFile("shop", ".sqlite");
    Map<Engine, Opener> openers = new EnumMap<>(Engine.class);
    DatabaseTargets targets = new DatabaseTargets(openers, sqliteFile);
    try {
      TestDatabase postgres = PostgresServer.shared().createDatabase();
      openers.put(
          Engine.POSTGRESQL,
          () ->
              DriverManager.getConnection(
                  postgres.jdbcUrl(), postgres.user(), postgres.password()));
      openers.put(Engine.SQLITE, () -> DriverManager.getConnection("jdbc:sqlite:" + sqliteFile));
      String hsqldb = "jdbc:hsqldb:mem:shop" + System.nanoTime();
      openers.put(Engine.HSQLDB, () -> DriverManager.getConnection(hsqldb, "SA", ""));
      for (Opener opener : openers.values()) {
        try (Connection connection = opener.open();
            Statement statement = connection.createStatement()) {
          statement.execute("CREATE TABLE items(id INT PRIMARY KEY, name VARCHAR(100))");
          statement.execute("INSERT INTO items VALUES (1, 'Widget')");
          statement.execute("INSERT INTO items VALUES (2, 'Gadget')");
          statement.execute("INSERT INTO items VALUES (3, 'Gizmo')");
        }
      }
      return targets;
    } catch (SQLException | RuntimeException e) {
      targets.close();
      throw new IOException("the target databases cannot be set up", e);
    }
  }

  /** Routes the targets of every database on {@code server}. */
  void routes(TestServer server) {
    for (Engine engine : Engine.values()) {
      Opener opener = openers.get(engine);
      String slug = engine.slug();
      server.route(
          "/vuln/" + slug + "/item",
          e ->
              e.html(
                  query(
                      opener,
                      "SELECT name FROM items WHERE name = '" + e.query("name", "") + "'",
                      true)));
      server.route(
          "/safe/" + slug + "/item",
          e -> e.html(prepared(opener, "name", e.query("name", ""), true)));
      server.route(
          "/vuln/" + slug + "/stock",
          e ->
              e.html(
                  query(opener, "SELECT name FROM items WHERE id = " + e.query("id", "2"), false)));
      server.route(
          "/safe/" + slug + "/stock",
          e -> e.html(prepared(opener, "id", e.query("id", "2"), false)));
    }
  }

  /** Links to every target. */
  static String links() {
    StringBuilder html = new StringBuilder();
    for (String prefix : List.of("vuln", "safe")) {
      for (Engine engine : Engine.values()) {
        String base = "/" + prefix + "/" + engine.slug();
        html.append("<li><a href=\"")
            .append(base)
            .append("/item?name=Widget\">item</a><li><a href=\"")
            .append(base)
            .append("/stock?id=2\">stock</a>");
      }
    }
    return html.toString();
  }

  /** The targets' inputs, vulnerable and safe, in one category per database. */
  static List<Point> points() {
    List<Point> points = new ArrayList<>();
    for (boolean vulnerable : new boolean[] {true, false}) {
      for (Engine engine : Engine.values()) {
        String base = (vulnerable ? "/vuln/" : "/safe/") + engine.slug();
        points.add(new Point(engine.slug(), "sql-injection", base + "/item", "name", vulnerable));
        points.add(new Point(engine.slug(), "sql-injection", base + "/stock", "id", vulnerable));
        if (engine == Engine.POSTGRESQL) {
          // PostgreSQL has PG_SLEEP: the same inputs are found by their delay too
          points.add(
              new Point("sqli-time", "sql-injection-time", base + "/item", "name", vulnerable));
          points.add(
              new Point("sqli-time", "sql-injection-time", base + "/stock", "id", vulnerable));
        }
      }
    }
    return points;
  }

  /** Runs SQL built from input; the database's error message shown only if {@code showErrors}. */
  private static String query(Opener opener, String sql, boolean showErrors) {
    try (Connection connection = opener.open();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      return rows(rows);
    } catch (SQLException e) {
      return showErrors
          ? "<pre>" + VulnerableApp.html(String.valueOf(e.getMessage())) + "</pre>"
          : "<p>No products found.</p>";
    }
  }

  private static String prepared(Opener opener, String column, String value, boolean showErrors) {
    String sql = "SELECT name FROM items WHERE " + (column.equals("id") ? "id" : "name") + " = ?";
    try (Connection connection = opener.open();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      if (column.equals("id")) {
        statement.setLong(1, Long.parseLong(value.strip()));
      } else {
        statement.setString(1, value);
      }
      try (ResultSet rows = statement.executeQuery()) {
        return rows(rows);
      }
    } catch (NumberFormatException e) {
      return "<p>No products found.</p>";
    } catch (SQLException e) {
      return showErrors
          ? "<pre>" + VulnerableApp.html(String.valueOf(e.getMessage())) + "</pre>"
          : "<p>No products found.</p>";
    }
  }

  private static String rows(ResultSet rows) throws SQLException {
    StringBuilder html = new StringBuilder("<h2>Products</h2><ul>");
    int count = 0;
    while (rows.next()) {
      html.append("<li>")
          .append(VulnerableApp.html(rows.getString(1)))
          .append(" - in stock, ships in 2 days");
      count++;
    }
    return count == 0 ? "<p>No products found.</p>" : html.append("</ul>").toString();
  }

  /** Drops the HSQLDB in-memory database and deletes the SQLite file. */
  @Override
  public void close() {
    Opener hsqldb = openers.get(Engine.HSQLDB);
    if (hsqldb != null) {
      try (Connection connection = hsqldb.open();
          Statement statement = connection.createStatement()) {
        statement.execute("SHUTDOWN");
      } catch (SQLException e) {
        // a test database that is gone already
      }
    }
    try {
      Files.deleteIfExists(sqliteFile);
    } catch (IOException e) {
      // a temporary file: the system's cleanup removes it
    }
  }
}
