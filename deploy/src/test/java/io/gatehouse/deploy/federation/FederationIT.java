package io.gatehouse.deploy.federation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.deploy.access.ApiCalls;
import io.gatehouse.deploy.server.ControlPlaneSettings;
import io.gatehouse.deploy.server.ServerFixture;
import io.gatehouse.testing.DatabaseKind;
import io.gatehouse.testing.TestDatabase;
import io.gatehouse.testing.oidc.OidcProvider;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Token exchange against a separately running OIDC provider reached over real HTTP, through a real
 * server on H2 or PostgreSQL.
 */
class FederationIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String AUDIENCE = "https://gatehouse.test";
  private static final String SHOP_SUBJECT = "repo:acme/shop:environment:prod";
  private static final String OTHER_SUBJECT = "repo:acme/other:ref:refs/heads/main";

  private static OidcProvider provider;

  private TestDatabase database;
  private ServerFixture server;
  private ApiCalls api;

  @BeforeAll
  static void startProvider() {
    provider = OidcProvider.start();
  }

  @AfterAll
  static void stopProvider() {
    provider.close();
  }

  @AfterEach
  void stopServer() {
    provider.jwks(OidcProvider.JwksMode.NORMAL);
    if (server != null) {
      server.close();
    }
  }

  private void start(DatabaseKind kind) {
    database = kind.create();
    FederationSettings federation =
        FederationSettings.defaults()
            .withAllowHttpIssuers(true)
            .withFetching(Duration.ofSeconds(1), Duration.ofMinutes(10), Duration.ZERO);
    server =
        ServerFixture.start(
            ServerFixture.configFor(database),
            ControlPlaneSettings.defaults()
                .withTimings(Duration.ofMillis(200), Duration.ofSeconds(30))
                .withFederation(federation),
            List.of(),
            Clock.systemUTC());
    api = new ApiCalls(server);
    ApiCalls.Answer applied = apply(document());
    assertThat(applied.status()).as(applied.body().toString()).isEqualTo(200);
  }

  private static String document() {
    String issuer = provider.issuer().toString();
    return """
        version: 1
        projects:
          - name: shop
            environments: [{name: prod}]
          - name: other
            environments: [{name: prod}]
        federatedCredentials:
          shop:
            - name: github-deploy
              issuer: %s
              audience: %s
              claims:
                sub: "repo:acme/shop:*"
                repository: acme/shop
              role: deployer
          other:
            - name: ci
              issuer: %s
              audience: %s
              subject: "%s"
        """
        .formatted(issuer, AUDIENCE, issuer, AUDIENCE, OTHER_SUBJECT);
  }

  private ApiCalls.Answer apply(String document) {
    return api.post(server.adminToken(), "/api/v1/apply", ApiCalls.json("document", document));
  }

  private static Map<String, Object> claims() {
    long now = Instant.now().getEpochSecond();
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", provider.issuer().toString());
    claims.put("aud", AUDIENCE);
    claims.put("sub", SHOP_SUBJECT);
    claims.put("repository", "acme/shop");
    claims.put("ref", "refs/heads/main");
    claims.put("iat", now);
    claims.put("nbf", now);
    claims.put("exp", now + 300);
    claims.put("jti", UUID.randomUUID().toString());
    return claims;
  }

  private static Map<String, Object> claims(String name, Object value) {
    Map<String, Object> claims = claims();
    claims.put(name, value);
    return claims;
  }

  private ApiCalls.Answer exchange(String token) {
    return exchange(token, Optional.empty());
  }

  private ApiCalls.Answer exchange(String token, Optional<String> scope) {
    String form =
        "grant_type="
            + encode(TokenExchange.GRANT_TYPE)
            + "&subject_token="
            + encode(token)
            + "&subject_token_type="
            + encode("urn:ietf:params:oauth:token-type:jwt")
            + scope.map(s -> "&scope=" + encode(s)).orElse("");
    return form(form, "application/x-www-form-urlencoded");
  }

  private ApiCalls.Answer form(String body, String contentType) {
    return api.raw(
        HttpRequest.newBuilder(server.uri("/api/v1/oauth/token"))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static void assertRefused(ApiCalls.Answer answer, String error, String description) {
    assertThat(answer.status()).as(answer.body().toString()).isEqualTo(400);
    assertThat(answer.body().path("error").asText()).isEqualTo(error);
    assertThat(answer.body().path("error_description").asText()).contains(description);
    assertThat(answer.raw().headers().firstValue("Cache-Control")).contains("no-store");
  }

  private static String deployment(String project) {
    return ApiCalls.json(
        "project",
        project,
        "environment",
        "prod",
        "ref",
        "refs/heads/main",
        "sha",
        "0123456789abcdef0123456789abcdef01234567",
        "images",
        List.of("registry.example.com/shop/web:1.0"),
        "description",
        "",
        "payload",
        Map.of());
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void exchange_validToken_tokenDeploysAndIsTheDeploymentsJob(DatabaseKind kind) throws Exception {
    start(kind);
    Map<String, Object> claims = claims();
    String subjectToken = provider.token(claims);

    ApiCalls.Answer answer = exchange(subjectToken);

    assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
    JsonNode body = answer.body();
    assertThat(body.path("token_type").asText()).isEqualTo("Bearer");
    assertThat(body.path("issued_token_type").asText()).isEqualTo(TokenExchange.ACCESS_TOKEN_TYPE);
    assertThat(body.path("expires_in").asLong()).isEqualTo(900);
    assertThat(body.path("credential").asText()).isEqualTo("shop/github-deploy");
    String token = body.path("access_token").asText();
    ApiCalls.Answer whoami = api.get(token, "/api/v1/whoami");
    assertThat(whoami.body().path("name").asText()).isEqualTo("shop/github-deploy");
    assertThat(whoami.body().path("admin").asBoolean()).isFalse();
    ApiCalls.Answer created = api.post(token, "/api/v1/deployments", deployment("shop"));
    assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
    long deploymentId = created.body().path("id").asLong();
    ApiCalls.Answer elsewhere = api.post(token, "/api/v1/deployments", deployment("other"));
    assertThat(elsewhere.status()).isIn(403, 404);
    try (Connection connection = ApiCalls.connect(database);
        Statement statement = connection.createStatement()) {
      ResultSet job =
          statement.executeQuery(
              "SELECT d.job_token_id, f.credential, f.subject, f.jti, f.issuer FROM deployments d"
                  + " JOIN federated_tokens f ON f.token_id = d.job_token_id WHERE d.id = "
                  + deploymentId);
      assertThat(job.next()).isTrue();
      assertThat(job.getString("credential")).isEqualTo("shop/github-deploy");
      assertThat(job.getString("subject")).isEqualTo(SHOP_SUBJECT);
      assertThat(job.getString("jti")).isEqualTo(claims.get("jti"));
      assertThat(job.getString("issuer")).isEqualTo(provider.issuer().toString());
      assertThat(auditText(statement)).contains("federation.exchange").doesNotContain(subjectToken);
      assertThat(auditText(statement)).doesNotContain(token);
    }
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void exchange_refusals_auditedWithoutTheToken(DatabaseKind kind) throws Exception {
    start(kind);
    String expired = provider.token(claims("exp", Instant.now().getEpochSecond() - 120));

    assertRefused(exchange(expired), "invalid_request", "expired");

    try (Connection connection = ApiCalls.connect(database);
        Statement statement = connection.createStatement()) {
      String audit = auditText(statement);
      assertThat(audit).contains("federation.exchange.refused").contains("\"check\":\"exp\"");
      assertThat(audit).doesNotContain(expired);
    }
  }

  private static String auditText(Statement statement) throws SQLException {
    StringBuilder text = new StringBuilder();
    try (ResultSet rows =
        statement.executeQuery("SELECT action, subject, reason, inputs FROM audit_entries")) {
      while (rows.next()) {
        text.append(rows.getString(1))
            .append(' ')
            .append(rows.getString(2))
            .append(' ')
            .append(rows.getString(3))
            .append(' ')
            .append(rows.getString(4))
            .append('\n');
      }
    }
    return text.toString();
  }

  @Test
  void exchange_jobToken_receivesSecretsAndAnotherExchangeDoesNot() {
    start(DatabaseKind.H2);
    String job = exchange(provider.token(claims())).body().path("access_token").asText();
    String sameCredential = exchange(provider.token(claims())).body().path("access_token").asText();
    long id = api.post(job, "/api/v1/deployments", deployment("shop")).body().path("id").asLong();
    awaitState(job, id, "approved");

    ApiCalls.Answer released = api.get(job, "/api/v1/deployments/" + id + "/secrets");
    ApiCalls.Answer refused = api.get(sameCredential, "/api/v1/deployments/" + id + "/secrets");

    assertThat(released.status()).as(released.body().toString()).isEqualTo(200);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.code()).isEqualTo("not_deployment_job");
  }

  private void awaitState(String token, long id, String state) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!api.get(token, "/api/v1/deployments/" + id)
        .body()
        .path("state")
        .asText()
        .equals(state)) {
      assertThat(System.nanoTime())
          .as("deployment %d never became %s", id, state)
          .isLessThan(deadline);
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  @Test
  void exchange_requestedLifetime_grantedUpToTheLongest() {
    start(DatabaseKind.H2);
    String token = provider.token(claims());

    ApiCalls.Answer longer =
        form(
            "grant_type="
                + encode(TokenExchange.GRANT_TYPE)
                + "&subject_token="
                + token
                + "&subject_token_type=urn:ietf:params:oauth:token-type:jwt&expires_in=7200",
            "application/x-www-form-urlencoded");

    assertThat(longer.status()).as(longer.body().toString()).isEqualTo(200);
    assertThat(longer.body().path("expires_in").asLong()).isEqualTo(7200);
    for (String bad : List.of("10800000", "59", "-1", "1e3", "")) {
      assertRefused(
          form(
              "grant_type="
                  + encode(TokenExchange.GRANT_TYPE)
                  + "&subject_token="
                  + token
                  + "&subject_token_type=urn:ietf:params:oauth:token-type:jwt&expires_in="
                  + bad,
              "application/x-www-form-urlencoded"),
          "invalid_request",
          "expires_in must be a number of seconds from 60 to 10800");
    }
  }

  @Test
  void exchange_es256Token_granted() {
    start(DatabaseKind.H2);

    ApiCalls.Answer answer = exchange(provider.token(OidcProvider.Alg.ES256, claims()));

    assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
  }

  @Test
  void exchange_expiredBeyondSkew_refusedButWithinSkewGranted() {
    start(DatabaseKind.H2);
    long now = Instant.now().getEpochSecond();

    assertRefused(exchange(provider.token(claims("exp", now - 90))), "invalid_request", "expired");
    assertThat(exchange(provider.token(claims("exp", now - 20))).status()).isEqualTo(200);
  }

  @Test
  void exchange_notYetValid_refused() {
    start(DatabaseKind.H2);
    long later = Instant.now().getEpochSecond() + 600;

    assertRefused(
        exchange(provider.token(claims("nbf", later))), "invalid_request", "not valid before");
    assertRefused(
        exchange(provider.token(claims("iat", later))), "invalid_request", "issued in the future");
  }

  @Test
  void exchange_missingExp_refused() {
    start(DatabaseKind.H2);
    Map<String, Object> claims = claims();
    claims.remove("exp");

    assertRefused(exchange(provider.token(claims)), "invalid_request", "has no exp");
  }

  @Test
  void exchange_wrongAudience_refused() {
    start(DatabaseKind.H2);

    assertRefused(
        exchange(provider.token(claims("aud", List.of("https://elsewhere.test")))),
        "invalid_request",
        "aud holds no audience");
  }

  @Test
  void exchange_wrongIssuer_refusedWithoutFetching() {
    start(DatabaseKind.H2);
    int fetches = provider.jwksFetches();

    assertRefused(
        exchange(provider.token(claims("iss", "https://evil.example.com"))),
        "invalid_request",
        "no federated credential trusts the issuer https://evil.example.com");
    assertRefused(
        exchange(provider.token(claims("iss", provider.issuer() + "/"))),
        "invalid_request",
        "trusts the issuer");
    assertThat(provider.jwksFetches()).isEqualTo(fetches);
  }

  @Test
  void exchange_unknownKid_refused() {
    start(DatabaseKind.H2);

    assertRefused(
        exchange(provider.tokenWithUnpublishedKey(OidcProvider.Alg.RS256, "rsa-999", claims())),
        "invalid_request",
        "has no key with kid rsa-999");
  }

  @Test
  void exchange_publishedKidButOtherKey_signatureRefused() {
    start(DatabaseKind.H2);

    assertRefused(
        exchange(provider.tokenWithUnpublishedKey(OidcProvider.Alg.RS256, "rsa-1", claims())),
        "invalid_request",
        "signature does not verify");
  }

  @Test
  void exchange_algNone_refused() {
    start(DatabaseKind.H2);

    assertRefused(
        exchange(provider.token(OidcProvider.Alg.NONE, claims())),
        "invalid_request",
        "alg none is never accepted");
  }

  @Test
  void exchange_hs256KeyedWithPublicKey_refused() {
    start(DatabaseKind.H2);

    assertRefused(
        exchange(provider.token(OidcProvider.Alg.HS256, claims())),
        "invalid_request",
        "algorithm HS256 is not accepted");
  }

  @Test
  void exchange_es256HeaderNamingRsaKey_refused() {
    start(DatabaseKind.H2);

    assertRefused(
        exchange(provider.tokenWithKid(OidcProvider.Alg.ES256, "rsa-1", claims())),
        "invalid_request",
        "key rsa-1 is published for another algorithm");
  }

  @Test
  void exchange_tamperedPayload_refused() {
    start(DatabaseKind.H2);
    String token = provider.token(claims());
    String[] parts = token.split("\\.", -1);
    String forged =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                toJson(claims("sub", "repo:acme/shop:environment:anything"))
                    .getBytes(StandardCharsets.UTF_8));

    assertRefused(
        exchange(parts[0] + "." + forged + "." + parts[2]),
        "invalid_request",
        "signature does not verify");
  }

  private static String toJson(Map<String, Object> claims) {
    try {
      return JSON.writeValueAsString(claims);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void exchange_subjectOfAnotherProjectsCredential_refusedForThisProject() {
    start(DatabaseKind.H2);
    String token = provider.token(claims("sub", OTHER_SUBJECT));

    assertRefused(
        exchange(token, Optional.of("project:shop")),
        "invalid_request",
        "match no federated credential of project shop");
    ApiCalls.Answer asOther = exchange(token);
    assertThat(asOther.status()).isEqualTo(200);
    assertThat(asOther.body().path("credential").asText()).isEqualTo("other/ci");
    String otherToken = asOther.body().path("access_token").asText();
    assertThat(api.post(otherToken, "/api/v1/deployments", deployment("shop")).status())
        .isIn(403, 404);
  }

  @Test
  void exchange_claimsGlobDoesNotMatch_refused() {
    start(DatabaseKind.H2);

    assertRefused(
        exchange(provider.token(claims("repository", "acme/shop-fork"))),
        "invalid_request",
        "match no federated credential");
    assertRefused(
        exchange(provider.token(claims("sub", "repo:acme/shopping:environment:prod"))),
        "invalid_request",
        "match no federated credential");
  }

  @Test
  void exchange_jwksHangs_unavailableWithinTheTimeout() {
    start(DatabaseKind.H2);
    provider.jwks(OidcProvider.JwksMode.HANG);
    long started = System.nanoTime();

    ApiCalls.Answer answer = exchange(provider.token(claims()));

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    assertThat(answer.status()).isEqualTo(503);
    assertThat(answer.body().path("error").asText()).isEqualTo("temporarily_unavailable");
    assertThat(answer.body().path("error_description").asText()).contains("did not answer within");
  }

  @Test
  void exchange_jwksGarbage_unavailable() {
    start(DatabaseKind.H2);
    provider.jwks(OidcProvider.JwksMode.GARBAGE);

    ApiCalls.Answer answer = exchange(provider.token(claims()));

    assertThat(answer.status()).isEqualTo(503);
    assertThat(answer.body().path("error_description").asText())
        .contains("not a valid JSON Web Key Set");
  }

  @Test
  void exchange_jwksHuge_unavailable() {
    start(DatabaseKind.H2);
    provider.jwks(OidcProvider.JwksMode.HUGE);

    ApiCalls.Answer answer = exchange(provider.token(claims()));

    assertThat(answer.status()).isEqualTo(503);
    assertThat(answer.body().path("error_description").asText()).contains("larger than");
  }

  @Test
  void exchange_warmCache_doesNotFetchAgainUntilKeysRotate() {
    start(DatabaseKind.H2);
    assertThat(exchange(provider.token(claims())).status()).isEqualTo(200);
    int fetches = provider.jwksFetches();

    assertThat(exchange(provider.token(claims())).status()).isEqualTo(200);
    assertThat(provider.jwksFetches()).isEqualTo(fetches);
    provider.rotate();
    assertThat(exchange(provider.token(claims())).status()).isEqualTo(200);
    assertThat(provider.jwksFetches()).isEqualTo(fetches + 1);
  }

  @Test
  void token_malformedRequests_refusedPerRfc6749() {
    start(DatabaseKind.H2);
    String valid = provider.token(claims());

    assertRefused(form("grant_type=x", "application/json"), "invalid_request", "form-urlencoded");
    assertRefused(form("", "application/x-www-form-urlencoded"), "invalid_request", "grant_type");
    assertRefused(
        form("grant_type=password&username=a", "application/x-www-form-urlencoded"),
        "unsupported_grant_type",
        "token-exchange");
    assertRefused(
        form(
            "grant_type=" + encode(TokenExchange.GRANT_TYPE) + "&subject_token=a&subject_token=b",
            "application/x-www-form-urlencoded"),
        "invalid_request",
        "more than once");
    assertRefused(
        form(
            "grant_type=" + encode(TokenExchange.GRANT_TYPE) + "&subject_token=%zz",
            "application/x-www-form-urlencoded"),
        "invalid_request",
        "form encoding");
    assertRefused(
        form(
            "grant_type="
                + encode(TokenExchange.GRANT_TYPE)
                + "&subject_token="
                + valid
                + "&subject_token_type=urn:ietf:params:oauth:token-type:saml2",
            "application/x-www-form-urlencoded"),
        "invalid_request",
        "subject_token_type");
    assertRefused(exchange("not-a-jwt"), "invalid_request", "not a compact JWT");
    assertRefused(exchange("e30.e30.e30"), "invalid_request", "not valid JSON");
    assertRefused(exchange("eyJhbGciOiJub25lIn0.e30."), "invalid_request", "not signed");
    assertRefused(exchange("a".repeat(20_000)), "invalid_request", "longer than");
    assertRefused(exchange(provider.tokenWithRawPayload("[1,2,3]")), "invalid_request", "payload");
    assertRefused(exchange(valid, Optional.of("admin")), "invalid_scope", "project:<project name>");
    assertRefused(
        form("x=" + "a".repeat(40_000), "application/x-www-form-urlencoded"),
        "invalid_request",
        "larger than");
  }

  @Test
  void list_readersSeeCredentialsOutsidersDoNot() {
    start(DatabaseKind.H2);
    String outsider = api.userWithToken("outsider", false);

    ApiCalls.Answer listed =
        api.get(server.adminToken(), "/api/v1/projects/shop/federated-credentials");

    assertThat(listed.status()).isEqualTo(200);
    JsonNode credential = listed.body().path("federatedCredentials").get(0);
    assertThat(credential.path("name").asText()).isEqualTo("github-deploy");
    assertThat(credential.path("claims").path("sub").asText()).isEqualTo("repo:acme/shop:*");
    assertThat(credential.path("user").asText()).isEqualTo("shop/github-deploy");
    assertThat(api.get(outsider, "/api/v1/projects/shop/federated-credentials").status())
        .isEqualTo(404);
    assertThat(api.get(null, "/api/v1/projects/shop/federated-credentials").status())
        .isEqualTo(401);
  }

  @Test
  void apply_sameDocumentTwice_credentialsUnchanged() {
    start(DatabaseKind.H2);

    ApiCalls.Answer again = apply(document());

    assertThat(again.status()).isEqualTo(200);
    assertThat(again.body().path("changes").toString())
        .contains(
            "{\"kind\":\"federatedCredential\",\"name\":\"shop/github-deploy\","
                + "\"action\":\"unchanged\"}");
    assertThat(again.body().path("changes").findValuesAsText("action")).containsOnly("unchanged");
  }

  @Test
  void apply_credentialOfUnknownProject_refusedAndNothingChanged() {
    start(DatabaseKind.H2);
    String document = document().replace("  other:\n", "  nowhere:\n");

    ApiCalls.Answer answer = apply(document);

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.body().path("error").path("message").asText())
        .isEqualTo(
            "gatehouse.yaml: federatedCredentials.nowhere: no project named 'nowhere' is declared"
                + " or exists");
    assertThat(exchange(provider.token(claims("sub", OTHER_SUBJECT))).status()).isEqualTo(200);
  }

  @Test
  void apply_credentialRemoved_itsTokensStopWorking() {
    start(DatabaseKind.H2);
    String token = exchange(provider.token(claims())).body().path("access_token").asText();
    assertThat(api.get(token, "/api/v1/whoami").status()).isEqualTo(200);
    String without = document().substring(0, document().indexOf("  shop:")) + "  shop: []\n";

    ApiCalls.Answer applied = apply(without);

    assertThat(applied.status()).as(applied.body().toString()).isEqualTo(200);
    assertThat(applied.body().toString()).contains("shop/github-deploy").contains("delete");
    awaitRefused(token);
    assertRefused(exchange(provider.token(claims())), "invalid_request", "match no federated");
  }

  @Test
  void apply_projectRolesReapplied_workloadRoleKept() {
    start(DatabaseKind.H2);
    String changed =
        document()
            .replace(
                "environments: [{name: prod}]\n  - name: other",
                "environments: [{name: prod}]\n    deployers: {users: [admin]}\n  - name: other");

    assertThat(apply(changed).status()).isEqualTo(200);

    String token = exchange(provider.token(claims())).body().path("access_token").asText();
    assertThat(api.post(token, "/api/v1/deployments", deployment("shop")).status()).isEqualTo(201);
  }

  private void awaitRefused(String token) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (api.get(token, "/api/v1/whoami").status() != 401) {
      assertThat(System.nanoTime()).as("the token still works").isLessThan(deadline);
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
