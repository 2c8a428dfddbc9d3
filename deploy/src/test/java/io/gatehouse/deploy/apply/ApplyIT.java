package io.gatehouse.deploy.apply;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.deploy.access.ApiCalls;
import io.gatehouse.deploy.access.ApiTokens;
import io.gatehouse.deploy.access.Principal;
import io.gatehouse.deploy.access.Users;
import io.gatehouse.deploy.audit.AuditLog;
import io.gatehouse.deploy.notify.WebhookStore;
import io.gatehouse.deploy.persistence.Database;
import io.gatehouse.deploy.persistence.DatabaseConfig;
import io.gatehouse.deploy.project.Projects;
import io.gatehouse.deploy.server.ServerFixture;
import io.gatehouse.testing.DatabaseKind;
import io.gatehouse.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ApplyIT {
  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void apply_demoTwice_secondAllUnchanged(DatabaseKind kind) {
    try (ServerFixture fixture = ServerFixture.start(kind.create())) {
      ApiCalls api = new ApiCalls(fixture);

      ApiCalls.Answer first = apply(api, fixture.adminToken(), DemoSeed.DOCUMENT, false);

      assertThat(first.status()).isEqualTo(200);
      assertThat(actions(first.body()))
          .contains(
              "user admin unchanged",
              "user developer create",
              "team security create",
              "project shop create",
              "environment shop/prod create");
      ApiCalls.Answer second = apply(api, fixture.adminToken(), DemoSeed.DOCUMENT, false);
      assertThat(second.status()).isEqualTo(200);
      assertThat(second.body().path("changes").findValuesAsText("action"))
          .isNotEmpty()
          .containsOnly("unchanged");
      ApiCalls.Answer prod =
          api.get(fixture.adminToken(), "/api/v1/projects/shop/environments/prod");
      assertThat(prod.body().path("rules").path("reviewers")).hasSize(2);
      assertThat(prod.body().path("rules").path("waitMinutes").asInt()).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void apply_documentWithLateError_changesNothing(DatabaseKind kind) {
    try (ServerFixture fixture = ServerFixture.start(kind.create())) {
      ApiCalls api = new ApiCalls(fixture);
      String document =
          """
          version: 1
          users: [{name: carol}]
          teams: [{name: qa, members: [carol]}]
          projects:
            - name: shop
              environments:
                - name: prod
                  reviewers: [{team: nobody, minimum: 1}]
          """;

      ApiCalls.Answer answer = apply(api, fixture.adminToken(), document, false);

      assertThat(answer.status()).isEqualTo(400);
      assertThat(answer.code()).isEqualTo("invalid_document");
      assertThat(answer.message())
          .startsWith("gatehouse.yaml: projects[0].environments[0].reviewers[0].team:")
          .endsWith("no team named 'nobody'");
      assertThat(api.get(fixture.adminToken(), "/api/v1/users").body().path("users")).hasSize(1);
      assertThat(api.get(fixture.adminToken(), "/api/v1/teams").body().path("teams")).isEmpty();
      assertThat(api.get(fixture.adminToken(), "/api/v1/projects").body().path("projects"))
          .isEmpty();
    }
  }

  @Test
  void apply_dryRun_reportsButKeepsNothing() {
    try (ServerFixture fixture = ServerFixture.start(DatabaseKind.H2.create())) {
      ApiCalls api = new ApiCalls(fixture);

      ApiCalls.Answer plan = apply(api, fixture.adminToken(), DemoSeed.DOCUMENT, true);

      assertThat(plan.status()).isEqualTo(200);
      assertThat(plan.body().path("dryRun").asBoolean()).isTrue();
      assertThat(actions(plan.body())).contains("project shop create");
      assertThat(api.get(fixture.adminToken(), "/api/v1/projects").body().path("projects"))
          .isEmpty();
    }
  }

  @Test
  void apply_environmentLeftOut_deletedAndRolesReplaced() {
    try (ServerFixture fixture = ServerFixture.start(DatabaseKind.H2.create())) {
      ApiCalls api = new ApiCalls(fixture);
      apply(api, fixture.adminToken(), DemoSeed.DOCUMENT, false);
      String smaller =
          DemoSeed.DOCUMENT.substring(0, DemoSeed.DOCUMENT.indexOf("      - name: staging"));

      ApiCalls.Answer answer = apply(api, fixture.adminToken(), smaller, false);

      assertThat(actions(answer.body()))
          .contains(
              "environment shop/dev unchanged",
              "environment shop/staging delete",
              "environment shop/prod delete");
      assertThat(api.get(fixture.adminToken(), "/api/v1/projects/shop").body().path("environments"))
          .hasSize(1);
    }
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void apply_deploymentTokenSettings_storedUnchangedThenReset(DatabaseKind kind) {
    try (ServerFixture fixture = ServerFixture.start(kind.create())) {
      ApiCalls api = new ApiCalls(fixture);
      String document =
          """
          version: 1
          projects:
            - name: shop
              deploymentToken:
                subjectClaims: [project, environment, ref]
                algorithm: RS256
          """;
      String settings = "/api/v1/projects/shop/deployment-token-settings";

      assertThat(actions(apply(api, fixture.adminToken(), document, false).body()))
          .contains("deployment token settings shop create");
      JsonNode stored = api.get(fixture.adminToken(), settings).body();
      assertThat(stored.path("subjectClaims").toString())
          .isEqualTo("[\"project\",\"environment\",\"ref\"]");
      assertThat(stored.path("algorithm").asText()).isEqualTo("RS256");
      assertThat(actions(apply(api, fixture.adminToken(), document, false).body()))
          .contains("deployment token settings shop unchanged");

      String without = document.substring(0, document.indexOf("    deploymentToken:"));
      assertThat(actions(apply(api, fixture.adminToken(), without, false).body()))
          .contains("deployment token settings shop delete");
      JsonNode reset = api.get(fixture.adminToken(), settings).body();
      assertThat(reset.path("subjectClaims").toString()).isEqualTo("[\"project\",\"environment\"]");
      assertThat(reset.path("algorithm").asText()).isEqualTo("ES256");
    }
  }

  @Test
  void apply_badDeploymentTokenSettings_refusedNamingThePath() {
    try (ServerFixture fixture = ServerFixture.start(DatabaseKind.H2.create())) {
      ApiCalls api = new ApiCalls(fixture);
      Map<String, String> cases =
          Map.of(
              "{subjectClaims: [environment, project]}",
              "projects[0].deploymentToken.subjectClaims: the subject's claims must start with"
                  + " 'project'",
              "{subjectClaims: [project, secret]}",
              "projects[0].deploymentToken.subjectClaims: 'secret' cannot be part of the subject",
              "{subjectClaims: [project, project]}",
              "projects[0].deploymentToken.subjectClaims: the subject names 'project' twice",
              "{algorithm: HS256}",
              "projects[0].deploymentToken.algorithm: must be ES256 or RS256",
              "{audience: x}",
              "projects[0].deploymentToken",
              "[project]",
              "projects[0].deploymentToken");
      cases.forEach(
          (value, message) -> {
            ApiCalls.Answer answer =
                apply(
                    api,
                    fixture.adminToken(),
                    "version: 1\nprojects:\n  - name: shop\n    deploymentToken: " + value + "\n",
                    false);
            assertThat(answer.status()).as(value).isEqualTo(400);
            assertThat(answer.message()).as(value).contains(message);
          });
      assertThat(api.get(fixture.adminToken(), "/api/v1/projects").body().path("projects"))
          .isEmpty();
    }
  }

  @Test
  void apply_badRequests_refused() {
    try (ServerFixture fixture = ServerFixture.start(DatabaseKind.H2.create())) {
      ApiCalls api = new ApiCalls(fixture);
      String alice = api.userWithToken("alice", false);

      assertThat(apply(api, alice, DemoSeed.DOCUMENT, false).status()).isEqualTo(403);
      ApiCalls.Answer unknown =
          api.post(fixture.adminToken(), "/api/v1/apply", ApiCalls.json("doc", "x"));
      assertThat(unknown.status()).isEqualTo(400);
      assertThat(unknown.message()).contains("unknown field 'doc'");
      ApiCalls.Answer missing =
          api.post(fixture.adminToken(), "/api/v1/apply", ApiCalls.json("dryRun", true));
      assertThat(missing.status()).isEqualTo(400);
      ApiCalls.Answer wrongType =
          api.post(fixture.adminToken(), "/api/v1/apply", ApiCalls.json("document", List.of()));
      assertThat(wrongType.status()).isEqualTo(400);
      ApiCalls.Answer malformed = api.post(fixture.adminToken(), "/api/v1/apply", "{");
      assertThat(malformed.status()).isEqualTo(400);
      ApiCalls.Answer oversized =
          apply(api, fixture.adminToken(), "version: 1\n#" + "x".repeat(1 << 20), false);
      assertThat(oversized.status()).isEqualTo(413);
      ApiCalls.Answer demote =
          apply(api, fixture.adminToken(), "version: 1\nusers: [{name: admin}]\n", false);
      assertThat(demote.status()).isEqualTo(400);
      assertThat(demote.message()).contains("no admin");
      assertThat(api.get(fixture.adminToken(), "/api/v1/whoami").body().path("admin").asBoolean())
          .isTrue();
    }
  }

  @Test
  void demoSeed_createsUsersAndTokens() {
    TestDatabase test = DatabaseKind.H2.create();
    DatabaseConfig config =
        new DatabaseConfig(
            test.jdbcUrl(), test.user(), test.password(), DatabaseConfig.DEFAULT_CONNECT_TIMEOUT);
    try (Database database = Database.open(config, new SimpleMeterRegistry())) {
      Clock clock = Clock.systemUTC();
      Users users = new Users(clock);
      ApiTokens tokens = new ApiTokens(clock, new SecureRandom());
      long adminId =
          database.jdbi().inTransaction(handle -> users.create(handle, "admin", true).id());
      ApplyService service =
          new ApplyService(
              database.jdbi(),
              users,
              new Projects(clock),
              new AuditLog(clock),
              new WebhookStore(clock),
              clock);

      Map<String, String> created =
          DemoSeed.seed(
              service, database.jdbi(), users, tokens, new Principal(adminId, "admin", true));

      assertThat(created)
          .containsOnlyKeys("admin", "developer", "security-reviewer", "ops-reviewer");
      assertThat(created.values()).allSatisfy(token -> assertThat(token).startsWith("gth_"));
    }
  }

  private static ApiCalls.Answer apply(
      ApiCalls api, String token, String document, boolean dryRun) {
    return api.post(token, "/api/v1/apply", ApiCalls.json("document", document, "dryRun", dryRun));
  }

  private static List<String> actions(JsonNode plan) {
    List<String> actions = new ArrayList<>();
    for (JsonNode change : plan.path("changes")) {
      actions.add(
          change.path("kind").asText()
              + " "
              + change.path("name").asText()
              + " "
              + change.path("action").asText());
    }
    return actions;
  }
}
