package io.gatehouse.deploy.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.deploy.persistence.Database;
import io.gatehouse.deploy.persistence.DatabaseConfig;
import io.gatehouse.testing.DatabaseKind;
import io.gatehouse.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GateCallbacksIT {
  private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void issue_aWeekAfterExpiry_prunesOnlyLongExpiredCallbacks(DatabaseKind kind) {
    TestDatabase db = kind.create();
    try (Database database =
        Database.open(
            new DatabaseConfig(db.jdbcUrl(), db.user(), db.password(), Duration.ofSeconds(10)),
            new SimpleMeterRegistry())) {
      GateCallbacks callbacks = new GateCallbacks(database.jdbi());
      callbacks.issue(1, "old", 1, T0, T0.plus(Duration.ofHours(1)));
      Instant recent = T0.plus(Duration.ofDays(7));
      callbacks.issue(2, "recent", 1, recent, recent.plus(Duration.ofHours(1)));
      Instant now = T0.plus(Duration.ofDays(8).plusHours(2));

      callbacks.issue(3, "new", 1, now, now.plus(Duration.ofHours(1)));

      assertThat(callbacks.latest(1, "old")).isEmpty();
      assertThat(callbacks.latest(2, "recent")).isPresent();
      assertThat(callbacks.latest(3, "new")).isPresent();
    }
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void pruneIfDue_withinTheHour_doesNotRunAgain(DatabaseKind kind) {
    TestDatabase db = kind.create();
    try (Database database =
        Database.open(
            new DatabaseConfig(db.jdbcUrl(), db.user(), db.password(), Duration.ofSeconds(10)),
            new SimpleMeterRegistry())) {
      GateCallbacks callbacks = new GateCallbacks(database.jdbi());
      Instant now = T0.plus(Duration.ofDays(30));
      callbacks.issue(9, "fresh", 1, now, now.plus(Duration.ofHours(1)));
      callbacks.issue(1, "old", 1, T0, T0.plus(Duration.ofHours(1)));

      callbacks.pruneIfDue(now.plus(Duration.ofMinutes(30)));
      assertThat(callbacks.latest(1, "old")).isPresent();

      callbacks.pruneIfDue(now.plus(Duration.ofMinutes(61)));
      assertThat(callbacks.latest(1, "old")).isEmpty();
    }
  }
}
