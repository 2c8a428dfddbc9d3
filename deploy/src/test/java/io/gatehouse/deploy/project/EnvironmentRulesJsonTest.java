package io.gatehouse.deploy.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EnvironmentRulesJsonTest {
  private static final String FULL =
      """
      {"deploymentRefs":{"policy":"patterns","branches":["main"],"tags":["v*"]},
       "reviewers":[{"team":"security","minimum":1},{"users":["carol","dave"],"minimum":2}],
       "waitMinutes":5,
       "gates":[{"name":"health","type":"http","delay":"0s","interval":"30s","timeout":"1h",
                 "parameters":{"url":"https://example.com","callback":true}}],
       "lock":"sequential","allowBypass":true,"reviewTimeout":"720h"}
      """;

  @Test
  void parse_fullDocument_readsEveryField() {
    EnvironmentRules rules = EnvironmentRulesJson.parse(FULL);

    assertThat(rules.deploymentRefs())
        .isEqualTo(new DeploymentRefs(RefPolicy.PATTERNS, List.of("main"), List.of("v*")));
    assertThat(rules.reviewers())
        .containsExactly(
            new ReviewerRequirement(Optional.of("security"), List.of(), 1),
            new ReviewerRequirement(Optional.empty(), List.of("carol", "dave"), 2));
    assertThat(rules.waitMinutes()).isEqualTo(5);
    assertThat(rules.gates())
        .containsExactly(
            new GateSpec(
                "health",
                "http",
                Duration.ZERO,
                Duration.ofSeconds(30),
                Duration.ofHours(1),
                Map.of("url", "https://example.com", "callback", true)));
    assertThat(rules.lock()).isEqualTo(LockMode.SEQUENTIAL);
    assertThat(rules.allowBypass()).isTrue();
    assertThat(rules.reviewTimeout()).isEqualTo(Duration.ofDays(30));
  }

  @Test
  void write_thenParse_roundTrips() {
    EnvironmentRules rules = EnvironmentRulesJson.parse(FULL);
    assertThat(EnvironmentRulesJson.parse(EnvironmentRulesJson.write(rules))).isEqualTo(rules);
    assertThat(EnvironmentRulesJson.write(EnvironmentRules.none()))
        .contains("\"policy\":\"any\"")
        .contains("\"lock\":\"none\"")
        .contains("\"reviewTimeout\":\"30d\"");
  }

  @Test
  void parse_emptyObject_givesDefaults() {
    assertThat(EnvironmentRulesJson.parse("{}")).isEqualTo(EnvironmentRules.none());
  }

  @Test
  void parse_unknownKey_refusedNamingPath() {
    assertThatThrownBy(
            () -> EnvironmentRulesJson.parse("{\"reviewers\":[{\"team\":\"a\",\"x\":1}]}"))
        .isInstanceOf(InvalidRulesException.class)
        .hasMessageStartingWith("reviewers[0].x: unknown key");
  }

  @Test
  void parse_wrongTypes_refused() {
    assertRefused("{\"waitMinutes\":\"5\"}", "waitMinutes", "integer");
    assertRefused("{\"allowBypass\":1}", "allowBypass", "true or false");
    assertRefused("{\"lock\":\"always\"}", "lock", "none, sequential or latest");
    assertRefused("{\"deploymentRefs\":{\"policy\":\"some\"}}", "deploymentRefs.policy", "any");
    assertRefused("{\"gates\":{}}", "gates", "array");
  }

  @Test
  void validate_limits_refused() {
    assertRefused("{\"waitMinutes\":43201}", "waitMinutes", "0 to 43200");
    assertRefused("{\"waitMinutes\":-1}", "waitMinutes", "0 to 43200");
    assertThat(EnvironmentRulesJson.parse("{\"waitMinutes\":43200}").waitMinutes())
        .isEqualTo(43200);
    assertRefused(
        "{\"reviewers\":[{\"team\":\"a\",\"users\":[\"b\"]}]}", "reviewers[0]", "exactly one");
    assertRefused("{\"reviewers\":[{\"minimum\":1}]}", "reviewers[0]", "exactly one");
    assertRefused(
        "{\"reviewers\":[{\"users\":[\"b\"],\"minimum\":2}]}", "reviewers[0].minimum", "1 to 1");
    assertRefused("{\"reviewers\":[{\"team\":\"a\",\"minimum\":0}]}", "reviewers[0].minimum", "");
    assertRefused(
        "{\"gates\":[{\"name\":\"a\",\"type\":\"image-policy\"},{\"name\":\"A\",\"type\":\"image-policy\"}]}",
        "gates[1].name",
        "twice");
    assertRefused("{\"gates\":[{\"name\":\"a\",\"type\":\"magic\"}]}", "gates[0].type", "http");
    assertRefused(
        "{\"gates\":[{\"name\":\"a\",\"type\":\"http\",\"interval\":\"0s\"}]}",
        "gates[0].interval",
        "from 1s");
    assertRefused(
        "{\"gates\":[{\"name\":\"a\",\"type\":\"http\",\"timeout\":\"31d\"}]}",
        "gates[0].timeout",
        "30d");
    assertRefused("{\"reviewTimeout\":\"0s\"}", "reviewTimeout", "from 1m");
    assertRefused(
        "{\"deploymentRefs\":{\"policy\":\"any\",\"branches\":[\"main\"]}}",
        "deploymentRefs",
        "only allowed");
    assertRefused("{\"deploymentRefs\":{\"policy\":\"patterns\"}}", "deploymentRefs", "at least");
    assertRefused(
        "{\"deploymentRefs\":{\"policy\":\"patterns\",\"tags\":[\"v[\"]}}",
        "deploymentRefs.tags[0]",
        "']'");
  }

  private static void assertRefused(String json, String path, String reason) {
    assertThatThrownBy(() -> EnvironmentRulesJson.parse(json))
        .isInstanceOfSatisfying(
            InvalidRulesException.class,
            e -> {
              assertThat(e.path()).isEqualTo(path);
              assertThat(e.reason()).contains(reason);
            });
  }
}
