package io.gatehouse.dast.testapp;

import io.gatehouse.dast.testapp.VulnerableApp.Point;
import io.gatehouse.testing.PostgresServer;
import io.gatehouse.testing.TestDatabase;
import java.io.IOException;
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

  private final Map<Engine, Connection> connections;

  private DatabaseTargets(Map<Engine, Connection> connections) {
    this.connections = connections;
  }

  /** Opens each database and creates its table of items. */
  static DatabaseTargets start() throws IOException {
    Map<Engine, Connection> connections = new EnumMap<>(Engine.class);
    try {
      TestDatabase postgres = PostgresServer.shared().createDatabase();
      connections.put(
          Engine.POSTGRESQL,
          DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password()));
      connections.put(Engine.SQLITE, DriverManager.getConnection("jdbc:sqlite::memory:"));
      connections.put(
          Engine.HSQLDB,
          DriverManager.getConnection("jdbc:hsqldb:mem:shop" + System.nanoTime(), "SA", ""));
      for (Connection connection : connections.values()) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("CREATE TABLE items(id INT PRIMARY KEY, name VARCHAR(100))");
          statement.execute("INSERT INTO items VALUES (1, 'Widget')");
          statement.execute("INSERT INTO items VALUES (2, 'Gadget')");
          statement.execute("INSERT INTO items VALUES (3, 'Gizmo')");
        }
      }
      return new DatabaseTargets(connections);
    } catch (SQLException | RuntimeException e) {
      new DatabaseTargets(connections).close();
      throw new IOException("the target databases cannot be set up", e);
    }
  }

  /** Routes the targets of every database on {@code server}. */
  void routes(TestServer server) {
    for (Engine engine : Engine.values()) {
      Connection connection = connections.get(engine);
      String slug = engine.slug();
      server.route(
          "/vuln/" + slug + "/item",
          e ->
              e.html(
                  query(
                      connection,
                      "SELECT name FROM items WHERE name = '" + e.query("name", "") + "'",
                      true)));
      server.route(
          "/safe/" + slug + "/item",
          e -> e.html(prepared(connection, "name", e.query("name", ""), true)));
      server.route(
          "/vuln/" + slug + "/stock",
          e ->
              e.html(
                  query(
                      connection,
                      "SELECT name FROM items WHERE id = " + e.query("id", "2"),
                      false)));
      server.route(
          "/safe/" + slug + "/stock",
          e -> e.html(prepared(connection, "id", e.query("id", "2"), false)));
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
      }
    }
    return points;
  }

  /** Runs SQL built from input; the database's error message shown only if {@code showErrors}. */
  private static String query(Connection connection, String sql, boolean showErrors) {
    synchronized (connection) {
      try (Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery(sql)) {
        return rows(rows);
      } catch (SQLException e) {
        return showErrors
            ? "<pre>" + VulnerableApp.html(String.valueOf(e.getMessage())) + "</pre>"
            : "<p>No products found.</p>";
      }
    }
  }

  private static String prepared(
      Connection connection, String column, String value, boolean showErrors) {
    synchronized (connection) {
      String sql = "SELECT name FROM items WHERE " + (column.equals("id") ? "id" : "name") + " = ?";
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
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

  /** Closes the connections; the in-memory databases go with them. */
  @Override
  public void close() {
    for (Connection connection : connections.values()) {
      try {
        connection.close();
      } catch (SQLException e) {
        // closing a test database: nothing left to do
      }
    }
  }
}
