package io.gatehouse.deploy.oidc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.deploy.access.ApiCalls;
import io.gatehouse.deploy.server.ControlPlaneSettings;
import io.gatehouse.deploy.server.ServerConfig;
import io.gatehouse.deploy.server.ServerFixture;
import io.gatehouse.testing.DatabaseKind;
import io.gatehouse.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Deployment tokens through a real server over HTTP, verified with jose4j (not the library that
 * signs them) through the discovery document and the JWKS, on H2 and PostgreSQL.
 */
class IssuerIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DOCUMENT =
      """
      version: 1
      users:
        - name: deployer
        - name: colleague
        - name: reader
        - name: maintainer
        - name: sec
      projects:
        - name: shop
          maintainers:
            users: [maintainer]
          deployers:
            users: [deployer, colleague]
          environments:
            - name: dev
            - name: prod
              reviewers:
                - users: [sec]
                  minimum: 1
        - name: other
          deployers:
            users: [reader]
          environments:
            - name: dev
      """;

  private ServerFixture server;
  private TestDatabase database;
  private ApiCalls api;

  private void start(DatabaseKind kind, ControlPlaneSettings settings) {
    database = kind.create();
    ServerConfig config = ServerFixture.configFor(database);
    server = ServerFixture.start(config, settings, List.of(), Clock.systemUTC());
    api = new ApiCalls(server);
    ApiCalls.Answer applied =
        api.post(
            server.adminToken(),
            "/api/v1/apply",
            ApiCalls.json("document", DOCUMENT, "dryRun", false));
    assertThat(applied.status()).as("%s", applied.body()).isEqualTo(200);
  }

  private void start(DatabaseKind kind) {
    start(kind, ControlPlaneSettings.defaults());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private String token(String user) {
    ApiCalls.Answer answer =
        api.post(server.adminToken(), "/api/v1/users/" + user + "/tokens", "{\"name\":\"ci\"}");
    assertThat(answer.status()).as("%s", answer.body()).isEqualTo(201);
    return answer.body().path("token").asText();
  }

  private long deploy(String token, String environment) {
    String body =
        ApiCalls.json(
            "project",
            "shop",
            "environment",
            environment,
            "ref",
            "refs/heads/main",
            "sha",
            sha(),
            "images",
            List.of(
                "registry.example.com/shop/web:1.4@sha256:" + "ab".repeat(32),
                "registry.example.com/shop/worker:1.4"));
    ApiCalls.Answer created = api.post(token, "/api/v1/deployments", body);
    assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
    return created.body().path("id").asLong();
  }

  private ApiCalls.Answer issue(String token, long id, String body) {
    return api.post(token, "/api/v1/deployments/" + id + "/token", body);
  }

  private JsonNode discovery() throws Exception {
    HttpResponse<String> response = server.get(IssuerRoutes.DISCOVERY);
    assertThat(response.statusCode()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  /** A jose4j consumer that finds the keys through the discovery document, as relying parties. */
  private JwtConsumer consumer(String audience, String subject) throws Exception {
    JsonNode discovery = discovery();
    String issuer = discovery.path("issuer").asText();
    URI jwks = URI.create(discovery.path("jwks_uri").asText());
    // The JWKS is fetched from this server even when the issuer names a public address.
    URI local = server.uri(jwks.getPath());
    HttpsJwks keys = new HttpsJwks(local.toString());
    return new JwtConsumerBuilder()
        .setRequireExpirationTime()
        .setRequireIssuedAt()
        .setRequireNotBefore()
        .setRequireJwtId()
        .setExpectedIssuer(issuer)
        .setExpectedAudience(audience)
        .setExpectedSubject(subject)
        .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(keys))
        .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, "ES256", "RS256")
        .build();
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void issue_jobOfApprovedDeployment_tokenVerifiesThroughDiscoveryAndJwks(DatabaseKind kind)
      throws Exception {
    start(kind);
    String job = token("deployer");
    long id = deploy(job, "dev");

    ApiCalls.Answer answer =
        issue(job, id, "{\"audience\":\"api://AzureADTokenExchange\",\"lifetime\":\"10m\"}");

    assertThat(answer.status()).as("%s", answer.body()).isEqualTo(200);
    assertThat(answer.raw().headers().firstValue("Cache-Control")).hasValue("no-store");
    String jwt = answer.body().path("token").asText();
    assertThat(answer.body().path("alg").asText()).isEqualTo("ES256");
    JwtClaims claims =
        consumer("api://AzureADTokenExchange", "project:shop:environment:dev").processToClaims(jwt);
    assertThat(claims.getIssuer()).isEqualTo(server.server().uri().toString());
    assertThat(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue())
        .isEqualTo(600);
    assertThat(claims.getNotBefore().getValue()).isEqualTo(claims.getIssuedAt().getValue());
    assertThat(Instant.parse(answer.body().path("expires_at").asText()).getEpochSecond())
        .isEqualTo(claims.getExpirationTime().getValue());
    assertThat(claims.getStringClaimValue("project")).isEqualTo("shop");
    assertThat(claims.getStringClaimValue("environment")).isEqualTo("dev");
    assertThat(claims.getClaimValue("deployment_id", Long.class)).isEqualTo(id);
    assertThat(claims.getStringClaimValue("ref")).isEqualTo("refs/heads/main");
    assertThat(claims.getStringClaimValue("sha")).hasSize(40);
    assertThat(claims.getStringListClaimValue("images"))
        .containsExactly(
            "registry.example.com/shop/web:1.4@sha256:" + "ab".repeat(32),
            "registry.example.com/shop/worker:1.4");
    assertThat(claims.getStringClaimValue("requested_by")).isEqualTo("deployer");
    assertThat(claims.getStringListClaimValue("approved_by")).isEmpty();
    assertThat(claims.getJwtId()).isNotBlank();
    assertThat(answer.body().path("kid").asText()).isEqualTo(header(jwt).path("kid").asText());
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void issue_afterApproval_namesTheApprovers(DatabaseKind kind) throws Exception {
    start(kind);
    String job = token("deployer");
    long id = deploy(job, "prod");
    assertThat(issue(job, id, "{\"audience\":\"vault\"}").code())
        .isEqualTo("deployment_not_active");

    ApiCalls.Answer approved =
        api.post(
            token("sec"), "/api/v1/deployments/" + id + "/reviews", "{\"decision\":\"approve\"}");
    assertThat(approved.body().path("state").asText()).isEqualTo("approved");
    ApiCalls.Answer answer = issue(job, id, "{\"audience\":\"vault\"}");

    JwtClaims claims =
        consumer("vault", "project:shop:environment:prod")
            .processToClaims(answer.body().path("token").asText());
    assertThat(claims.getStringListClaimValue("approved_by")).containsExactly("sec");
    assertThat(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue())
        .isEqualTo(300);
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void issue_notTheJob_refused(DatabaseKind kind) {
    start(kind);
    String job = token("deployer");
    long id = deploy(job, "dev");
    String body = "{\"audience\":\"sts.amazonaws.com\"}";

    ApiCalls.Answer sameUserOtherToken = issue(token("deployer"), id, body);
    ApiCalls.Answer colleague = issue(token("colleague"), id, body);
    ApiCalls.Answer outsider = issue(token("reader"), id, body);
    ApiCalls.Answer admin = issue(server.adminToken(), id, body);
    ApiCalls.Answer nobody = api.post(null, "/api/v1/deployments/" + id + "/token", body);
    ApiCalls.Answer missing = issue(job, 999_999, body);
    ApiCalls.Answer notANumber = issue(job, -1, body);

    assertThat(sameUserOtherToken.status()).isEqualTo(403);
    assertThat(sameUserOtherToken.code()).isEqualTo("not_deployment_job");
    assertThat(colleague.code()).isEqualTo("not_deployment_job");
    assertThat(admin.code()).isEqualTo("not_deployment_job");
    assertThat(outsider.status()).isEqualTo(404);
    assertThat(nobody.status()).isEqualTo(401);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(notANumber.status()).isEqualTo(404);
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void issue_afterTheDeploymentEnded_refused(DatabaseKind kind) {
    start(kind);
    String job = token("deployer");
    long id = deploy(job, "dev");
    String body = "{\"audience\":\"sts.amazonaws.com\"}";
    api.post(job, "/api/v1/deployments/" + id + "/status", "{\"state\":\"in_progress\"}");
    assertThat(issue(job, id, body).status()).isEqualTo(200);

    api.post(job, "/api/v1/deployments/" + id + "/status", "{\"state\":\"success\"}");
    ApiCalls.Answer ended = issue(job, id, body);

    assertThat(ended.status()).isEqualTo(409);
    assertThat(ended.code()).isEqualTo("deployment_not_active");
    assertThat(ended.message()).contains("success");
  }

  @Test
  void issue_hostileBodies_refusedWithoutEcho() {
    start(DatabaseKind.H2);
    String job = token("deployer");
    long id = deploy(job, "dev");
    String secretish = "s3cr3t-" + "x".repeat(20);
    List<String> bodies =
        List.of(
            "",
            "{",
            "[]",
            "null",
            "{}",
            "{\"audience\":\"\"}",
            "{\"audience\":null}",
            "{\"audience\":42}",
            "{\"audience\":[\"a\",\"b\"]}",
            "{\"audience\":\"a b\"}",
            "{\"audience\":\"a\\nb\"}",
            "{\"audience\":\"caf\u00e9\"}",
            "{\"audience\":\"" + "a".repeat(256) + "\"}",
            "{\"audience\":\"x\",\"lifetime\":\"61m\"}",
            "{\"audience\":\"x\",\"lifetime\":\"2h\"}",
            "{\"audience\":\"x\",\"lifetime\":\"30s\"}",
            "{\"audience\":\"x\",\"lifetime\":\"0m\"}",
            "{\"audience\":\"x\",\"lifetime\":\"-5m\"}",
            "{\"audience\":\"x\",\"lifetime\":\"5\"}",
            "{\"audience\":\"x\",\"lifetime\":300}",
            "{\"audience\":\"x\",\"lifetime\":\"99999999999m\"}",
            "{\"audience\":\"x\",\"alg\":\"none\"}",
            "{\"audience\":\"x\",\"alg\":\"HS256\"}",
            "{\"audience\":\"x\",\"alg\":\"es256\"}",
            "{\"audience\":\"x\",\"" + secretish + "\":1}",
            "{\"audience\":\"x\",\"audience\":\"y\"}",
            "{\"audience\":\"x\"} trailing",
            "[".repeat(100) + "]".repeat(100));
    for (String body : bodies) {
      ApiCalls.Answer answer = issue(job, id, body);
      assertThat(answer.status()).as(body).isEqualTo(400);
      assertThat(answer.code()).as(body).isEqualTo("invalid_request");
      assertThat(answer.raw().body()).as(body).doesNotContain(secretish + "\"");
    }
    ApiCalls.Answer tooBig =
        issue(job, id, "{\"audience\":\"" + "a".repeat(2 * 1024 * 1024) + "\"}");
    assertThat(tooBig.status()).isEqualTo(413);
    ApiCalls.Answer notJson =
        api.send(
            job,
            "POST",
            "/api/v1/deployments/" + id + "/token",
            Optional.of("audience=x"),
            "application/x-www-form-urlencoded");
    assertThat(notJson.status()).isEqualTo(415);
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void rotate_byAdmin_oldTokensStillVerifyAndNewKeySigns(DatabaseKind kind) throws Exception {
    start(kind);
    String job = token("deployer");
    long id = deploy(job, "dev");
    String body = "{\"audience\":\"sts.amazonaws.com\"}";
    ApiCalls.Answer before = issue(job, id, body);
    List<String> kidsBefore = jwksKids();

    ApiCalls.Answer refused = api.post(job, "/api/v1/keys/signing/rotate", "{}");
    ApiCalls.Answer rotated = api.post(server.adminToken(), "/api/v1/keys/signing/rotate", "{}");
    ApiCalls.Answer after = issue(job, id, body);

    assertThat(refused.status()).isEqualTo(403);
    assertThat(rotated.status()).as("%s", rotated.body()).isEqualTo(200);
    String oldKid = before.body().path("kid").asText();
    String newKid = rotated.body().path("kid").asText();
    assertThat(texts(rotated.body().path("retiring"))).contains(oldKid);
    assertThat(newKid).isNotEqualTo(oldKid);
    // The key that signs after the rotation was published before it: relying parties knew it.
    assertThat(kidsBefore).contains(oldKid, newKid);
    assertThat(after.body().path("kid").asText()).isEqualTo(newKid);
    List<String> kidsAfter = jwksKids();
    assertThat(kidsAfter).contains(oldKid, newKid).hasSize(kidsBefore.size() + 2);
    JwtConsumer consumer = consumer("sts.amazonaws.com", "project:shop:environment:dev");
    assertThat(consumer.processToClaims(before.body().path("token").asText()).getJwtId())
        .isNotBlank();
    assertThat(consumer.processToClaims(after.body().path("token").asText()).getJwtId())
        .isNotBlank();
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void settings_subjectClaimsAndRs256_tokenFollowsThem(DatabaseKind kind) throws Exception {
    start(kind);
    String job = token("deployer");
    long id = deploy(job, "dev");
    String path = "/api/v1/projects/shop/deployment-token-settings";
    String settings =
        "{\"subjectClaims\":[\"project\",\"environment\",\"ref\"],\"algorithm\":\"RS256\"}";

    ApiCalls.Answer byDeployer = api.put(job, path, settings);
    ApiCalls.Answer byOutsider = api.put(token("reader"), path, settings);
    ApiCalls.Answer byMaintainer = api.put(token("maintainer"), path, settings);
    ApiCalls.Answer shown = api.get(job, path);
    ApiCalls.Answer answer = issue(job, id, "{\"audience\":\"vault\"}");
    ApiCalls.Answer asked = issue(job, id, "{\"audience\":\"vault\",\"alg\":\"ES256\"}");

    assertThat(byDeployer.status()).isEqualTo(403);
    assertThat(byOutsider.status()).isEqualTo(404);
    assertThat(byMaintainer.status()).as("%s", byMaintainer.body()).isEqualTo(200);
    assertThat(texts(shown.body().path("subjectClaims")))
        .containsExactly("project", "environment", "ref");
    assertThat(shown.body().path("algorithm").asText()).isEqualTo("RS256");
    assertThat(answer.body().path("alg").asText()).isEqualTo("RS256");
    assertThat(header(answer.body().path("token").asText()).path("alg").asText())
        .isEqualTo("RS256");
    JwtConsumer consumer = consumer("vault", "project:shop:environment:dev:ref:refs/heads/main");
    assertThat(consumer.processToClaims(answer.body().path("token").asText()).getSubject())
        .isEqualTo("project:shop:environment:dev:ref:refs/heads/main");
    assertThat(asked.body().path("alg").asText()).isEqualTo("ES256");
    assertThat(consumer.processToClaims(asked.body().path("token").asText()).getSubject())
        .isEqualTo("project:shop:environment:dev:ref:refs/heads/main");
  }

  @Test
  void settings_invalid_refused() {
    start(DatabaseKind.H2);
    String maintainer = token("maintainer");
    String path = "/api/v1/projects/shop/deployment-token-settings";
    List<String> bodies =
        List.of(
            "{}",
            "{\"subjectClaims\":[]}",
            "{\"subjectClaims\":[\"environment\",\"project\"]}",
            "{\"subjectClaims\":[\"project\",\"project\"]}",
            "{\"subjectClaims\":[\"project\",\"aud\"]}",
            "{\"subjectClaims\":[\"project\",null]}",
            "{\"subjectClaims\":[\"project\"],\"algorithm\":\"HS256\"}",
            "{\"subjectClaims\":\"project\"}",
            "{\"subjectClaims\":[\"project\",\"environment\",\"ref\",\"sha\",\"deployment_id\","
                + "\"requested_by\",\"project\"]}",
            "{\"subjectClaims\":[\"project\"],\"extra\":1}");
    for (String body : bodies) {
      ApiCalls.Answer answer = api.put(maintainer, path, body);
      assertThat(answer.status()).as(body).isEqualTo(400);
    }
    assertThat(
            api.put(
                    maintainer,
                    "/api/v1/projects/nope/deployment-token-settings",
                    "{\"subjectClaims\":[\"project\"]}")
                .status())
        .isEqualTo(404);
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void issue_audited_withJtiAndKidButNeverTheToken(DatabaseKind kind) throws Exception {
    start(kind);
    String job = token("deployer");
    long id = deploy(job, "dev");
    ApiCalls.Answer answer = issue(job, id, "{\"audience\":\"sts.amazonaws.com\"}");
    String jwt = answer.body().path("token").asText();
    String jti =
        consumer("sts.amazonaws.com", "project:shop:environment:dev")
            .processToClaims(jwt)
            .getJwtId();

    List<String> entries = new ArrayList<>();
    try (Connection connection = ApiCalls.connect(database);
        Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT actor, subject, inputs FROM audit_entries"
                    + " WHERE action = 'deployment.token.issue'")) {
      while (rs.next()) {
        entries.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
      }
    }
    assertThat(entries).hasSize(1);
    assertThat(entries.getFirst())
        .startsWith("deployer deployment/" + id + " ")
        .contains(jti, "sts.amazonaws.com", answer.body().path("kid").asText(), "ES256")
        .doesNotContain(jwt.substring(jwt.lastIndexOf('.') + 1))
        .doesNotContain(jwt.substring(0, jwt.lastIndexOf('.')));
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void signingKeys_privateHalvesSealedInTheDatabase(DatabaseKind kind) throws Exception {
    start(kind);
    try (Connection connection = ApiCalls.connect(database);
        Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT algorithm, state, public_jwk, private_key FROM signing_keys")) {
      int rows = 0;
      while (rs.next()) {
        rows++;
        assertThat(rs.getString("private_key")).startsWith("gh1.");
        JsonNode jwk = JSON.readTree(rs.getString("public_jwk"));
        assertThat(jwk.has("d")).isFalse();
        assertThat(jwk.has("p")).isFalse();
      }
      assertThat(rows).isEqualTo(4);
    }
  }

  @Test
  void wellKnown_issuerUrlSetting_namesItAndJwksIsCacheable() throws Exception {
    start(
        DatabaseKind.H2,
        ControlPlaneSettings.defaults()
            .withIssuerUrl(URI.create("https://gatehouse.example.com/")));
    JsonNode discovery = discovery();
    HttpResponse<String> jwks = server.get(IssuerRoutes.JWKS);
    String etag = jwks.headers().firstValue("ETag").orElseThrow();
    HttpResponse<String> again =
        server.send(
            HttpRequest.newBuilder(server.uri(IssuerRoutes.JWKS))
                .header("If-None-Match", "\"other\", " + etag)
                .build());
    String job = token("deployer");
    long id = deploy(job, "dev");
    String jwt = issue(job, id, "{\"audience\":\"x\"}").body().path("token").asText();

    assertThat(discovery.path("issuer").asText()).isEqualTo("https://gatehouse.example.com");
    assertThat(discovery.path("jwks_uri").asText())
        .isEqualTo("https://gatehouse.example.com/.well-known/jwks.json");
    assertThat(texts(discovery.path("id_token_signing_alg_values_supported")))
        .containsExactly("ES256", "RS256");
    assertThat(jwks.statusCode()).isEqualTo(200);
    assertThat(jwks.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/jwk-set+json");
    assertThat(jwks.headers().firstValue("Cache-Control")).hasValue("public, max-age=300");
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(JSON.readTree(jwks.body()).path("keys")).hasSize(4);
    for (JsonNode key : JSON.readTree(jwks.body()).path("keys")) {
      assertThat(key.has("d")).isFalse();
      assertThat(key.path("use").asText()).isEqualTo("sig");
    }
    assertThat(consumer("x", "project:shop:environment:dev").processToClaims(jwt).getIssuer())
        .isEqualTo("https://gatehouse.example.com");
  }

  @Test
  void verify_tamperedOrOtherAudience_refusedByRelyingParty() throws Exception {
    start(DatabaseKind.H2);
    String job = token("deployer");
    long id = deploy(job, "dev");
    String jwt = issue(job, id, "{\"audience\":\"a\"}").body().path("token").asText();
    String[] parts = jwt.split("\\.", -1);
    String payload =
        new String(Base64.getUrlDecoder().decode(parts[1]), UTF_8)
            .replace("\"environment\":\"dev\"", "\"environment\":\"prd\"");
    String tampered =
        parts[0]
            + "."
            + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(UTF_8))
            + "."
            + parts[2];

    assertThatThrownBy(() -> consumer("b", "project:shop:environment:dev").processToClaims(jwt))
        .isInstanceOf(InvalidJwtException.class);
    assertThatThrownBy(
            () -> consumer("a", "project:shop:environment:dev").processToClaims(tampered))
        .isInstanceOf(InvalidJwtException.class);
  }

  private List<String> jwksKids() throws Exception {
    List<String> kids = new ArrayList<>();
    for (JsonNode key : JSON.readTree(server.get(IssuerRoutes.JWKS).body()).path("keys")) {
      kids.add(key.path("kid").asText());
    }
    return kids;
  }

  private static List<String> texts(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  private static JsonNode header(String jwt) throws Exception {
    return JSON.readTree(Base64.getUrlDecoder().decode(jwt.substring(0, jwt.indexOf('.'))));
  }

  private static String sha() {
    byte[] bytes = new byte[20];
    ThreadLocalRandom.current().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
