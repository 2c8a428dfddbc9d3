package io.gatehouse.deploy.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UserNamesTest {
  @Test
  void problem_validNames_none() {
    assertThat(UserNames.problem("security-reviewer")).isEmpty();
    assertThat(UserNames.problem("a.b_c9")).isEmpty();
    assertThat(UserNames.problem("u".repeat(64))).isEmpty();
  }

  @Test
  void problem_invalidNames_explained() {
    assertThat(UserNames.problem("")).isPresent();
    assertThat(UserNames.problem("Alice")).isPresent();
    assertThat(UserNames.problem("-a")).isPresent();
    assertThat(UserNames.problem("a b")).isPresent();
    assertThat(UserNames.problem("u".repeat(65))).isPresent();
  }
}
