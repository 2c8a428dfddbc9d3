package io.gatehouse.images.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.images.policy.LabelSelector.Operator;
import io.gatehouse.images.policy.LabelSelector.Requirement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LabelSelectorTest {
  private static final Map<String, String> PROD = Map.of("env", "prod", "team", "a");

  @Test
  void matches_matchLabels_needsEveryPair() {
    assertThat(selector(Map.of("env", "prod")).matches(PROD)).isTrue();
    assertThat(selector(Map.of("env", "prod", "team", "a")).matches(PROD)).isTrue();
    assertThat(selector(Map.of("env", "prod", "team", "b")).matches(PROD)).isFalse();
    assertThat(selector(Map.of("missing", "")).matches(PROD)).isFalse();
  }

  @Test
  void matches_in_needsThePresentValueInTheSet() {
    assertThat(expression("env", Operator.IN, "prod", "staging").matches(PROD)).isTrue();
    assertThat(expression("env", Operator.IN, "dev").matches(PROD)).isFalse();
    assertThat(expression("zone", Operator.IN, "a").matches(PROD)).isFalse();
  }

  @Test
  void matches_notIn_holdsWhenTheLabelIsAbsent() {
    assertThat(expression("env", Operator.NOT_IN, "dev").matches(PROD)).isTrue();
    assertThat(expression("env", Operator.NOT_IN, "prod").matches(PROD)).isFalse();
    assertThat(expression("zone", Operator.NOT_IN, "a").matches(PROD)).isTrue();
  }

  @Test
  void matches_existsAndDoesNotExist_lookAtTheKeyOnly() {
    assertThat(expression("env", Operator.EXISTS).matches(PROD)).isTrue();
    assertThat(expression("zone", Operator.EXISTS).matches(PROD)).isFalse();
    assertThat(expression("zone", Operator.DOES_NOT_EXIST).matches(PROD)).isTrue();
    assertThat(expression("env", Operator.DOES_NOT_EXIST).matches(PROD)).isFalse();
  }

  @Test
  void matches_labelsAndExpressions_mustAllHold() {
    LabelSelector both =
        new LabelSelector(
            Map.of("team", "a"), List.of(new Requirement("env", Operator.IN, Set.of("dev"))));

    assertThat(both.matches(PROD)).isFalse();
  }

  @Test
  void keyProblem_followsKubernetesQualifiedNames() {
    assertThat(LabelSelector.keyProblem("env")).isEmpty();
    assertThat(LabelSelector.keyProblem("gatehouse.io/exempt")).isEmpty();
    assertThat(LabelSelector.keyProblem("app.kubernetes.io/Name_1.x")).isEmpty();
    assertThat(LabelSelector.keyProblem("")).isPresent();
    assertThat(LabelSelector.keyProblem("/name")).isPresent();
    assertThat(LabelSelector.keyProblem("Gatehouse.io/x")).isPresent();
    assertThat(LabelSelector.keyProblem("a/b/c")).isPresent();
    assertThat(LabelSelector.keyProblem("-env")).isPresent();
    assertThat(LabelSelector.keyProblem("a".repeat(64))).isPresent();
  }

  @Test
  void valueProblem_allowsEmptyAndRefusesBadCharacters() {
    assertThat(LabelSelector.valueProblem("")).isEmpty();
    assertThat(LabelSelector.valueProblem("true")).isEmpty();
    assertThat(LabelSelector.valueProblem("a b")).isPresent();
    assertThat(LabelSelector.valueProblem("x-")).isPresent();
    assertThat(LabelSelector.valueProblem("v".repeat(64))).isPresent();
  }

  private static LabelSelector selector(Map<String, String> matchLabels) {
    return new LabelSelector(matchLabels, List.of());
  }

  private static LabelSelector expression(String key, Operator operator, String... values) {
    return new LabelSelector(Map.of(), List.of(new Requirement(key, operator, Set.of(values))));
  }
}
