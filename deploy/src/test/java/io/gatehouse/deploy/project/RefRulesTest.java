package io.gatehouse.deploy.project;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RefRulesTest {
  private static final DeploymentRefs MAIN_AND_TAGS =
      new DeploymentRefs(RefPolicy.PATTERNS, List.of("main", "release/*"), List.of("v*"));

  @Test
  void check_branchPattern_allowsOnlyBranches() {
    assertThat(RefRules.check(MAIN_AND_TAGS, List.of(), "refs/heads/main").allowed()).isTrue();
    assertThat(RefRules.check(MAIN_AND_TAGS, List.of(), "refs/heads/release/2").allowed()).isTrue();
    assertThat(RefRules.check(MAIN_AND_TAGS, List.of(), "refs/heads/release/2/x").allowed())
        .isFalse();
    assertThat(RefRules.check(MAIN_AND_TAGS, List.of(), "refs/tags/main").allowed()).isFalse();
  }

  @Test
  void check_tagPattern_doesNotAllowBranchOfSameName() {
    assertThat(RefRules.check(MAIN_AND_TAGS, List.of(), "refs/tags/v1.2").allowed()).isTrue();
    RefDecision branch = RefRules.check(MAIN_AND_TAGS, List.of(), "refs/heads/v1.2");
    assertThat(branch.allowed()).isFalse();
    assertThat(branch.reason()).hasValueSatisfying(r -> assertThat(r).contains("branch"));
  }

  @Test
  void check_unqualifiedRef_refusedEvenForAny() {
    RefDecision decision = RefRules.check(DeploymentRefs.any(), List.of(), "main");
    assertThat(decision.allowed()).isFalse();
    assertThat(decision.reason()).hasValueSatisfying(r -> assertThat(r).contains("refs/heads/"));
    assertThat(RefRules.check(DeploymentRefs.any(), List.of(), "refs/pull/1/head").allowed())
        .isFalse();
    assertThat(RefRules.check(DeploymentRefs.any(), List.of(), "refs/heads/").allowed()).isFalse();
    assertThat(RefRules.check(DeploymentRefs.any(), List.of(), "refs/heads/a..b").allowed())
        .isFalse();
    assertThat(RefRules.check(DeploymentRefs.any(), List.of(), "refs/heads/a*").allowed())
        .isFalse();
  }

  @Test
  void check_any_allowsBranchesAndTags() {
    assertThat(RefRules.check(DeploymentRefs.any(), List.of(), "refs/heads/x/y").allowed())
        .isTrue();
    assertThat(RefRules.check(DeploymentRefs.any(), List.of(), "refs/tags/v1").allowed()).isTrue();
  }

  @Test
  void check_protectedBranches_usesProjectPatterns() {
    DeploymentRefs refs = new DeploymentRefs(RefPolicy.PROTECTED_BRANCHES, List.of(), List.of());
    List<String> protectedBranches = List.of("main", "release/**");
    assertThat(RefRules.check(refs, protectedBranches, "refs/heads/main").allowed()).isTrue();
    assertThat(RefRules.check(refs, protectedBranches, "refs/heads/release/1/2").allowed())
        .isTrue();
    assertThat(RefRules.check(refs, protectedBranches, "refs/heads/feature").allowed()).isFalse();
    assertThat(RefRules.check(refs, protectedBranches, "refs/tags/main").allowed()).isFalse();
  }
}
