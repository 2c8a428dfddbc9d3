package io.gatehouse.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class PostgresServerTest {
  @Test
  void createDatabase_freshDatabase_acceptsThePasswordAndAnswersQueries() throws SQLException {
    TestDatabase database = PostgresServer.shared().createDatabase();

    try (Connection connection =
            DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT current_setting('server_version_num')")) {
      assertThat(result.next()).isTrue();
      assertThat(Integer.parseInt(result.getString(1))).isGreaterThanOrEqualTo(170000);
    }
  }

  @Test
  void createDatabase_twice_givesTwoDistinctDatabases() {
    TestDatabase first = PostgresServer.shared().createDatabase();
    TestDatabase second = PostgresServer.shared().createDatabase();

    assertThat(first.jdbcUrl()).isNotEqualTo(second.jdbcUrl());
  }

  @Test
  void connect_wrongPassword_isRefused() {
    TestDatabase database = PostgresServer.shared().createDatabase();

    assertThatThrownBy(() -> DriverManager.getConnection(database.jdbcUrl(), "postgres", "wrong"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("password authentication failed");
  }
}
