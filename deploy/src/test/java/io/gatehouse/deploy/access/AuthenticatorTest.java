package io.gatehouse.deploy.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.deploy.persistence.Database;
import io.gatehouse.deploy.persistence.DatabaseConfig;
import io.gatehouse.deploy.server.ApiException;
import io.gatehouse.testing.DatabaseKind;
import io.gatehouse.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

  private Database database;
  private final AtomicLong ticks = new AtomicLong();
  private Authenticator authenticator;
  private ApiTokens tokens;
  private long tokenId;
  private String token;

  @BeforeEach
  void setUp() {
    TestDatabase test = DatabaseKind.H2.create();
    database =
        Database.open(
            new DatabaseConfig(
                test.jdbcUrl(),
                test.user(),
                test.password(),
                DatabaseConfig.DEFAULT_CONNECT_TIMEOUT),
            new SimpleMeterRegistry());
    tokens = new ApiTokens(CLOCK, new SecureRandom());
    Users users = new Users(CLOCK);
    ApiTokens.CreatedToken created =
        database
            .jdbi()
            .inTransaction(
                handle ->
                    tokens.create(
                        handle, users.create(handle, "alice", false).id(), "t", Optional.empty()));
    tokenId = created.id();
    token = created.token();
    authenticator = new Authenticator(database.jdbi(), CLOCK, ticks::get);
  }

  @AfterEach
  void tearDown() {
    database.close();
  }

  @Test
  void authenticate_validToken_principal() {
    Principal principal = authenticator.authenticate(Optional.of("Bearer " + token));
    assertThat(principal.name()).isEqualTo("alice");
    assertThat(principal.admin()).isFalse();
    assertThat(authenticator.authenticate(Optional.of("bearer " + token))).isEqualTo(principal);
  }

  @Test
  void authenticate_revokedElsewhere_cachedForAtMostOneSecond() {
    authenticator.authenticate(Optional.of("Bearer " + token));
    database.jdbi().useHandle(handle -> tokens.revoke(handle, tokenId));

    assertThat(authenticator.authenticate(Optional.of("Bearer " + token)).name())
        .isEqualTo("alice");
    ticks.addAndGet(Authenticator.CACHE_TTL.toNanos());
    assertThatThrownBy(() -> authenticator.authenticate(Optional.of("Bearer " + token)))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("revoked");
  }

  @Test
  void forget_revokedHere_refusedAtOnce() {
    authenticator.authenticate(Optional.of("Bearer " + token));
    database.jdbi().useHandle(handle -> tokens.revoke(handle, tokenId));
    authenticator.forget(tokenId);

    assertThatThrownBy(() -> authenticator.authenticate(Optional.of("Bearer " + token)))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(401));
  }

  @Test
  void authenticate_badHeaders_refusedWithoutToken() {
    for (String header : new String[] {"", "Bearer", "Bearer ", "Token " + token, token}) {
      assertThatThrownBy(() -> authenticator.authenticate(Optional.of(header)))
          .isInstanceOf(ApiException.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token));
    }
    assertThatThrownBy(() -> authenticator.authenticate(Optional.empty()))
        .hasMessageContaining("required");
  }

  @Test
  void hash_isSha256Hex() {
    assertThat(ApiTokens.hash("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(tokens.generate()).matches("gth_[A-Za-z0-9_-]{43}");
  }
}
