package io.gatehouse.deploy.oidc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.deploy.audit.AuditLog;
import io.gatehouse.deploy.keys.Envelope;
import io.gatehouse.deploy.keys.MasterKeys;
import io.gatehouse.deploy.keys.SealedValueException;
import io.gatehouse.deploy.persistence.Database;
import io.gatehouse.deploy.persistence.DatabaseConfig;
import io.gatehouse.deploy.secret.MasterKeyRotation;
import io.gatehouse.testing.DatabaseKind;
import io.gatehouse.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The signing keys on a real database, with the time and the refresh ticker under control. */
class SigningKeysIT {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final IssuerSettings SETTINGS = IssuerSettings.defaults();

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
  private final byte[] masterKey = MasterKeys.generate(RANDOM);
  private Database database;

  private void open(DatabaseKind kind) {
    TestDatabase db = kind.create();
    database =
        Database.open(
            new DatabaseConfig(db.jdbcUrl(), db.user(), db.password(), Duration.ofSeconds(10)),
            new SimpleMeterRegistry());
  }

  @AfterEach
  void close() {
    if (database != null) {
      database.close();
    }
  }

  private SigningKeys keys(AtomicLong ticker) {
    return keys(ticker, masterKey);
  }

  private SigningKeys keys(AtomicLong ticker, byte[] key) {
    return SigningKeys.open(
        database.jdbi(),
        new Envelope(MasterKeys.of(key, List.of()), RANDOM),
        clock,
        RANDOM,
        new AuditLog(clock),
        SETTINGS,
        ticker::get);
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void open_replicasStartingAtOnce_createOneKeySet(DatabaseKind kind) throws Exception {
    open(kind);
    List<Callable<Map<SigningAlgorithm, String>>> replicas = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      replicas.add(() -> keys(new AtomicLong()).activeKids());
    }

    List<Map<SigningAlgorithm, String>> kids = new ArrayList<>();
    try (ExecutorService executor = Executors.newFixedThreadPool(4)) {
      for (Future<Map<SigningAlgorithm, String>> future : executor.invokeAll(replicas)) {
        kids.add(future.get());
      }
    }

    assertThat(kids).hasSize(4).allSatisfy(k -> assertThat(k).isEqualTo(kids.getFirst()));
    assertThat(states())
        .containsExactlyInAnyOrder("ES256 active", "ES256 next", "RS256 active", "RS256 next");
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void maintain_rotationPeriodPassed_rotatesOnceAndKeepsRetiredKeyUntilItsTokensExpired(
      DatabaseKind kind) throws Exception {
    open(kind);
    AtomicLong ticker = new AtomicLong();
    SigningKeys keys = keys(ticker);
    String first = keys.activeKids().get(SigningAlgorithm.ES256);
    String next = nextKid(SigningAlgorithm.ES256);

    clock.advance(SETTINGS.rotationPeriod().minusSeconds(1));
    assertThat(keys.maintain().steps()).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    SigningKeys.Rotation rotation = keys.maintain();
    assertThat(keys.maintain().steps()).isEmpty();

    assertThat(rotation.steps()).hasSize(2);
    assertThat(rotation.steps().getFirst().kid()).isEqualTo(next);
    assertThat(rotation.steps().getFirst().retiring()).containsExactly(first);
    assertThat(keys.activeKids().get(SigningAlgorithm.ES256)).isEqualTo(next);
    assertThat(jwksKids(keys)).contains(first, next).hasSize(6);

    clock.advance(
        SigningKeys.MAX_TOKEN_LIFETIME.plus(SigningKeys.RETENTION_MARGIN).minusSeconds(1));
    keys.maintain();
    assertThat(jwksKids(keys)).contains(first);
    clock.advance(Duration.ofSeconds(2));
    keys.maintain();
    assertThat(jwksKids(keys)).doesNotContain(first).contains(next).hasSize(4);
    assertThat(states()).hasSize(4).doesNotContain("ES256 retired");
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void rotate_onAnotherReplica_learnedAfterTheRefreshInterval(DatabaseKind kind) {
    open(kind);
    AtomicLong tickerA = new AtomicLong();
    SigningKeys a = keys(tickerA);
    SigningKeys b = keys(new AtomicLong());
    String before = a.activeKids().get(SigningAlgorithm.RS256);

    SigningKeys.Rotation rotation = b.rotate("admin");
    String after = rotation.steps().get(1).kid();

    assertThat(b.activeKids().get(SigningAlgorithm.RS256)).isEqualTo(after);
    assertThat(a.activeKids().get(SigningAlgorithm.RS256)).isEqualTo(before);
    tickerA.addAndGet(SETTINGS.refreshInterval().toNanos());
    assertThat(a.activeKids().get(SigningAlgorithm.RS256)).isEqualTo(after);
    String signed = a.active(SigningAlgorithm.RS256).sign("{}".getBytes(UTF_8));
    assertThat(
            new String(
                Base64.getUrlDecoder().decode(signed.substring(0, signed.indexOf('.'))), UTF_8))
        .contains("\"kid\":\"" + after + "\"");
  }

  @Test
  void open_otherMasterKey_failsWithoutUsingTheKeys() {
    open(DatabaseKind.H2);
    keys(new AtomicLong());

    assertThatThrownBy(() -> keys(new AtomicLong(), MasterKeys.generate(RANDOM)))
        .isInstanceOf(SealedValueException.class);
  }

  @Test
  void open_previousMasterKeyGiven_stillOpensTheKeys() {
    open(DatabaseKind.H2);
    Map<SigningAlgorithm, String> kids = keys(new AtomicLong()).activeKids();
    byte[] newKey = MasterKeys.generate(RANDOM);

    SigningKeys reopened =
        SigningKeys.open(
            database.jdbi(),
            new Envelope(MasterKeys.of(newKey, List.of(masterKey)), RANDOM),
            clock,
            RANDOM,
            new AuditLog(clock),
            SETTINGS,
            System::nanoTime);

    assertThat(reopened.activeKids()).isEqualTo(kids);
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void rotateMaster_signingKeysRewrapped_openWithTheNewKeyAlone(DatabaseKind kind) {
    open(kind);
    Map<SigningAlgorithm, String> kids = keys(new AtomicLong()).activeKids();
    byte[] newKey = MasterKeys.generate(RANDOM);
    MasterKeyRotation rotation =
        new MasterKeyRotation(
            database.jdbi(),
            new Envelope(MasterKeys.of(newKey, List.of(masterKey)), RANDOM),
            List.of(new MasterKeyRotation.Target("signing_keys", "id", "private_key")),
            MasterKeyRotation.DEFAULT_BATCH);

    rotation.checkSchema();
    rotation.rotate();

    assertThat(keys(new AtomicLong(), newKey).activeKids()).isEqualTo(kids);
    assertThatThrownBy(() -> keys(new AtomicLong(), masterKey))
        .isInstanceOf(SealedValueException.class);
  }

  private List<String> states() {
    return database
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT algorithm, state FROM signing_keys")
                    .map((rs, ctx) -> rs.getString(1) + " " + rs.getString(2))
                    .list());
  }

  private String nextKid(SigningAlgorithm algorithm) {
    return database
        .jdbi()
        .withHandle(
            h -> SigningKeyStore.inState(h, algorithm, SigningKeyStore.NEXT).getFirst().kid());
  }

  private static List<String> jwksKids(SigningKeys keys) throws Exception {
    List<String> kids = new ArrayList<>();
    for (JsonNode key : JSON.readTree(keys.jwks().body()).path("keys")) {
      kids.add(key.path("kid").asText());
    }
    return kids;
  }

  /** A clock that moves only when told. */
  private static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
