package io.gatehouse.deploy.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.deploy.access.ApiCalls;
import io.gatehouse.deploy.keys.Envelope;
import io.gatehouse.deploy.keys.MasterKeyMismatchException;
import io.gatehouse.deploy.keys.MasterKeys;
import io.gatehouse.deploy.persistence.Database;
import io.gatehouse.deploy.persistence.DatabaseConfig;
import io.gatehouse.testing.DatabaseKind;
import io.gatehouse.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MasterKeyRotationIT {
  private static final SecureRandom RANDOM = new SecureRandom();

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void start_wrongMasterKey_failsWithClearMessage(DatabaseKind kind) {
    TestDatabase database = kind.create();
    byte[] right = SecretWorld.newKey();
    byte[] wrong = SecretWorld.newKey();
    String admin;
    try (SecretWorld world = SecretWorld.create(database, SecretWorld.keys(right))) {
      assertThat(world.putSecret(world.maint, "DB_PASSWORD", "pw").status()).isEqualTo(201);
      admin = world.admin;
    }

    assertThatThrownBy(() -> SecretWorld.start(database, SecretWorld.keys(wrong), admin))
        .isInstanceOf(MasterKeyMismatchException.class)
        .hasMessageContaining("the master key does not open this database's sealed data")
        .hasMessageContaining("GATEHOUSE_MASTER_KEY")
        .message()
        .doesNotContain(Base64.getEncoder().encodeToString(right))
        .doesNotContain(Base64.getEncoder().encodeToString(wrong));
    try (SecretWorld again = SecretWorld.start(database, SecretWorld.keys(right), admin)) {
      assertThat(again.api.get(admin, SecretWorld.PROD + "/secrets").status()).isEqualTo(200);
    }
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void rotateMaster_withPreviousKey_rewrapsEveryValueThenOldKeyIsNotNeeded(DatabaseKind kind)
      throws Exception {
    TestDatabase database = kind.create();
    byte[] oldKey = SecretWorld.newKey();
    byte[] newKey = SecretWorld.newKey();
    String admin;
    String job;
    long deployment;
    try (SecretWorld world = SecretWorld.create(database, SecretWorld.keys(oldKey))) {
      admin = world.admin;
      job = world.dev;
      for (String name : List.of("A_SECRET", "B_SECRET", "C_SECRET")) {
        assertThat(
                world
                    .api
                    .put(
                        admin,
                        "/api/v1/projects/shop/environments/dev/secrets/" + name,
                        ApiCalls.json("value", "value of " + name))
                    .status())
            .isEqualTo(201);
      }
      deployment = world.deploy(job, "dev");
    }
    String oldPrint = MasterKeys.of(oldKey, List.of()).primaryFingerprint();
    String newPrint = MasterKeys.of(newKey, List.of()).primaryFingerprint();
    assertThat(sealedPrints(database)).containsOnly(oldPrint).hasSize(4);

    try (SecretWorld world = SecretWorld.start(database, SecretWorld.keys(newKey, oldKey), admin)) {
      assertValuesReleased(world, job, deployment);
      String maint = world.token("maint");
      ApiCalls.Answer refused = world.api.post(maint, "/api/v1/keys/master/rotate", "{}");
      assertThat(refused.status()).isEqualTo(403);
      assertThat(sealedPrints(database)).containsOnly(oldPrint);

      ApiCalls.Answer rotated = world.api.post(admin, "/api/v1/keys/master/rotate", "{}");

      assertThat(rotated.status()).as(rotated.body().toString()).isEqualTo(200);
      JsonNode answer = rotated.body();
      assertThat(answer.path("primary").asText()).isEqualTo(newPrint);
      assertThat(answer.path("rewrapped").asLong()).isEqualTo(4);
      assertThat(answer.path("unreadable").asLong()).isZero();
      assertThat(answer.path("tables").findValuesAsText("table"))
          .containsExactly("environment_secrets", "master_key_check");
      assertThat(answer.path("tables").get(0).path("rewrapped").asLong()).isEqualTo(3);
      assertThat(sealedPrints(database)).containsOnly(newPrint).hasSize(4);
      assertValuesReleased(world, job, deployment);
      ApiCalls.Answer again = world.api.post(admin, "/api/v1/keys/master/rotate", "{}");
      assertThat(again.body().path("rewrapped").asLong()).isZero();
      assertThat(again.body().path("tables").get(0).path("examined").asLong()).isEqualTo(3);
      assertThat(SecretRoutesIT.auditInputs(world, "keys.master.rotate"))
          .hasSize(2)
          .allSatisfy(inputs -> assertThat(inputs).contains(newPrint));
    }

    try (SecretWorld world = SecretWorld.start(database, SecretWorld.keys(newKey), admin)) {
      assertValuesReleased(world, job, deployment);
    }
    assertThatThrownBy(() -> SecretWorld.start(database, SecretWorld.keys(oldKey), admin))
        .isInstanceOf(MasterKeyMismatchException.class);
  }

  @Test
  void rotate_valueUnderUnknownKey_countedUnreadableAndLeftAlone() throws Exception {
    TestDatabase database = DatabaseKind.H2.create();
    byte[] key = SecretWorld.newKey();
    String admin;
    try (SecretWorld world = SecretWorld.create(database, SecretWorld.keys(key))) {
      admin = world.admin;
      assertThat(world.putSecret(world.maint, "GOOD", "good").status()).isEqualTo(201);
    }
    Envelope stranger = new Envelope(MasterKeys.of(SecretWorld.newKey(), List.of()), RANDOM);
    String foreign = stranger.seal("x".getBytes(java.nio.charset.StandardCharsets.UTF_8), "c");
    try (Connection connection = ApiCalls.connect(database);
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO environment_secrets (environment_id, name, name_key, sealed_value,"
                    + " updated_by, created_at, updated_at) SELECT environment_id, 'FOREIGN',"
                    + " 'FOREIGN', ?, 'test', created_at, updated_at FROM environment_secrets")) {
      insert.setString(1, foreign);
      assertThat(insert.executeUpdate()).isEqualTo(1);
    }

    try (SecretWorld world =
        SecretWorld.start(database, SecretWorld.keys(SecretWorld.newKey(), key), admin)) {
      ApiCalls.Answer rotated = world.api.post(admin, "/api/v1/keys/master/rotate", "{}");

      assertThat(rotated.status()).isEqualTo(200);
      assertThat(rotated.body().path("rewrapped").asLong()).isEqualTo(2);
      assertThat(rotated.body().path("unreadable").asLong()).isEqualTo(1);
    }
    try (Connection connection = ApiCalls.connect(database);
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT sealed_value FROM environment_secrets WHERE name = 'FOREIGN'")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).isEqualTo(foreign);
    }
  }

  @Test
  void rotate_moreRowsThanABatch_rewrapsThemAll() throws Exception {
    TestDatabase database = DatabaseKind.POSTGRESQL.create();
    byte[] oldKey = SecretWorld.newKey();
    try (SecretWorld world = SecretWorld.create(database, SecretWorld.keys(oldKey))) {
      for (int i = 0; i < 7; i++) {
        assertThat(world.putSecret(world.maint, "S" + i, "v" + i).status()).isEqualTo(201);
      }
    }
    byte[] newKey = SecretWorld.newKey();
    Envelope envelope = new Envelope(MasterKeys.of(newKey, List.of(oldKey)), RANDOM);
    try (Database db =
        Database.open(
            new DatabaseConfig(
                database.jdbcUrl(), database.user(), database.password(), Duration.ofSeconds(10)),
            new SimpleMeterRegistry())) {
      MasterKeyRotation rotation =
          new MasterKeyRotation(
              db.jdbi(),
              envelope,
              List.of(new MasterKeyRotation.Target("environment_secrets", "id", "sealed_value")),
              2);
      rotation.checkSchema();

      List<MasterKeyRotation.Outcome> outcomes = rotation.rotate();

      assertThat(outcomes)
          .containsExactly(
              new MasterKeyRotation.Outcome("environment_secrets", "sealed_value", 7, 7, 0, 0));
      byte[] opened =
          db.jdbi()
              .withHandle(
                  h ->
                      envelope.open(
                          h.createQuery(
                                  "SELECT s.sealed_value FROM environment_secrets s WHERE"
                                      + " s.name = 'S6'")
                              .mapTo(String.class)
                              .one(),
                          "secret:"
                              + h.createQuery(
                                      "SELECT environment_id FROM environment_secrets WHERE"
                                          + " name = 'S6'")
                                  .mapTo(Long.class)
                                  .one()
                              + ":S6"));
      assertThat(new String(opened, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("v6");
      assertThatThrownBy(
              () ->
                  new MasterKeyRotation(
                          db.jdbi(),
                          envelope,
                          List.of(new MasterKeyRotation.Target("no_such_table", "id", "sealed")),
                          2)
                      .checkSchema())
          .hasMessage("master key rotation: no column no_such_table.id");
    }
    assertThat(sealedPrints(database))
        .containsOnly(
            MasterKeys.of(newKey, List.of()).primaryFingerprint(),
            MasterKeys.of(oldKey, List.of()).primaryFingerprint());
  }

  @Test
  void target_notAPlainIdentifier_refused() {
    assertThatThrownBy(() -> new MasterKeyRotation.Target("secrets; DROP TABLE x", "id", "v"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MasterKeyRotation.Target("t", "\"id\"", "v"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void assertValuesReleased(SecretWorld world, String job, long deployment) {
    ApiCalls.Answer released = world.secretsOf(job, deployment);
    assertThat(released.status()).as(released.body().toString()).isEqualTo(200);
    assertThat(released.body().path("secrets").path("B_SECRET").asText())
        .isEqualTo("value of B_SECRET");
    assertThat(released.body().path("secrets").size()).isEqualTo(3);
  }

  /** The master key fingerprint of every sealed value: secrets and the check row. */
  private static List<String> sealedPrints(TestDatabase database) throws Exception {
    List<String> prints = new ArrayList<>();
    try (Connection connection = ApiCalls.connect(database);
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT sealed_value FROM environment_secrets"
                    + " UNION ALL SELECT sealed FROM master_key_check")) {
      while (rows.next()) {
        prints.add(Envelope.fingerprintOf(rows.getString(1)));
      }
    }
    return prints;
  }
}
