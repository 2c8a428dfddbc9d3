package io.gatehouse.deploy.keys;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.deploy.persistence.Database;
import io.gatehouse.deploy.persistence.DatabaseConfig;
import io.gatehouse.testing.DatabaseKind;
import io.gatehouse.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MasterKeyCheckIT {
  private static final SecureRandom RANDOM = new SecureRandom();

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void verify_sameKeyOrPreviousKey_passesAndOtherKeyFails(DatabaseKind kind) {
    byte[] first = MasterKeys.generate(RANDOM);
    byte[] second = MasterKeys.generate(RANDOM);
    TestDatabase db = kind.create();
    try (Database database =
        Database.open(
            new DatabaseConfig(db.jdbcUrl(), db.user(), db.password(), Duration.ofSeconds(10)),
            new SimpleMeterRegistry())) {
      Clock clock = Clock.systemUTC();
      MasterKeyCheck.verify(database.jdbi(), envelope(first), clock);

      assertThatCode(() -> MasterKeyCheck.verify(database.jdbi(), envelope(first), clock))
          .doesNotThrowAnyException();
      assertThatCode(
              () ->
                  MasterKeyCheck.verify(
                      database.jdbi(),
                      new Envelope(MasterKeys.of(second, List.of(first)), RANDOM),
                      clock))
          .doesNotThrowAnyException();
      assertThatThrownBy(() -> MasterKeyCheck.verify(database.jdbi(), envelope(second), clock))
          .isInstanceOf(MasterKeyMismatchException.class)
          .hasMessageContaining("the master key does not open this database's sealed data")
          .hasMessageContaining("GATEHOUSE_MASTER_KEY");
    }
  }

  private static Envelope envelope(byte[] key) {
    return new Envelope(MasterKeys.of(key, List.of()), RANDOM);
  }
}
