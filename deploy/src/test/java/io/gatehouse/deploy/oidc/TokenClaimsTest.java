package io.gatehouse.deploy.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.deploy.deployment.Deployment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenClaimsTest {
  private static final Instant AT = Instant.parse("2026-11-23T10:00:00Z");

  private static Deployment deployment(List<String> images, List<Deployment.Review> reviews) {
    return new Deployment(
        42,
        "shop",
        "prod",
        "refs/tags/v1.4",
        "a".repeat(40),
        images,
        "",
        Map.of(),
        "ci\"bot",
        "approved",
        AT,
        AT,
        List.of(),
        List.of(),
        reviews,
        Optional.empty(),
        List.of(),
        false,
        Optional.empty(),
        Optional.empty(),
        List.of());
  }

  @Test
  void payload_everyClaimInOrder() throws Exception {
    Deployment d =
        deployment(
            List.of("nginx", "registry.example.com/web:1@sha256:" + "0".repeat(64)),
            List.of(
                new Deployment.Review("sec", "approve", "", AT),
                new Deployment.Review("ops", "reject", "no", AT),
                new Deployment.Review("sec", "approve", "", AT),
                new Deployment.Review("lead", "approve", "", AT)));

    byte[] payload =
        TokenClaims.payload(
            new TokenClaims.Values(
                "https://gh.example.com", "vault", AT, AT.plusSeconds(300), "j1", d),
            TokenSettings.DEFAULT);

    JsonNode claims = new ObjectMapper().readTree(payload);
    List<String> names = new ArrayList<>();
    claims.fieldNames().forEachRemaining(names::add);
    assertThat(names)
        .containsExactly(
            "iss",
            "sub",
            "aud",
            "iat",
            "nbf",
            "exp",
            "jti",
            "project",
            "environment",
            "deployment_id",
            "ref",
            "sha",
            "images",
            "requested_by",
            "approved_by");
    assertThat(claims.path("sub").asText()).isEqualTo("project:shop:environment:prod");
    assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(300);
    assertThat(claims.path("deployment_id").asLong()).isEqualTo(42);
    assertThat(claims.path("requested_by").asText()).isEqualTo("ci\"bot");
    assertThat(claims.path("images").get(0).asText()).isEqualTo("docker.io/library/nginx:latest");
    assertThat(claims.path("images").get(1).asText())
        .isEqualTo("registry.example.com/web:1@sha256:" + "0".repeat(64));
    assertThat(claims.path("approved_by").toString()).isEqualTo("[\"sec\",\"lead\"]");
  }

  @Test
  void subject_configuredClaims_joinedInOrder() {
    Deployment d = deployment(List.of(), List.of());

    String subject =
        TokenClaims.subject(
            d,
            new TokenSettings(
                List.of("project", "ref", "deployment_id", "environment"), SigningAlgorithm.ES256));

    assertThat(subject)
        .isEqualTo("project:shop:ref:refs/tags/v1.4:deployment_id:42:environment:prod");
  }

  @Test
  void images_unparseableReference_keptAsGiven() {
    assertThat(TokenClaims.images(List.of("Not A Reference"))).containsExactly("Not A Reference");
  }
}
