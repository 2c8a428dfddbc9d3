package io.gatehouse.deploy.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DatabaseConfigTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @Test
  void embedded_dataDir_pointsAtAnH2FileInside() {
    DatabaseConfig config = DatabaseConfig.embedded(Path.of("/var/lib/gatehouse"));

    assertThat(config.url()).isEqualTo("jdbc:h2:file:/var/lib/gatehouse/gatehouse");
    assertThat(config.kind()).isEqualTo(DatabaseKind.H2);
  }

  @Test
  void new_postgresqlUrl_isPostgresql() {
    DatabaseConfig config =
        new DatabaseConfig("jdbc:postgresql://db:5432/gatehouse", "u", "p", TIMEOUT);

    assertThat(config.kind()).isEqualTo(DatabaseKind.POSTGRESQL);
  }

  @Test
  void new_otherDriver_isRefusedNamingTheUrl() {
    assertThatThrownBy(() -> new DatabaseConfig("jdbc:mysql://db/x", "u", "p", TIMEOUT))
        .isInstanceOf(DatabaseConfigException.class)
        .hasMessageContaining("unsupported database URL")
        .hasMessageContaining("jdbc:mysql://db/x");
  }

  @Test
  void new_inMemoryH2_isRefused() {
    assertThatThrownBy(() -> new DatabaseConfig("jdbc:h2:mem:x", "sa", "", TIMEOUT))
        .isInstanceOf(DatabaseConfigException.class);
  }

  @Test
  void new_blankUrl_isRefused() {
    assertThatThrownBy(() -> new DatabaseConfig(" ", "u", "p", TIMEOUT))
        .isInstanceOf(DatabaseConfigException.class)
        .hasMessage("database URL is empty");
  }

  @Test
  void new_timeoutOutOfRange_isRefused() {
    assertThatThrownBy(
            () -> new DatabaseConfig("jdbc:postgresql://db/x", "u", "p", Duration.ofMillis(10)))
        .isInstanceOf(DatabaseConfigException.class)
        .hasMessageContaining("between 1s and");
    assertThatThrownBy(
            () -> new DatabaseConfig("jdbc:postgresql://db/x", "u", "p", Duration.ofHours(1)))
        .isInstanceOf(DatabaseConfigException.class);
  }

  @Test
  void toString_neverShowsThePasswordOrUrlParameters() {
    DatabaseConfig config =
        new DatabaseConfig(
            "jdbc:postgresql://db/x?password=hunter2&ssl=true", "u", "hunter2", TIMEOUT);

    assertThat(config.toString()).doesNotContain("hunter2").contains("jdbc:postgresql://db/x");
  }

  @Test
  void new_unsupportedUrlWithPassword_messageOmitsIt() {
    assertThatThrownBy(
            () -> new DatabaseConfig("jdbc:oracle:thin:@x?password=s3cret", "u", "p", TIMEOUT))
        .hasMessageNotContaining("s3cret");
  }
}
