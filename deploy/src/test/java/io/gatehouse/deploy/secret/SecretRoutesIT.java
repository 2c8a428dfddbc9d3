package io.gatehouse.deploy.secret;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.deploy.access.ApiCalls;
import io.gatehouse.testing.DatabaseKind;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SecretRoutesIT {
  private static final String VALUE = "s3cret-Value-9f1c";

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void secrets_setListGetDelete_neverAnswerAValue(DatabaseKind kind) {
    try (SecretWorld world =
        SecretWorld.create(kind.create(), SecretWorld.keys(SecretWorld.newKey()))) {
      ApiCalls.Answer created = world.putSecret(world.maint, "DB_PASSWORD", VALUE);
      assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
      assertThat(created.body().path("name").asText()).isEqualTo("DB_PASSWORD");
      assertThat(created.body().path("updatedBy").asText()).isEqualTo("maint");
      assertThat(created.body().has("value")).isFalse();

      ApiCalls.Answer replaced = world.putSecret(world.admin, "DB_PASSWORD", VALUE + "2");
      assertThat(replaced.status()).isEqualTo(200);
      assertThat(replaced.body().path("updatedBy").asText()).isEqualTo("admin");
      ApiCalls.Answer listed = world.api.get(world.maint, SecretWorld.PROD + "/secrets");
      assertThat(listed.status()).isEqualTo(200);
      assertThat(listed.body().path("secrets").findValuesAsText("name"))
          .containsExactly("DB_PASSWORD");
      ApiCalls.Answer one = world.api.get(world.maint, SecretWorld.PROD + "/secrets/db_password");
      assertThat(one.status()).isEqualTo(200);
      for (ApiCalls.Answer answer : List.of(created, replaced, listed, one)) {
        assertThat(answer.raw().body()).doesNotContain(VALUE).doesNotContain("gh1.");
      }

      assertThat(world.api.delete(world.maint, SecretWorld.PROD + "/secrets/Db_Password").status())
          .isEqualTo(204);
      ApiCalls.Answer gone = world.api.get(world.maint, SecretWorld.PROD + "/secrets/DB_PASSWORD");
      assertThat(gone.status()).isEqualTo(404);
      assertThat(gone.message()).isEqualTo("no secret named DB_PASSWORD");
      assertThat(world.api.delete(world.maint, SecretWorld.PROD + "/secrets/DB_PASSWORD").status())
          .isEqualTo(404);
    }
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void variables_setGetListDelete_answerValues(DatabaseKind kind) {
    try (SecretWorld world =
        SecretWorld.create(kind.create(), SecretWorld.keys(SecretWorld.newKey()))) {
      String multiLine = "line one\nline 'two' $HOME `x`\n";
      assertThat(world.putVariable(world.maint, "REGION", "westeurope").status()).isEqualTo(201);
      assertThat(world.putVariable(world.maint, "CONFIG", multiLine).status()).isEqualTo(201);
      assertThat(world.putVariable(world.maint, "EMPTY", "").status()).isEqualTo(201);

      ApiCalls.Answer one = world.api.get(world.maint, SecretWorld.PROD + "/variables/region");
      assertThat(one.body().path("value").asText()).isEqualTo("westeurope");
      ApiCalls.Answer listed = world.api.get(world.maint, SecretWorld.PROD + "/variables");
      assertThat(listed.body().path("variables").findValuesAsText("name"))
          .containsExactly("CONFIG", "EMPTY", "REGION");
      assertThat(listed.body().path("variables").get(0).path("value").asText())
          .isEqualTo(multiLine);
      assertThat(world.api.delete(world.maint, SecretWorld.PROD + "/variables/REGION").status())
          .isEqualTo(204);
      assertThat(world.api.get(world.maint, SecretWorld.PROD + "/variables/REGION").status())
          .isEqualTo(404);
    }
  }

  @Test
  void routes_whoMay_maintainersAndAdminsOnly() {
    try (SecretWorld world =
        SecretWorld.create(DatabaseKind.H2.create(), SecretWorld.keys(SecretWorld.newKey()))) {
      assertThat(world.putSecret(world.maint, "TOKEN_A", VALUE).status()).isEqualTo(201);
      for (String path : List.of("/secrets", "/secrets/TOKEN_A", "/variables")) {
        ApiCalls.Answer deployer = world.api.get(world.dev, SecretWorld.PROD + path);
        assertThat(deployer.status()).isEqualTo(403);
        assertThat(deployer.code()).isEqualTo("forbidden");
        ApiCalls.Answer stranger = world.api.get(world.outsider, SecretWorld.PROD + path);
        assertThat(stranger.status()).isEqualTo(404);
        assertThat(stranger.message()).isEqualTo("no such project");
        assertThat(world.api.get(null, SecretWorld.PROD + path).status()).isEqualTo(401);
        assertThat(world.api.get(world.admin, SecretWorld.PROD + path).status()).isEqualTo(200);
      }
      assertThat(world.putSecret(world.dev, "TOKEN_A", "x").status()).isEqualTo(403);
      assertThat(world.putSecret(world.sec, "TOKEN_A", "x").status()).isEqualTo(403);
      assertThat(world.putVariable(world.outsider, "A", "x").status()).isEqualTo(404);
      assertThat(world.api.delete(world.dev, SecretWorld.PROD + "/secrets/TOKEN_A").status())
          .isEqualTo(403);
      ApiCalls.Answer noEnvironment =
          world.api.get(world.maint, "/api/v1/projects/shop/environments/qa/secrets");
      assertThat(noEnvironment.status()).isEqualTo(404);
      assertThat(noEnvironment.message()).isEqualTo("no such environment");
    }
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void release_onlyToTheJobWhileActive_auditedWithoutValues(DatabaseKind kind) throws Exception {
    try (SecretWorld world =
        SecretWorld.create(kind.create(), SecretWorld.keys(SecretWorld.newKey()))) {
      assertThat(world.putSecret(world.maint, "DB_PASSWORD", VALUE).status()).isEqualTo(201);
      assertThat(world.putSecret(world.maint, "API_KEY", "k\n'quoted'\n").status()).isEqualTo(201);
      assertThat(world.putVariable(world.maint, "REGION", "westeurope").status()).isEqualTo(201);
      String job = world.token("dev");
      long id = world.deploy(job, "prod");

      ApiCalls.Answer waiting = world.secretsOf(job, id);
      assertThat(waiting.status()).isEqualTo(409);
      assertThat(waiting.code()).isEqualTo("deployment_not_active");
      world.approve(id);

      ApiCalls.Answer released = world.secretsOf(job, id);
      assertThat(released.status()).as(released.body().toString()).isEqualTo(200);
      assertThat(released.body().path("secrets").path("DB_PASSWORD").asText()).isEqualTo(VALUE);
      assertThat(released.raw().headers().firstValue("Cache-Control")).hasValue("no-store");
      assertThat(released.body().path("secrets").path("API_KEY").asText())
          .isEqualTo("k\n'quoted'\n");
      assertThat(released.body().path("variables").path("REGION").asText()).isEqualTo("westeurope");
      List<String> fields = new ArrayList<>();
      released.body().fieldNames().forEachRemaining(fields::add);
      assertThat(fields).containsExactly("secrets", "variables");

      String otherTokenOfTheSameUser = world.token("dev");
      assertRefused(world.secretsOf(otherTokenOfTheSameUser, id), 403, "not_deployment_job");
      assertRefused(world.secretsOf(world.maint, id), 403, "not_deployment_job");
      assertRefused(world.secretsOf(world.admin, id), 403, "not_deployment_job");
      assertRefused(world.secretsOf(world.outsider, id), 404, "not_found");
      long otherDeployment = world.deploy(otherTokenOfTheSameUser, "dev");
      assertRefused(world.secretsOf(job, otherDeployment), 403, "not_deployment_job");
      assertThat(world.secretsOf(otherTokenOfTheSameUser, otherDeployment).status()).isEqualTo(200);
      assertRefused(world.secretsOf(job, 999_999), 404, "not_found");
      assertRefused(world.secretsOf(job, -1), 404, "not_found");
      assertRefused(world.api.get(job, "/api/v1/deployments/x%27/secrets"), 404, "not_found");

      world.report(job, id, "in_progress");
      assertThat(world.secretsOf(job, id).status()).isEqualTo(200);
      world.report(job, id, "success");
      ApiCalls.Answer ended = world.secretsOf(job, id);
      assertRefused(ended, 409, "deployment_not_active");
      assertThat(ended.message()).contains("success");

      List<String> reads = auditInputs(world, "deployment.secrets.read");
      assertThat(reads).hasSize(3);
      assertThat(reads.getFirst())
          .contains("DB_PASSWORD", "API_KEY", "REGION", "prod")
          .doesNotContain(VALUE)
          .doesNotContain("westeurope");
    }
  }

  @Test
  void release_cancelledDeployment_refused() {
    try (SecretWorld world =
        SecretWorld.create(DatabaseKind.H2.create(), SecretWorld.keys(SecretWorld.newKey()))) {
      assertThat(world.putSecret(world.maint, "DB_PASSWORD", VALUE).status()).isEqualTo(201);
      long id = world.deploy(world.dev, "dev");
      assertThat(world.secretsOf(world.dev, id).status()).isEqualTo(200);
      ApiCalls.Answer cancelled =
          world.api.post(
              world.dev,
              "/api/v1/deployments/" + id + "/cancel",
              ApiCalls.json("comment", "no longer needed"));
      assertThat(cancelled.status()).as(cancelled.body().toString()).isEqualTo(200);

      assertRefused(world.secretsOf(world.dev, id), 409, "deployment_not_active");
    }
  }

  @Test
  void release_environmentWithoutValues_answersEmptyMaps() {
    try (SecretWorld world =
        SecretWorld.create(DatabaseKind.H2.create(), SecretWorld.keys(SecretWorld.newKey()))) {
      long id = world.deploy(world.dev, "dev");

      ApiCalls.Answer released = world.secretsOf(world.dev, id);

      assertThat(released.status()).isEqualTo(200);
      assertThat(released.raw().body()).isEqualTo("{\"secrets\":{},\"variables\":{}}");
    }
  }

  @Test
  void writes_audited_withNameNeverValue() throws Exception {
    try (SecretWorld world =
        SecretWorld.create(DatabaseKind.H2.create(), SecretWorld.keys(SecretWorld.newKey()))) {
      world.putSecret(world.maint, "DB_PASSWORD", VALUE);
      world.putSecret(world.maint, "DB_PASSWORD", VALUE + "-2");
      world.putVariable(world.maint, "REGION", "westeurope-unique");
      world.api.delete(world.maint, SecretWorld.PROD + "/secrets/DB_PASSWORD");

      assertThat(auditInputs(world, "secret.set"))
          .containsExactly(
              "{\"change\":\"created\",\"name\":\"DB_PASSWORD\"}",
              "{\"change\":\"updated\",\"name\":\"DB_PASSWORD\"}");
      assertThat(auditInputs(world, "secret.delete")).containsExactly("{\"name\":\"DB_PASSWORD\"}");
      assertThat(auditInputs(world, "variable.set"))
          .containsExactly("{\"change\":\"created\",\"name\":\"REGION\"}");
    }
  }

  @Test
  void deleteEnvironment_withValues_removesThem() throws Exception {
    try (SecretWorld world =
        SecretWorld.create(DatabaseKind.H2.create(), SecretWorld.keys(SecretWorld.newKey()))) {
      String qa = "/api/v1/projects/shop/environments/qa";
      assertThat(world.api.put(world.maint, qa, "{}").status()).isEqualTo(201);
      assertThat(
              world.api.put(world.maint, qa + "/secrets/A", ApiCalls.json("value", "a")).status())
          .isEqualTo(201);
      assertThat(
              world.api.put(world.maint, qa + "/variables/B", ApiCalls.json("value", "b")).status())
          .isEqualTo(201);

      assertThat(world.api.delete(world.maint, qa).status()).isEqualTo(204);

      assertThat(world.api.put(world.maint, qa, "{}").status()).isEqualTo(201);
      assertThat(world.api.get(world.maint, qa + "/secrets").body().path("secrets")).isEmpty();
      assertThat(world.api.get(world.maint, qa + "/variables").body().path("variables")).isEmpty();
    }
  }

  private static void assertRefused(ApiCalls.Answer answer, int status, String code) {
    assertThat(answer.status()).as(answer.body().toString()).isEqualTo(status);
    assertThat(answer.code()).isEqualTo(code);
    assertThat(answer.raw().body()).doesNotContain(VALUE);
  }

  static List<String> auditInputs(SecretWorld world, String action) throws Exception {
    List<String> inputs = new ArrayList<>();
    try (Connection connection = ApiCalls.connect(world.database);
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT action, inputs FROM audit_entries ORDER BY at_micros, chain, seq")) {
      while (rows.next()) {
        if (rows.getString(1).equals(action)) {
          inputs.add(Optional.ofNullable(rows.getString(2)).orElse(""));
        }
      }
    }
    return inputs;
  }
}
