package io.gatehouse.deploy.gate;

import static io.gatehouse.deploy.gate.GatesTest.map;
import static io.gatehouse.deploy.gate.GatesTest.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.deploy.persistence.Database;
import io.gatehouse.deploy.persistence.DatabaseConfig;
import io.gatehouse.deploy.project.GateSpec;
import io.gatehouse.images.policy.NamespaceInfo;
import io.gatehouse.images.policy.PolicyFileException;
import io.gatehouse.testing.DatabaseKind;
import io.gatehouse.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StoredImagePolicyIT {
  private static final String TRUST_SHOP =
      "version: 1\nimages:\n  trustedRegistries: [registry.example.com/shop]\n";
  private static final String TRUST_OTHER =
      "version: 1\nimages:\n  trustedRegistries: [other.example.com]\n";

  private static Database open(DatabaseKind kind) {
    TestDatabase db = kind.create();
    return Database.open(
        new DatabaseConfig(
            db.jdbcUrl(), db.user(), db.password(), DatabaseConfig.DEFAULT_CONNECT_TIMEOUT),
        new SimpleMeterRegistry());
  }

  private static void store(Database database, String document, Instant at) {
    database
        .jdbi()
        .useHandle(
            handle -> {
              handle.execute("DELETE FROM image_policy");
              handle
                  .createUpdate(
                      "INSERT INTO image_policy (singleton, document, updated_at) VALUES (1, :d,"
                          + " :at)")
                  .bind("d", document)
                  .bind("at", at)
                  .execute();
            });
  }

  private static boolean allows(StoredImagePolicy stored, String image) {
    return stored
        .get()
        .orElseThrow()
        .evaluate(NamespaceInfo.named("prod"), List.of(image))
        .allowed();
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void get_followsTheStoredDocument(DatabaseKind kind) {
    try (Database database = open(kind)) {
      StoredImagePolicy stored = StoredImagePolicy.on(database.jdbi());
      assertThat(stored.get()).isEmpty();

      store(database, TRUST_SHOP, Instant.parse("2026-11-22T10:00:00Z"));
      assertThat(allows(stored, "registry.example.com/shop/web:1")).isTrue();

      store(database, TRUST_OTHER, Instant.parse("2026-11-22T11:00:00Z"));
      assertThat(allows(stored, "registry.example.com/shop/web:1")).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void get_invalidStoredDocument_throwsAndTheGateFailsSayingSo(DatabaseKind kind) {
    try (Database database = open(kind)) {
      store(database, "version: 1\nimages:\n  trustedRegistries: 7\n", Instant.now());
      StoredImagePolicy stored = StoredImagePolicy.on(database.jdbi());
      GateSpec spec = spec("image-policy", map());

      GateOutcome outcome =
          GateFixtures.gates((p, e, s, i) -> Optional.empty(), stored)
              .gate(spec)
              .evaluate(GateFixtures.context(spec));

      assertThatThrownBy(stored::get).isInstanceOf(PolicyFileException.class);
      assertThat(outcome.status()).isEqualTo(GateOutcome.Status.FAIL);
      assertThat(outcome.detail()).startsWith("the applied image policy is not valid: ");
    }
  }
}
