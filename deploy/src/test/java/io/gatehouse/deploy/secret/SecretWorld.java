package io.gatehouse.deploy.secret;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.deploy.access.ApiCalls;
import io.gatehouse.deploy.keys.MasterKeys;
import io.gatehouse.deploy.server.ControlPlaneSettings;
import io.gatehouse.deploy.server.ServerFixture;
import io.gatehouse.testing.TestDatabase;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;

/**
 * A real server with project {@code shop} (environments {@code prod}, one approval from team {@code
 * security}, and {@code dev}, no rules) and project {@code other}; users {@code maint} (maintainer
 * of shop), {@code dev} (deployer of shop), {@code sec} (reviewer) and {@code outsider} (deployer
 * of other only), each with an API token.
 */
final class SecretWorld implements AutoCloseable {
  static final String SHA = "4f9c1e0b6d2a8e7f3c5b9a1d0e2f4a6b8c0d2e4f";
  static final String DOCUMENT =
      """
      version: 1
      users: [{name: maint}, {name: dev}, {name: sec}, {name: outsider}]
      teams:
        - {name: security, members: [sec]}
      projects:
        - name: shop
          maintainers: {users: [maint]}
          deployers: {users: [dev]}
          environments:
            - name: prod
              reviewers: [{team: security, minimum: 1}]
            - name: dev
        - name: other
          deployers: {users: [outsider]}
          environments:
            - name: prod
      """;
  static final String PROD = "/api/v1/projects/shop/environments/prod";

  final TestDatabase database;
  final ServerFixture server;
  final ApiCalls api;
  final String admin;
  String maint;
  String dev;
  String sec;
  String outsider;

  private SecretWorld(TestDatabase database, ServerFixture server) {
    this.database = database;
    this.server = server;
    this.api = new ApiCalls(server);
    this.admin = server.adminToken();
  }

  /** A fresh world on this database with these master keys. */
  static SecretWorld create(TestDatabase database, MasterKeys keys) {
    SecretWorld world = start(database, keys, randomToken());
    ApiCalls.Answer applied =
        world.api.post(
            world.admin, "/api/v1/apply", ApiCalls.json("document", DOCUMENT, "dryRun", false));
    assertThat(applied.status()).as(applied.body().toString()).isEqualTo(200);
    world.maint = world.token("maint");
    world.dev = world.token("dev");
    world.sec = world.token("sec");
    world.outsider = world.token("outsider");
    return world;
  }

  /** A server on a database that has a world already, with the admin token of its first start. */
  static SecretWorld start(TestDatabase database, MasterKeys keys, String adminToken) {
    ControlPlaneSettings settings =
        ControlPlaneSettings.defaults().withMasterKeys(keys).withBootstrapAdminToken(adminToken);
    return new SecretWorld(
        database,
        ServerFixture.start(
            ServerFixture.configFor(database), settings, List.of(), Clock.systemUTC()));
  }

  static MasterKeys keys(byte[] primary, byte[]... previous) {
    return MasterKeys.of(primary, List.of(previous));
  }

  static byte[] newKey() {
    return MasterKeys.generate(new SecureRandom());
  }

  /** A new API token of this user. */
  String token(String user) {
    ApiCalls.Answer token =
        api.post(admin, "/api/v1/users/" + user + "/tokens", ApiCalls.json("name", "t"));
    assertThat(token.status()).as(token.body().toString()).isEqualTo(201);
    return token.body().path("token").asText();
  }

  ApiCalls.Answer putSecret(String token, String name, String value) {
    return api.put(token, PROD + "/secrets/" + name, ApiCalls.json("value", value));
  }

  ApiCalls.Answer putVariable(String token, String name, String value) {
    return api.put(token, PROD + "/variables/" + name, ApiCalls.json("value", value));
  }

  /** Requests a deployment with this token; its id. */
  long deploy(String token, String environment) {
    ApiCalls.Answer created =
        api.post(
            token,
            "/api/v1/deployments",
            ApiCalls.json(
                "project",
                "shop",
                "environment",
                environment,
                "ref",
                "refs/heads/main",
                "sha",
                SHA,
                "images",
                List.of(),
                "description",
                "",
                "payload",
                java.util.Map.of()));
    assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
    return created.body().path("id").asLong();
  }

  void approve(long id) {
    ApiCalls.Answer approved =
        api.post(
            sec,
            "/api/v1/deployments/" + id + "/reviews",
            ApiCalls.json("decision", "approve", "comment", "ok"));
    assertThat(approved.status()).as(approved.body().toString()).isEqualTo(200);
  }

  void report(String token, long id, String state) {
    ApiCalls.Answer reported =
        api.post(token, "/api/v1/deployments/" + id + "/status", ApiCalls.json("state", state));
    assertThat(reported.status()).as(reported.body().toString()).isEqualTo(200);
  }

  ApiCalls.Answer secretsOf(String token, long id) {
    return api.get(token, "/api/v1/deployments/" + id + "/secrets");
  }

  private static String randomToken() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return "gth_" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  @Override
  public void close() {
    server.close();
  }
}
