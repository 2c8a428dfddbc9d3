package io.gatehouse.images.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NameGlobTest {
  @ParameterizedTest
  @CsvSource({
    "kube-system, kube-system, true",
    "kube-system, kube-system2, false",
    "team-*, team-a, true",
    "team-*, team-, true",
    "team-*, team, false",
    "team-*, xteam-a, false",
    "*-prod, team-a-prod, true",
    "*-prod, team-a-prod-2, false",
    "team-*-prod, team-a-prod, true",
    "team-*-prod, team--prod, true",
    "team-*-prod, team-prod, false",
    "a*b*c, abc, true",
    "a*b*c, axxbyyc, true",
    "a*b*c, acb, false",
    "a*b*c, abcb, false",
    "a*a, a, false",
    "a*a, aa, true",
    "*, anything, true",
    "**, x, true",
  })
  void matches_name_followsGlob(String pattern, String name, boolean expected) {
    assertThat(NameGlob.of(pattern).matches(name))
        .as("%s matches %s", pattern, name)
        .isEqualTo(expected);
  }

  @Test
  void problem_badPattern_isNamed() {
    assertThat(NameGlob.problem("team-*")).isEmpty();
    assertThat(NameGlob.problem("")).isPresent();
    assertThat(NameGlob.problem("Team")).isPresent();
    assertThat(NameGlob.problem("team?")).isPresent();
    assertThat(NameGlob.problem("a".repeat(64))).isPresent();
  }
}
