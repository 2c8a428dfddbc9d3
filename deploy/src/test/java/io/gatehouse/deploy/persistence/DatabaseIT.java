package io.gatehouse.deploy.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.testing.DatabaseKind;
import io.gatehouse.testing.PostgresServer;
import io.gatehouse.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DatabaseIT {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-22T10:15:30Z"), ZoneOffset.UTC);

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void open_emptyDatabase_appliesMigrationsOnce(DatabaseKind kind) {
    DatabaseConfig config = configOf(kind.create());

    List<String> applied;
    try (Database first = Database.open(config, new SimpleMeterRegistry())) {
      applied = appliedVersions(first);
      assertThat(applied).startsWith("1", "2").doesNotHaveDuplicates();
      assertThat(applied.stream().map(Integer::valueOf).toList()).isSorted();
      assertThat(first.ready()).isTrue();
      assertThat(first.kind().name()).isEqualTo(kind.name());
    }
    try (Database again = Database.open(config, new SimpleMeterRegistry())) {
      assertThat(appliedVersions(again)).isEqualTo(applied);
    }
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void failedStatement_messageNamesTheSqlButNotTheArguments(DatabaseKind kind) {
    try (Database database = Database.open(configOf(kind.create()), new SimpleMeterRegistry())) {
      assertThatThrownBy(
              () ->
                  database
                      .jdbi()
                      .useHandle(
                          h ->
                              h.createUpdate(
                                      "INSERT INTO master_key_check (singleton, sealed, created_at)"
                                          + " VALUES (2, :sealed, :at)")
                                  .bind("sealed", "gh1.sealed-value-that-must-not-be-logged")
                                  .bind("at", java.time.OffsetDateTime.now(ZoneOffset.UTC))
                                  .execute()))
          .hasMessageContaining("INSERT INTO master_key_check")
          .hasMessageNotContaining("sealed-value-that-must-not-be-logged");
    }
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void installation_survivesRestart(DatabaseKind kind) {
    DatabaseConfig config = configOf(kind.create());
    Installation created;
    try (Database database = Database.open(config, new SimpleMeterRegistry())) {
      created = Installation.ensure(database.jdbi(), CLOCK);
    }

    try (Database reopened = Database.open(config, new SimpleMeterRegistry())) {
      Installation read = Installation.ensure(reopened.jdbi(), Clock.systemUTC());

      assertThat(read).isEqualTo(created);
      assertThat(read.createdAt()).isEqualTo(CLOCK.instant().truncatedTo(ChronoUnit.MICROS));
    }
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void installation_concurrentFirstStarts_agreeOnOneIdentity(DatabaseKind kind) throws Exception {
    try (Database database = Database.open(configOf(kind.create()), new SimpleMeterRegistry());
        ExecutorService pool = Executors.newFixedThreadPool(8)) {
      Callable<Installation> ensure = () -> Installation.ensure(database.jdbi(), CLOCK);
      List<Future<Installation>> results =
          pool.invokeAll(IntStream.range(0, 8).mapToObj(i -> ensure).toList());

      Set<Installation> distinct =
          results.stream().map(DatabaseIT::await).collect(Collectors.toSet());
      assertThat(distinct).hasSize(1);
      int rows =
          database
              .jdbi()
              .withHandle(
                  h ->
                      h.createQuery("SELECT COUNT(*) FROM installation")
                          .mapTo(Integer.class)
                          .one());
      assertThat(rows).isEqualTo(1);
    }
  }

  @Test
  void open_nothingListening_failsNamingHostAndPort() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    DatabaseConfig config =
        new DatabaseConfig(
            "jdbc:postgresql://127.0.0.1:" + port + "/gatehouse", "u", "p", Duration.ofSeconds(2));

    assertThatThrownBy(() -> Database.open(config, new SimpleMeterRegistry()))
        .isInstanceOf(DatabaseUnavailableException.class)
        .hasMessage(
            "cannot use the database at 127.0.0.1:"
                + port
                + "/gatehouse: connection refused (is the database running and listening there?)");
  }

  @Test
  void open_wrongPassword_failsWithoutShowingIt() {
    TestDatabase database = PostgresServer.shared().createDatabase();
    DatabaseConfig config =
        new DatabaseConfig(
            database.jdbcUrl(), database.user(), "not-the-password", Duration.ofSeconds(5));

    assertThatThrownBy(() -> Database.open(config, new SimpleMeterRegistry()))
        .isInstanceOf(DatabaseUnavailableException.class)
        .hasMessageEndingWith(": login refused for user 'postgres'")
        .hasMessageNotContaining("not-the-password");
  }

  @Test
  void open_missingDatabase_saysSo() {
    PostgresServer postgres = PostgresServer.shared();
    DatabaseConfig config =
        new DatabaseConfig(
            postgres.jdbcUrl("no_such_db"),
            PostgresServer.SUPERUSER,
            postgres.password(),
            Duration.ofSeconds(5));

    assertThatThrownBy(() -> Database.open(config, new SimpleMeterRegistry()))
        .isInstanceOf(DatabaseUnavailableException.class)
        .hasMessage(
            "cannot use the database at 127.0.0.1:"
                + postgres.port()
                + "/no_such_db: the database does not exist");
  }

  private static DatabaseConfig configOf(TestDatabase database) {
    return new DatabaseConfig(
        database.jdbcUrl(), database.user(), database.password(), Duration.ofSeconds(10));
  }

  private static List<String> appliedVersions(Database database) {
    return database
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"success\" AND \"type\" = 'SQL' ORDER BY"
                            + " \"installed_rank\"")
                    .mapTo(String.class)
                    .list());
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.get();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
