package io.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.testing.PostgresServer;
import io.gatehouse.testing.TestDatabase;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gatehouse server} run from the packaged jar, as an operator runs it. */
class ServerCommandIT {
  private static final Duration START = Duration.ofSeconds(60);
  private static final String MASTER_KEY = "q2Jm3HdV1rWzY8c7Tn0kXe5LbS4uFgPiAoQ6vRt9MwE=";
  private static final String OTHER_MASTER_KEY = "Zx8bN2mQ4vL7kP1jH5gF3dS9aW6eR0tYuIoPlKjHgFc=";
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path dataDir;

  @Test
  void server_embeddedDefault_servesProbesAndMetricsThenStopsCleanlyOnSigterm() throws Exception {
    try (GatehouseProcess gatehouse =
        GatehouseProcess.start(
            Map.of(), "server", "--port", "0", "--data-dir", dataDir.toString())) {
      URI base = gatehouse.awaitListening(START);

      assertThat(get(base, "/healthz").statusCode()).isEqualTo(200);
      assertThat(get(base, "/readyz").statusCode()).isEqualTo(200);
      String metrics = get(base, "/metrics").body();
      assertThat(metrics).containsPattern("(?m)^jvm_").containsPattern("(?m)^http_server_requests");
      assertThat(Files.exists(dataDir.resolve("gatehouse.mv.db"))).isTrue();
      assertThat(
              java.nio.file.attribute.PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(dataDir.resolve("master.key"))))
          .isEqualTo("rw-------");

      Instant stopAsked = Instant.now();
      gatehouse.terminate();

      assertThat(gatehouse.awaitExit(Duration.ofSeconds(10))).contains(0);
      assertThat(Duration.between(stopAsked, Instant.now())).isLessThan(Duration.ofSeconds(10));
      assertThat(gatehouse.stdout())
          .anyMatch(line -> line.endsWith("INFO  UntilSignalled - stopped"));
    }
  }

  @Test
  void server_postgresql_migratesItAndIsReady() throws Exception {
    PostgresServer postgres = PostgresServer.shared();
    TestDatabase database = postgres.createDatabase();
    Map<String, String> credentials =
        Map.of(
            "GATEHOUSE_DB_USER",
            database.user(),
            "GATEHOUSE_DB_PASSWORD",
            database.password(),
            "GATEHOUSE_MASTER_KEY",
            MASTER_KEY);

    try (GatehouseProcess gatehouse =
        GatehouseProcess.start(
            credentials, "server", "--port", "0", "--database-url", database.jdbcUrl())) {
      URI base = gatehouse.awaitListening(START);

      assertThat(get(base, "/readyz").statusCode()).isEqualTo(200);
      assertThat(get(base, "/api/v1/version").body()).contains("\"database\":\"postgresql\"");
      String database1 = database.jdbcUrl().substring(database.jdbcUrl().lastIndexOf('/') + 1);
      try (Connection connection = postgres.connect(database1);
          Statement statement = connection.createStatement();
          ResultSet applied =
              statement.executeQuery(
                  "SELECT count(*) FROM flyway_schema_history WHERE success AND version IS NOT NULL")) {
        assertThat(applied.next()).isTrue();
        assertThat(applied.getInt(1)).isPositive();
      }
      gatehouse.terminate();
      assertThat(gatehouse.awaitExit(Duration.ofSeconds(10))).contains(0);
    }
  }

  @Test
  void server_postgresqlWithoutMasterKey_exits2NamingTheKey() {
    try (GatehouseProcess gatehouse =
        GatehouseProcess.start(
            Map.of(), "server", "--database-url", "jdbc:postgresql://127.0.0.1:1/gatehouse")) {
      assertThat(gatehouse.awaitExit(Duration.ofSeconds(30))).contains(2);
      assertThat(String.join("\n", gatehouse.stderr()))
          .contains("a master key is required with --database-url")
          .contains("GATEHOUSE_MASTER_KEY");
    }
  }

  @Test
  void server_wrongMasterKey_exits1AndNamesTheProblem() throws IOException {
    TestDatabase database = PostgresServer.shared().createDatabase();
    Map<String, String> first =
        Map.of(
            "GATEHOUSE_DB_USER",
            database.user(),
            "GATEHOUSE_DB_PASSWORD",
            database.password(),
            "GATEHOUSE_MASTER_KEY",
            MASTER_KEY);
    try (GatehouseProcess gatehouse =
        GatehouseProcess.start(
            first, "server", "--port", "0", "--database-url", database.jdbcUrl())) {
      gatehouse.awaitListening(START);
      gatehouse.terminate();
      assertThat(gatehouse.awaitExit(Duration.ofSeconds(10))).contains(0);
    }
    Map<String, String> wrong = new java.util.HashMap<>(first);
    wrong.put("GATEHOUSE_MASTER_KEY", OTHER_MASTER_KEY);
    try (GatehouseProcess gatehouse =
        GatehouseProcess.start(
            wrong, "server", "--port", "0", "--database-url", database.jdbcUrl())) {
      assertThat(gatehouse.awaitExit(Duration.ofSeconds(30))).contains(1);
      assertThat(String.join("\n", gatehouse.stderr()))
          .contains("the master key does not open this database's sealed data")
          .doesNotContain(OTHER_MASTER_KEY)
          .doesNotContain(MASTER_KEY);
    }
  }

  @Test
  void server_malformedMasterKey_exits1WithoutEchoingIt() {
    try (GatehouseProcess gatehouse =
        GatehouseProcess.start(
            Map.of("GATEHOUSE_MASTER_KEY", "not-a-key-but-a-secret-value"),
            "server",
            "--port",
            "0",
            "--data-dir",
            dataDir.resolve("malformed-key").toString())) {
      assertThat(gatehouse.awaitExit(Duration.ofSeconds(30))).isPresent().get().isNotEqualTo(0);
      assertThat(String.join("\n", gatehouse.stderr()))
          .contains("GATEHOUSE_MASTER_KEY must hold 32 bytes")
          .doesNotContain("not-a-key-but-a-secret-value");
    }
  }

  @Test
  void server_databaseUnreachable_exits1WithOneClearLine() throws IOException {
    int port = closedPort();
    try (GatehouseProcess gatehouse =
        GatehouseProcess.start(
            Map.of("GATEHOUSE_MASTER_KEY", MASTER_KEY),
            "server",
            "--port",
            "0",
            "--database-url",
            "jdbc:postgresql://127.0.0.1:" + port + "/gatehouse",
            "--database-connect-timeout",
            "3s")) {
      assertThat(gatehouse.awaitExit(Duration.ofSeconds(30))).contains(1);
      assertThat(gatehouse.stderr())
          .containsExactly(
              "gatehouse server: cannot use the database at 127.0.0.1:"
                  + port
                  + "/gatehouse: connection refused (is the database running and listening"
                  + " there?)");
      assertThat(gatehouse.stdout())
          .noneMatch(line -> line.contains("\tat ") || line.contains("Exception"));
    }
  }

  @Test
  void server_databaseUnreachableVerbose_printsTheStackTrace() throws IOException {
    try (GatehouseProcess gatehouse =
        GatehouseProcess.start(
            Map.of("GATEHOUSE_MASTER_KEY", MASTER_KEY),
            "server",
            "--verbose",
            "--database-url",
            "jdbc:postgresql://127.0.0.1:" + closedPort() + "/gatehouse")) {
      assertThat(gatehouse.awaitExit(Duration.ofSeconds(30))).contains(1);
      assertThat(gatehouse.stderr()).anyMatch(line -> line.startsWith("\tat io.gatehouse."));
    }
  }

  @Test
  void server_dataDirectoryInUse_secondServerExits1() {
    try (GatehouseProcess first =
        GatehouseProcess.start(
            Map.of(), "server", "--port", "0", "--data-dir", dataDir.toString())) {
      first.awaitListening(START);

      try (GatehouseProcess second =
          GatehouseProcess.start(
              Map.of(), "server", "--port", "0", "--data-dir", dataDir.toString())) {
        assertThat(second.awaitExit(Duration.ofSeconds(30))).contains(1);
        assertThat(second.stderr())
            .singleElement()
            .asString()
            .contains("in use by another process");
      }
    }
  }

  @Test
  void server_jsonLogFormat_writesOneJsonObjectPerLine() throws Exception {
    try (GatehouseProcess gatehouse =
        GatehouseProcess.start(
            Map.of("GATEHOUSE_LOG_FORMAT", "json"),
            "server",
            "--port",
            "0",
            "--data-dir",
            dataDir.toString())) {
      URI base = gatehouse.awaitListening(START);
      get(base, "/api/v1/version");
      gatehouse.terminate();
      assertThat(gatehouse.awaitExit(Duration.ofSeconds(10))).contains(0);

      ObjectMapper json = new ObjectMapper();
      assertThat(gatehouse.stdout()).hasSizeGreaterThanOrEqualTo(4);
      for (String line : gatehouse.stdout()) {
        assertThat(json.readTree(line).path("message").isTextual()).as(line).isTrue();
      }
      // The first admin's generated token is shown once, apart from the log and never in it.
      assertThat(gatehouse.stderr())
          .contains(
              "Created the first admin user 'admin'. Its API token is shown only this once;"
                  + " store it now:")
          .anyMatch(line -> line.matches("  gth_[A-Za-z0-9_-]{43}"));
      assertThat(gatehouse.stdout()).noneMatch(line -> line.contains("gth_"));
    }
  }

  private HttpResponse<String> get(URI base, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
