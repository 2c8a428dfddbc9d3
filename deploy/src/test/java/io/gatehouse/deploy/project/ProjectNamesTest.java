package io.gatehouse.deploy.project;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProjectNamesTest {
  @Test
  void environmentProblem_validNames_none() {
    assertThat(ProjectNames.environmentProblem("prod")).isEmpty();
    assertThat(ProjectNames.environmentProblem("Prod-EU_1.2")).isEmpty();
    assertThat(ProjectNames.environmentProblem("9lives")).isEmpty();
    assertThat(ProjectNames.environmentProblem("e".repeat(255))).isEmpty();
  }

  @Test
  void environmentProblem_invalidNames_explained() {
    assertThat(ProjectNames.environmentProblem("")).hasValue("must not be empty");
    assertThat(ProjectNames.environmentProblem("e".repeat(256)))
        .hasValueSatisfying(p -> assertThat(p).contains("255"));
    assertThat(ProjectNames.environmentProblem("-prod")).isPresent();
    assertThat(ProjectNames.environmentProblem("prod eu")).isPresent();
    assertThat(ProjectNames.environmentProblem("prod/eu")).isPresent();
    assertThat(ProjectNames.environmentProblem("prøde")).isPresent();
  }

  @Test
  void key_ignoresCase() {
    assertThat(ProjectNames.key("Prod")).isEqualTo(ProjectNames.key("PROD")).isEqualTo("prod");
  }

  @Test
  void projectProblem_over100_refused() {
    assertThat(ProjectNames.projectProblem("p".repeat(100))).isEmpty();
    assertThat(ProjectNames.projectProblem("p".repeat(101))).isPresent();
  }
}
