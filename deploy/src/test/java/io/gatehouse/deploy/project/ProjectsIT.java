package io.gatehouse.deploy.project;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.deploy.access.ApiCalls;
import io.gatehouse.deploy.server.ServerFixture;
import io.gatehouse.testing.DatabaseKind;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ProjectsIT {
  private static final String DOCUMENT =
      """
      version: 1
      users: [{name: dev1}, {name: lead}, {name: sec}, {name: outsider}]
      teams: [{name: security, members: [sec]}]
      projects:
        - name: shop
          maintainers: {users: [lead]}
          deployers: {users: [dev1]}
          environments:
            - name: prod
              reviewers: [{team: security, minimum: 1}]
        - name: secret-project
          environments: [{name: prod}]
      """;

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void projects_otherProjects_invisible(DatabaseKind kind) {
    try (ServerFixture fixture = ServerFixture.start(kind.create())) {
      ApiCalls api = seeded(fixture);
      String dev = token(api, fixture, "dev1");
      String sec = token(api, fixture, "sec");
      String outsider = token(api, fixture, "outsider");

      assertThat(api.get(dev, "/api/v1/projects").body().path("projects").findValuesAsText("name"))
          .containsExactly("shop");
      assertThat(api.get(sec, "/api/v1/projects").body().path("projects").findValuesAsText("name"))
          .containsExactly("shop");
      assertThat(api.get(outsider, "/api/v1/projects").body().path("projects")).isEmpty();
      for (String path :
          new String[] {
            "/api/v1/projects/secret-project",
            "/api/v1/projects/secret-project/environments",
            "/api/v1/projects/secret-project/environments/prod"
          }) {
        ApiCalls.Answer hidden = api.get(dev, path);
        assertThat(hidden.status()).isEqualTo(404);
        assertThat(hidden.raw().body()).doesNotContain("secret-project");
      }
      assertThat(api.delete(dev, "/api/v1/projects/secret-project/environments/prod").status())
          .isEqualTo(404);
      assertThat(api.put(dev, "/api/v1/projects/shop/environments/prod", "{}").status())
          .isEqualTo(403);
      assertThat(api.get(fixture.adminToken(), "/api/v1/projects").body().path("projects"))
          .hasSize(2);
    }
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void environments_namesCaseInsensitive_andBounded(DatabaseKind kind) {
    try (ServerFixture fixture = ServerFixture.start(kind.create())) {
      ApiCalls api = seeded(fixture);
      String lead = token(api, fixture, "lead");

      ApiCalls.Answer created =
          api.put(lead, "/api/v1/projects/shop/environments/QA", "{\"waitMinutes\":5}");
      assertThat(created.status()).isEqualTo(201);
      assertThat(created.body().path("name").asText()).isEqualTo("QA");
      ApiCalls.Answer updated =
          api.put(lead, "/api/v1/projects/SHOP/environments/qa", "{\"waitMinutes\":6}");
      assertThat(updated.status()).isEqualTo(200);
      assertThat(api.get(lead, "/api/v1/projects/shop/environments").body().path("environments"))
          .hasSize(2);
      ApiCalls.Answer read = api.get(lead, "/api/v1/projects/shop/environments/Qa");
      assertThat(read.body().path("rules").path("waitMinutes").asInt()).isEqualTo(6);
      assertThat(read.body().path("name").asText()).isEqualTo("qa");

      String longest = "e".repeat(255);
      assertThat(api.put(lead, "/api/v1/projects/shop/environments/" + longest, "{}").status())
          .isEqualTo(201);
      ApiCalls.Answer tooLong =
          api.put(lead, "/api/v1/projects/shop/environments/" + longest + "e", "{}");
      assertThat(tooLong.status()).isEqualTo(400);
      assertThat(tooLong.message()).contains("255");

      assertThat(api.delete(lead, "/api/v1/projects/shop/environments/QA").status()).isEqualTo(204);
      assertThat(api.get(lead, "/api/v1/projects/shop/environments/qa").status()).isEqualTo(404);
    }
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void putEnvironment_badInput_refusedWithoutChange(DatabaseKind kind) {
    try (ServerFixture fixture = ServerFixture.start(kind.create())) {
      ApiCalls api = seeded(fixture);
      String lead = token(api, fixture, "lead");
      String path = "/api/v1/projects/shop/environments/prod";
      String before = api.get(lead, path).body().toString();

      assertRefused(api.put(lead, path, "{\"waitMinutes\":"), 400, "malformed");
      assertRefused(api.put(lead, path, "{\"wait\":1}"), 400, "wait: unknown key");
      assertRefused(api.put(lead, path, "{\"waitMinutes\":\"1\"}"), 400, "waitMinutes");
      assertRefused(api.put(lead, path, "{\"waitMinutes\":99999}"), 400, "43200");
      assertRefused(
          api.put(lead, path, "{\"reviewers\":[{\"team\":\"ghosts\"}]}"), 400, "no team named");
      assertRefused(api.put(lead, path, "{\"allowBypass\":true}"), 403, "admin");
      assertRefused(
          api.put(lead, path, "{\"reviewTimeout\":\"" + "1".repeat(1 << 20) + "\"}"), 413, "");
      assertRefused(
          api.send(lead, "PUT", path, Optional.of("{}"), "text/plain"), 415, "application/json");
      assertThat(api.get(lead, path).body().toString()).isEqualTo(before);

      ApiCalls.Answer byAdmin = api.put(fixture.adminToken(), path, "{\"allowBypass\":true}");
      assertThat(byAdmin.status()).isEqualTo(200);
      assertThat(byAdmin.body().path("rules").path("allowBypass").asBoolean()).isTrue();
    }
  }

  private static void assertRefused(ApiCalls.Answer answer, int status, String message) {
    assertThat(answer.status()).isEqualTo(status);
    assertThat(answer.message()).contains(message);
  }

  @ParameterizedTest
  @EnumSource(value = DatabaseKind.class, names = "H2")
  void environment_httpGateHeaders_shownOnlyToMaintainers(DatabaseKind kind) {
    try (ServerFixture fixture = ServerFixture.start(kind.create())) {
      ApiCalls api = seeded(fixture);
      String lead = token(api, fixture, "lead");
      String dev = token(api, fixture, "dev1");
      String rules =
          """
          {"gates":[{"name":"health","type":"http","interval":"1m","timeout":"1h",
            "parameters":{"url":"https://checks.example.com/health",
                          "headers":{"Authorization":"Bearer s3cr3t-value"}}}]}
          """;
      assertThat(api.put(lead, "/api/v1/projects/shop/environments/qa", rules).status())
          .isEqualTo(201);

      ApiCalls.Answer asDeployer = api.get(dev, "/api/v1/projects/shop/environments/qa");
      ApiCalls.Answer listed = api.get(dev, "/api/v1/projects/shop/environments");
      ApiCalls.Answer asMaintainer = api.get(lead, "/api/v1/projects/shop/environments/qa");

      assertThat(asDeployer.raw().body()).doesNotContain("s3cr3t").contains("(hidden)");
      assertThat(listed.raw().body()).doesNotContain("s3cr3t");
      assertThat(asMaintainer.body().at("/rules/gates/0/parameters/headers/Authorization").asText())
          .isEqualTo("Bearer s3cr3t-value");
    }
  }

  private static ApiCalls seeded(ServerFixture fixture) {
    ApiCalls api = new ApiCalls(fixture);
    ApiCalls.Answer applied =
        api.post(fixture.adminToken(), "/api/v1/apply", ApiCalls.json("document", DOCUMENT));
    assertThat(applied.status()).as(applied.body().toString()).isEqualTo(200);
    return api;
  }

  private static String token(ApiCalls api, ServerFixture fixture, String user) {
    return api.post(
            fixture.adminToken(),
            "/api/v1/users/" + user + "/tokens",
            ApiCalls.json("name", "test"))
        .body()
        .path("token")
        .asText();
  }
}
