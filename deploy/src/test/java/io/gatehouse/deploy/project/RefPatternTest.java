package io.gatehouse.deploy.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RefPatternTest {
  @ParameterizedTest
  @CsvSource({
    "main, main, true",
    "main, main2, false",
    "release/*, release/1.0, true",
    "release/*, release/1.0/hotfix, false",
    "release/**, release/1.0/hotfix, true",
    "release/**, release/, true",
    "**, feature/a/b, true",
    "*, feature/a, false",
    "v*, v1.2.3, true",
    "v*, 1.2.3, false",
    "v?.?, v1.2, true",
    "v?.?, v1.22, false",
    "v?, v/, false",
    "v[0-9]*, v1.0, true",
    "v[0-9]*, vx, false",
    "[!x]y, ay, true",
    "[!x]y, xy, false",
    "[abc], /, false",
    "feat.x, featax, false",
    "a+b, a+b, true",
    "**/hotfix, team/x/hotfix, true",
    "**/hotfix, hotfix2, false"
  })
  void matches_pattern_followsFnmatch(String pattern, String name, boolean expected) {
    assertThat(RefPattern.compile(pattern).matches(name)).isEqualTo(expected);
  }

  @Test
  void compile_unterminatedClass_refused() {
    assertThatThrownBy(() -> RefPattern.compile("v[0-9"))
        .isInstanceOf(InvalidRulesException.class)
        .hasMessageContaining("no ']'");
  }

  @Test
  void compile_emptyOrSpaces_refused() {
    assertThatThrownBy(() -> RefPattern.compile("")).isInstanceOf(InvalidRulesException.class);
    assertThatThrownBy(() -> RefPattern.compile("a b")).isInstanceOf(InvalidRulesException.class);
    assertThatThrownBy(() -> RefPattern.compile("x".repeat(256)))
        .isInstanceOf(InvalidRulesException.class);
  }

  @Test
  void matches_manyStars_staysFast() {
    RefPattern pattern = RefPattern.compile("*a*a*a*a*a*a*a*a*a*a*a*a*b");
    long start = System.nanoTime();
    assertThat(pattern.matches("a".repeat(200))).isFalse();
    assertThat(System.nanoTime() - start).isLessThan(1_000_000_000L);
  }
}
