package io.gatehouse.deploy.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.deploy.server.ControlPlaneSettings;
import io.gatehouse.deploy.server.ServerFixture;
import io.gatehouse.testing.DatabaseKind;
import io.gatehouse.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AccessIT {
  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void tokens_createdOnce_storedOnlyAsHash(DatabaseKind kind) throws Exception {
    TestDatabase database = kind.create();
    try (ServerFixture fixture = ServerFixture.start(database)) {
      ApiCalls api = new ApiCalls(fixture);
      ApiCalls.Answer created =
          api.post(fixture.adminToken(), "/api/v1/tokens", ApiCalls.json("name", "laptop"));

      assertThat(created.status()).isEqualTo(201);
      String token = created.body().path("token").asText();
      assertThat(token).matches("gth_[A-Za-z0-9_-]{43}");
      assertThat(created.body().path("expiresAt").isNull()).isTrue();

      ApiCalls.Answer listed = api.get(token, "/api/v1/tokens");
      assertThat(listed.status()).isEqualTo(200);
      assertThat(listed.raw().body()).doesNotContain(token).doesNotContain("\"token\"");
      assertThat(listed.body().path("tokens")).hasSize(2);

      try (Connection connection = ApiCalls.connect(database);
          Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT token_hash FROM api_tokens")) {
        List<String> hashes = new ArrayList<>();
        while (rows.next()) {
          hashes.add(rows.getString(1));
        }
        assertThat(hashes).contains(ApiTokens.hash(token)).doesNotContain(token);
      }
      ApiCalls.Answer whoami = api.get(token, "/api/v1/whoami");
      assertThat(whoami.body().path("name").asText()).isEqualTo("admin");
      assertThat(whoami.body().path("admin").asBoolean()).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void revoke_ownToken_refusedAtOnce(DatabaseKind kind) {
    try (ServerFixture fixture = ServerFixture.start(kind.create())) {
      ApiCalls api = new ApiCalls(fixture);
      String token = api.userWithToken("alice", false);
      assertThat(api.get(token, "/api/v1/whoami").status()).isEqualTo(200);
      long id = api.get(token, "/api/v1/tokens").body().path("tokens").get(0).path("id").asLong();

      ApiCalls.Answer revoked = api.delete(token, "/api/v1/tokens/" + id);

      assertThat(revoked.status()).isEqualTo(204);
      ApiCalls.Answer after = api.get(token, "/api/v1/whoami");
      assertThat(after.status()).isEqualTo(401);
      assertThat(after.message()).contains("revoked");
      assertThat(after.raw().headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    }
  }

  @Test
  void revoke_someoneElsesToken_notFoundForNonAdmin() {
    try (ServerFixture fixture = ServerFixture.start(DatabaseKind.H2.create())) {
      ApiCalls api = new ApiCalls(fixture);
      String alice = api.userWithToken("alice", false);
      String bob = api.userWithToken("bob", false);
      long aliceToken =
          api.get(alice, "/api/v1/tokens").body().path("tokens").get(0).path("id").asLong();

      assertThat(api.delete(bob, "/api/v1/tokens/" + aliceToken).status()).isEqualTo(404);
      assertThat(api.delete(bob, "/api/v1/tokens/nonsense").status()).isEqualTo(404);
      assertThat(api.get(alice, "/api/v1/whoami").status()).isEqualTo(200);
      assertThat(api.delete(fixture.adminToken(), "/api/v1/tokens/" + aliceToken).status())
          .isEqualTo(204);
      assertThat(api.get(alice, "/api/v1/whoami").status()).isEqualTo(401);
    }
  }

  @Test
  void token_afterExpiry_unauthenticated() {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    TestDatabase database = DatabaseKind.H2.create();
    try (ServerFixture fixture =
        ServerFixture.start(
            ServerFixture.configFor(database), ControlPlaneSettings.defaults(), List.of(), clock)) {
      ApiCalls api = new ApiCalls(fixture);
      ApiCalls.Answer created =
          api.post(
              fixture.adminToken(),
              "/api/v1/tokens",
              ApiCalls.json("name", "short", "expiresIn", "1h"));
      assertThat(created.body().path("expiresAt").asText()).isEqualTo("2026-11-22T11:00:00Z");
      String token = created.body().path("token").asText();
      assertThat(api.get(token, "/api/v1/whoami").status()).isEqualTo(200);

      clock.advance(Duration.ofHours(1));

      ApiCalls.Answer expired = api.get(token, "/api/v1/whoami");
      assertThat(expired.status()).isEqualTo(401);
      assertThat(expired.message()).contains("expired");
    }
  }

  @Test
  void authenticate_badHeaders_unauthenticatedWithoutEchoingToken() {
    try (ServerFixture fixture = ServerFixture.start(DatabaseKind.H2.create())) {
      ApiCalls api = new ApiCalls(fixture);
      String unknown = "gth_" + "A".repeat(43);
      for (String token : List.of(unknown, "not-a-token", "gth_short")) {
        ApiCalls.Answer answer = api.get(token, "/api/v1/whoami");
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.code()).isEqualTo("unauthenticated");
        assertThat(answer.raw().body()).doesNotContain(token);
        assertThat(answer.raw().headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
      }
      ApiCalls.Answer missing = api.get(null, "/api/v1/whoami");
      assertThat(missing.status()).isEqualTo(401);
      assertThat(missing.message()).contains("required");
      ApiCalls.Answer basic =
          api.raw(
              java.net.http.HttpRequest.newBuilder(fixture.uri("/api/v1/whoami"))
                  .header("Authorization", "Basic YWRtaW46YWRtaW4=")
                  .build());
      assertThat(basic.status()).isEqualTo(401);
    }
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void users_adminOnly_listedWithTeams(DatabaseKind kind) {
    try (ServerFixture fixture = ServerFixture.start(kind.create())) {
      ApiCalls api = new ApiCalls(fixture);
      String alice = api.userWithToken("alice", false);

      assertThat(api.get(alice, "/api/v1/users").status()).isEqualTo(403);
      assertThat(api.post(alice, "/api/v1/users", ApiCalls.json("name", "eve")).status())
          .isEqualTo(403);
      assertThat(api.post(alice, "/api/v1/users/admin/tokens", ApiCalls.json("name", "x")).status())
          .isEqualTo(403);
      ApiCalls.Answer users = api.get(fixture.adminToken(), "/api/v1/users");
      assertThat(users.status()).isEqualTo(200);
      assertThat(users.body().path("users").findValuesAsText("name"))
          .containsExactly("admin", "alice");
      ApiCalls.Answer duplicate =
          api.post(fixture.adminToken(), "/api/v1/users", ApiCalls.json("name", "alice"));
      assertThat(duplicate.status()).isEqualTo(409);
      assertThat(api.get(alice, "/api/v1/teams").status()).isEqualTo(200);
    }
  }

  @Test
  void endpoints_badInput_clearErrorsAndNoChange() {
    try (ServerFixture fixture = ServerFixture.start(DatabaseKind.H2.create())) {
      ApiCalls api = new ApiCalls(fixture);
      String admin = fixture.adminToken();

      ApiCalls.Answer malformed = api.post(admin, "/api/v1/users", "{\"name\":");
      assertThat(malformed.status()).isEqualTo(400);
      assertThat(malformed.message()).contains("malformed");
      ApiCalls.Answer unknown =
          api.post(admin, "/api/v1/users", ApiCalls.json("name", "bob", "role", "x"));
      assertThat(unknown.status()).isEqualTo(400);
      assertThat(unknown.message()).contains("unknown field 'role'");
      ApiCalls.Answer wrongType =
          api.post(admin, "/api/v1/users", ApiCalls.json("name", List.of("bob")));
      assertThat(wrongType.status()).isEqualTo(400);
      assertThat(wrongType.message()).contains("'name'");
      ApiCalls.Answer wrongFlag =
          api.post(admin, "/api/v1/users", ApiCalls.json("name", "bob", "admin", "yes"));
      assertThat(wrongFlag.status()).isEqualTo(400);
      assertThat(wrongFlag.message()).contains("'admin'");
      ApiCalls.Answer badName = api.post(admin, "/api/v1/users", ApiCalls.json("name", "Bob!"));
      assertThat(badName.status()).isEqualTo(400);
      ApiCalls.Answer badExpiry =
          api.post(admin, "/api/v1/tokens", ApiCalls.json("name", "x", "expiresIn", "forever"));
      assertThat(badExpiry.status()).isEqualTo(400);
      assertThat(badExpiry.message()).contains("expiresIn");
      ApiCalls.Answer noName = api.post(admin, "/api/v1/tokens", "{}");
      assertThat(noName.status()).isEqualTo(400);
      ApiCalls.Answer oversized =
          api.post(admin, "/api/v1/tokens", ApiCalls.json("name", "x".repeat(1 << 20)));
      assertThat(oversized.status()).isEqualTo(413);
      ApiCalls.Answer notJson =
          api.send(admin, "POST", "/api/v1/users", Optional.of("name=bob"), "text/plain");
      assertThat(notJson.status()).isEqualTo(415);

      assertThat(api.get(admin, "/api/v1/users").body().path("users")).hasSize(1);
      assertThat(api.get(admin, "/api/v1/tokens").body().path("tokens")).hasSize(1);
    }
  }

  /** A clock tests move by hand. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
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
