package io.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.deploy.federation.FederationSettings;
import io.gatehouse.deploy.server.ControlPlaneSettings;
import io.gatehouse.deploy.server.ServerFixture;
import io.gatehouse.testing.DatabaseKind;
import io.gatehouse.testing.oidc.OidcProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gatehouse login} against a real server trusting a separately running OIDC provider: the CI
 * job's token becomes a Gatehouse token that requests a deployment, with no stored secret.
 */
class LoginCommandIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String AUDIENCE = "https://gatehouse.test";

  private static OidcProvider provider;
  private static ServerFixture server;
  @TempDir static Path dir;

  @BeforeAll
  static void start() throws Exception {
    provider = OidcProvider.start();
    server =
        ServerFixture.start(
            ServerFixture.configFor(DatabaseKind.H2.create()),
            ControlPlaneSettings.defaults()
                .withFederation(FederationSettings.defaults().withAllowHttpIssuers(true)),
            List.of(),
            Clock.systemUTC());
    String document =
        """
        version: 1
        projects:
          - name: shop
            environments: [{name: staging, deploymentRefs: {branches: [main]}}]
        federatedCredentials:
          shop:
            - name: gitlab-deploy
              issuer: %s
              audience: %s
              claims: {sub: "project_path:acme/shop:ref_type:branch:ref:*", ref: main}
        """
            .formatted(provider.issuer(), AUDIENCE);
    Path file = dir.resolve("gatehouse.yaml");
    Files.writeString(file, document, StandardCharsets.UTF_8);
    CommandRun applied =
        as(Map.of("GATEHOUSE_TOKEN", server.adminToken()), "apply", "-f", file.toString());
    assertThat(applied.exitCode()).as(applied.toString()).isZero();
  }

  @AfterAll
  static void stop() {
    server.close();
    provider.close();
  }

  private static CommandRun as(Map<String, String> variables, String... args) {
    Map<String, String> all = new HashMap<>(variables);
    all.put("GATEHOUSE_SERVER", server.uri("/").toString());
    return CommandRun.run(all, new FakeTerminal(), args);
  }

  private static String idToken(String ref) {
    long now = Instant.now().getEpochSecond();
    return provider.token(
        Map.of(
            "iss",
            provider.issuer().toString(),
            "aud",
            AUDIENCE,
            "sub",
            "project_path:acme/shop:ref_type:branch:ref:" + ref,
            "ref",
            ref,
            "iat",
            now,
            "exp",
            now + 300));
  }

  @Test
  void login_tokenFromEnvironment_printsTokenThatDeploys() {
    CommandRun login =
        as(
            Map.of("GATEHOUSE_ID_TOKEN", idToken("main")),
            "login",
            "--oidc-token-env",
            "GATEHOUSE_ID_TOKEN");

    assertThat(login.exitCode()).as(login.toString()).isZero();
    assertThat(login.err()).contains("Logged in as shop/gitlab-deploy");
    String token = login.out().strip();
    CommandRun deploy =
        as(
            Map.of("GATEHOUSE_TOKEN", token),
            "deploy",
            "create",
            "--project",
            "shop",
            "--environment",
            "staging",
            "--branch",
            "main",
            "--sha",
            "4f9c1e0b6d2a8e7f3c5b9a1d0e2f4a6b8c0d2e4f");
    assertThat(deploy.exitCode()).as(deploy.toString()).isZero();
  }

  @Test
  void login_writeEnvOnGithubActions_appendsAndMasks() throws Exception {
    Path tokenFile = dir.resolve("id-token.jwt");
    Files.writeString(tokenFile, idToken("main") + "\n", StandardCharsets.UTF_8);
    Path env = dir.resolve("github-env");
    Files.writeString(env, "OTHER=1\n", StandardCharsets.UTF_8);

    CommandRun login =
        as(
            Map.of("GITHUB_ACTIONS", "true"),
            "login",
            "--oidc-token-file",
            tokenFile.toString(),
            "--project",
            "shop",
            "--write-env",
            env.toString());

    assertThat(login.exitCode()).as(login.toString()).isZero();
    List<String> lines = Files.readAllLines(env, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(1)).startsWith("GATEHOUSE_TOKEN=gth_");
    String token = lines.get(1).substring("GATEHOUSE_TOKEN=".length());
    assertThat(login.out()).isEqualTo("::add-mask::" + token + System.lineSeparator());
  }

  @Test
  void login_refusedToken_exitsOneWithTheCheck() throws Exception {
    CommandRun login =
        as(Map.of("ID", idToken("feature")), "login", "--oidc-token-env", "ID", "--output", "json");

    assertThat(login.exitCode()).as(login.toString()).isEqualTo(1);
    assertThat(login.err()).contains("match no federated credential").contains("invalid_request");
    assertThat(login.out()).isEmpty();
  }

  @Test
  void login_jsonOutput_printsTheAnswer() throws Exception {
    CommandRun login =
        as(Map.of("ID", idToken("main")), "login", "--oidc-token-env", "ID", "--output", "json");
    CommandRun longer =
        as(
            Map.of("ID", idToken("main")),
            "login",
            "--oidc-token-env",
            "ID",
            "--lifetime",
            "2h",
            "--output",
            "json");

    assertThat(login.exitCode()).as(login.toString()).isZero();
    assertThat(JSON.readTree(login.out()).path("expires_in").asInt()).isEqualTo(900);
    assertThat(JSON.readTree(longer.out()).path("expires_in").asInt()).isEqualTo(7200);
  }

  @Test
  void login_badCommandLines_exitTwo() throws Exception {
    assertThat(as(Map.of(), "login").exitCode()).isEqualTo(2);
    assertThat(as(Map.of(), "login", "--oidc-token-env", "MISSING").err())
        .contains("$MISSING holds no OIDC token");
    assertThat(
            as(Map.of("A", "x"), "login", "--oidc-token-env", "A", "--oidc-token-file", "f")
                .exitCode())
        .isEqualTo(2);
    Path big = dir.resolve("big.jwt");
    Files.writeString(big, "a".repeat(20_000), StandardCharsets.UTF_8);
    assertThat(as(Map.of(), "login", "--oidc-token-file", big.toString()).err())
        .contains("larger than");
    assertThat(as(Map.of(), "login", "--oidc-token-file", dir.resolve("none").toString()).err())
        .contains("cannot read");
  }
}
