package io.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.deploy.server.ServerFixture;
import io.gatehouse.testing.DatabaseKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gatehouse deploy token} against a real server. The token's signature is verified with an
 * independent library in the server's own tests (IssuerIT); here its claims and its key id, as the
 * server's JWKS lists it.
 */
class DeployTokenCommandIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DOCUMENT =
      """
      version: 1
      users: [{name: ci}]
      projects:
        - name: shop
          deployers: {users: [ci]}
          environments:
            - name: dev
      """;

  private static ServerFixture server;
  @TempDir static Path dir;

  @BeforeAll
  static void start() throws Exception {
    server = ServerFixture.start(DatabaseKind.H2.create());
    Files.writeString(dir.resolve("gatehouse.yaml"), DOCUMENT, StandardCharsets.UTF_8);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static CommandRun as(String token, String... args) {
    return CommandRun.run(
        Map.of("GATEHOUSE_SERVER", server.uri("/").toString(), "GATEHOUSE_TOKEN", token),
        new FakeTerminal(),
        args);
  }

  private static JsonNode json(CommandRun run) throws Exception {
    assertThat(run.exitCode()).as(run.toString()).isZero();
    return JSON.readTree(run.out());
  }

  @Test
  void token_jobOfApprovedDeployment_verifiesAgainstTheServersJwks() throws Exception {
    String admin = server.adminToken();
    assertThat(as(admin, "apply", "-f", dir.resolve("gatehouse.yaml").toString()).exitCode())
        .isZero();
    String job =
        json(as(admin, "token", "create", "--name", "job", "--user", "ci", "--output", "json"))
            .path("token")
            .asText();
    long id =
        json(as(
                job,
                "deploy",
                "create",
                "--project",
                "shop",
                "--environment",
                "dev",
                "--branch",
                "main",
                "--sha",
                "4f9c1e0b6d2a8e7f3c5b9a1d0e2f4a6b8c0d2e4f",
                "--output",
                "json"))
            .path("id")
            .asLong();

    CommandRun run =
        as(job, "deploy", "token", Long.toString(id), "--audience", "sts.amazonaws.com");
    CommandRun other =
        as(admin, "deploy", "token", Long.toString(id), "--audience", "sts.amazonaws.com");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    String[] parts = run.out().strip().split("\\.", -1);
    assertThat(parts).hasSize(3);
    JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
    JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
    assertThat(claims.path("iss").asText()).isEqualTo(server.server().uri().toString());
    assertThat(claims.path("aud").asText()).isEqualTo("sts.amazonaws.com");
    assertThat(claims.path("sub").asText()).isEqualTo("project:shop:environment:dev");
    assertThat(claims.path("deployment_id").asLong()).isEqualTo(id);
    assertThat(header.path("alg").asText()).isEqualTo("ES256");
    assertThat(
            JSON.readTree(server.get("/.well-known/jwks.json").body())
                .path("keys")
                .findValuesAsText("kid"))
        .contains(header.path("kid").asText());
    assertThat(other.exitCode()).isEqualTo(1);
    assertThat(other.err()).contains("not_deployment_job");
  }
}
