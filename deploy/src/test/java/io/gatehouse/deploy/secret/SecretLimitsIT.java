package io.gatehouse.deploy.secret;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.deploy.access.ApiCalls;
import io.gatehouse.testing.DatabaseKind;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The limits of names and values, and hostile request bodies, against one real server. */
class SecretLimitsIT {
  private static final String MARKER = "hostile-Marker-77ac";
  private static SecretWorld world;

  @BeforeAll
  static void start() {
    world = SecretWorld.create(DatabaseKind.H2.create(), SecretWorld.keys(SecretWorld.newKey()));
  }

  @AfterAll
  static void stop() {
    world.close();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1ABC",
        "A-B",
        "A.B",
        "A%20B",
        "%C3%A4",
        "GATEHOUSE_TOKEN",
        "gatehouse_server",
        "Gatehouse_X",
        "%27%3B--",
        "A%0AB",
        "%E2%82%AC"
      })
  void put_badName_invalidName(String name) {
    for (String kind : List.of("/secrets/", "/variables/")) {
      ApiCalls.Answer answer =
          world.api.put(
              world.maint, SecretWorld.PROD + kind + name, ApiCalls.json("value", MARKER));

      assertThat(answer.status()).as(name + " " + answer.body()).isEqualTo(400);
      assertThat(answer.code()).isEqualTo("invalid_name");
      assertThat(answer.raw().body()).doesNotContain(MARKER);
    }
  }

  @Test
  void put_nameLengths_200AcceptedAnd201Refused() {
    String longest = "N" + "_".repeat(199);
    assertThat(world.putVariable(world.maint, longest, "x").status()).isEqualTo(201);
    ApiCalls.Answer tooLong = world.putVariable(world.maint, longest + "X", "x");
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.message()).isEqualTo("a variable's name must have at most 200 characters");
    assertThat(world.api.delete(world.maint, SecretWorld.PROD + "/variables/" + longest).status())
        .isEqualTo(204);
  }

  @Test
  void put_gatehousePrefixedName_messageNamesTheRule() {
    ApiCalls.Answer answer = world.putSecret(world.maint, "gatehouse_token", "x");

    assertThat(answer.message())
        .isEqualTo("a secret's name must not start with GATEHOUSE_ (reserved for Gatehouse)");
  }

  @Test
  void put_valueSizes_48KiBAcceptedAndOneByteMoreRefused() {
    String ascii = "a".repeat(48 * 1024);
    assertThat(world.putSecret(world.maint, "BIG_SECRET", ascii).status()).isEqualTo(201);
    assertThat(world.putVariable(world.maint, "BIG_VARIABLE", ascii).status()).isEqualTo(201);
    String euros = "€".repeat(48 * 1024 / 3);
    assertThat(world.putSecret(world.maint, "BIG_EUROS", euros).status()).isEqualTo(201);

    for (String value : List.of(ascii + "a", euros + "a", "€".repeat(48 * 1024))) {
      ApiCalls.Answer secret = world.putSecret(world.maint, "TOO_BIG", value);
      assertThat(secret.status()).isEqualTo(400);
      assertThat(secret.code()).isEqualTo("value_too_large");
      assertThat(secret.message()).doesNotContain("aaaa").doesNotContain("€");
      assertThat(world.putVariable(world.maint, "TOO_BIG", value).code())
          .isEqualTo("value_too_large");
    }
    assertThat(world.api.get(world.maint, SecretWorld.PROD + "/secrets/TOO_BIG").status())
        .isEqualTo(404);
    for (String name : List.of("BIG_SECRET", "BIG_EUROS")) {
      world.api.delete(world.maint, SecretWorld.PROD + "/secrets/" + name);
    }
    world.api.delete(world.maint, SecretWorld.PROD + "/variables/BIG_VARIABLE");
  }

  @Test
  void put_101stSecret_limitReached() {
    String environment = "/api/v1/projects/shop/environments/dev";
    for (int i = 0; i < 100; i++) {
      ApiCalls.Answer set =
          world.api.put(
              world.maint, environment + "/secrets/S" + i, ApiCalls.json("value", "v" + i));
      assertThat(set.status()).as("secret %d", i).isEqualTo(201);
    }

    ApiCalls.Answer refused =
        world.api.put(world.maint, environment + "/secrets/S100", ApiCalls.json("value", "v"));

    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.code()).isEqualTo("limit_reached");
    assertThat(refused.message()).isEqualTo("an environment holds at most 100 secrets");
    assertThat(
            world
                .api
                .put(world.maint, environment + "/secrets/S99", ApiCalls.json("value", "w"))
                .status())
        .as("replacing one of the 100 is fine")
        .isEqualTo(200);
    assertThat(
            world
                .api
                .put(world.maint, environment + "/variables/V0", ApiCalls.json("value", "v"))
                .status())
        .as("variables count apart")
        .isEqualTo(201);
    assertThat(world.api.get(world.maint, environment + "/secrets").body().path("secrets").size())
        .isEqualTo(100);
  }

  @Test
  void put_101stVariable_limitReached() {
    String environment = "/api/v1/projects/other/environments/prod";
    String admin = world.admin;
    for (int i = 0; i < 100; i++) {
      assertThat(
              world
                  .api
                  .put(admin, environment + "/variables/V" + i, ApiCalls.json("value", ""))
                  .status())
          .isEqualTo(201);
    }
    ApiCalls.Answer refused =
        world.api.put(admin, environment + "/variables/V100", ApiCalls.json("value", ""));

    assertThat(refused.code()).isEqualTo("limit_reached");
    assertThat(refused.message()).isEqualTo("an environment holds at most 100 variables");
  }

  @Test
  void put_caseClash_nameConflictAcrossSecretsAndVariables() {
    assertThat(world.putSecret(world.maint, "DB_PASS", "one").status()).isEqualTo(201);

    ApiCalls.Answer otherCase = world.putSecret(world.maint, "Db_Pass", "two");
    assertThat(otherCase.status()).isEqualTo(409);
    assertThat(otherCase.code()).isEqualTo("name_conflict");
    assertThat(otherCase.message()).contains("named DB_PASS");
    ApiCalls.Answer asVariable = world.putVariable(world.maint, "db_pass", "three");
    assertThat(asVariable.status()).isEqualTo(409);
    assertThat(asVariable.code()).isEqualTo("name_conflict");
    assertThat(world.putVariable(world.maint, "REGION_X", "x").status()).isEqualTo(201);
    assertThat(world.putSecret(world.maint, "region_x", "y").code()).isEqualTo("name_conflict");
    assertThat(world.api.get(world.maint, SecretWorld.PROD + "/secrets").raw().body())
        .doesNotContain("Db_Pass")
        .doesNotContain("region_x");

    world.api.delete(world.maint, SecretWorld.PROD + "/secrets/db_pass");
    world.api.delete(world.maint, SecretWorld.PROD + "/variables/REGION_X");
  }

  @Test
  void put_hostileBodies_refusedWithoutEcho() {
    String path = SecretWorld.PROD + "/secrets/HOSTILE";
    record Case(String body, String contentType, int status, String code) {}
    List<Case> cases =
        List.of(
            new Case("{\"value\":\"" + MARKER, "application/json", 400, "invalid_request"),
            new Case("[\"" + MARKER + "\"]", "application/json", 400, "invalid_request"),
            new Case("{\"value\":42}", "application/json", 400, "invalid_request"),
            new Case("{\"value\":null}", "application/json", 400, "invalid_request"),
            new Case("{}", "application/json", 400, "invalid_request"),
            new Case("", "application/json", 400, "invalid_request"),
            new Case(
                "{\"value\":\"a\",\"value\":\"" + MARKER + "\"}",
                "application/json",
                400,
                "invalid_request"),
            new Case(
                "{\"value\":\"" + MARKER + "\",\"extra\":1}",
                "application/json",
                400,
                "invalid_request"),
            new Case("{\"value\":\"" + MARKER + "\"}", "text/plain", 415, "unsupported_media_type"),
            new Case(
                "{\"value\":\"" + MARKER + "\\u0000x\"}", "application/json", 400, "invalid_value"),
            new Case(
                "{\"value\":\"" + MARKER + "\\ud800\"}", "application/json", 400, "invalid_value"),
            new Case("{\"value\":\"\"}", "application/json", 400, "invalid_value"),
            new Case(
                "{\"value\":\"" + MARKER.repeat(70_000) + "\"}",
                "application/json",
                413,
                "payload_too_large"),
            new Case(
                "{\"value\":" + "[".repeat(100) + "]".repeat(100) + "}",
                "application/json",
                400,
                "invalid_request"));
    for (Case c : cases) {
      ApiCalls.Answer answer =
          world.api.send(world.maint, "PUT", path, Optional.of(c.body()), c.contentType());

      assertThat(answer.status())
          .as(c.body().substring(0, Math.min(80, c.body().length())))
          .isEqualTo(c.status());
      assertThat(answer.code()).isEqualTo(c.code());
      assertThat(answer.raw().body()).doesNotContain(MARKER);
    }
    assertThat(world.api.get(world.maint, path).status()).isEqualTo(404);
  }
}
