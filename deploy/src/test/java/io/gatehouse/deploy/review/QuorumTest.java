package io.gatehouse.deploy.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.deploy.project.ReviewerRequirement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QuorumTest {
  private static final ReviewRequirement SECURITY =
      new ReviewRequirement("team security", 1, List.of("alice", "both"));
  private static final ReviewRequirement OPS =
      new ReviewRequirement("team ops", 1, List.of("bob", "both"));

  @Test
  void evaluate_oneUserInBothTeams_meetsOnlyOneRequirement() {
    Quorum quorum = Quorum.evaluate(List.of(SECURITY, OPS), List.of("both"));

    assertThat(quorum.met()).isFalse();
    assertThat(quorum.pending()).hasSize(1);
  }

  @Test
  void evaluate_sharedUserThenSpecialist_reassignsAndMeetsBoth() {
    Quorum quorum = Quorum.evaluate(List.of(SECURITY, OPS), List.of("both", "alice"));

    assertThat(quorum.met()).isTrue();
    assertThat(quorum.approvedBy(0)).containsExactly("alice");
    assertThat(quorum.approvedBy(1)).containsExactly("both");
    assertThat(quorum.pending()).isEmpty();
  }

  @Test
  void evaluate_minimumTwo_needsTwoDistinctApprovers() {
    ReviewRequirement two = new ReviewRequirement("users a, b, c", 2, List.of("a", "b", "c"));

    assertThat(Quorum.evaluate(List.of(two), List.of("a", "a")).met()).isFalse();
    assertThat(Quorum.evaluate(List.of(two), List.of("a", "c")).met()).isTrue();
    assertThat(Quorum.evaluate(List.of(two), List.of("a")).pending())
        .containsExactly("1 more approval from users a, b, c");
  }

  @Test
  void evaluate_approverNotEligible_countsForNothing() {
    assertThat(Quorum.evaluate(List.of(SECURITY), List.of("mallory")).met()).isFalse();
  }

  @Test
  void evaluate_noRequirements_isMet() {
    assertThat(Quorum.evaluate(List.of(), List.of()).met()).isTrue();
  }

  @Test
  void evaluate_chainOfReassignments_findsTheMatching() {
    // x can serve r1 or r2, y can serve r2 or r3, z only r1: the order x, y, z needs two moves.
    ReviewRequirement r1 = new ReviewRequirement("r1", 1, List.of("x", "z"));
    ReviewRequirement r2 = new ReviewRequirement("r2", 1, List.of("x", "y"));
    ReviewRequirement r3 = new ReviewRequirement("r3", 1, List.of("y"));

    assertThat(Quorum.evaluate(List.of(r1, r2, r3), List.of("x", "y", "z")).met()).isTrue();
  }

  @Test
  void satisfiable_sameSingleUserForTwoRequirements_isNot() {
    ReviewRequirement a = new ReviewRequirement("users carol", 1, List.of("carol"));
    ReviewRequirement b = new ReviewRequirement("team ops", 1, List.of("carol"));

    assertThat(Quorum.satisfiable(List.of(a, b))).isFalse();
    assertThat(Quorum.satisfiable(List.of(a))).isTrue();
  }

  @Test
  void snapshot_requesterInTeam_isNeverEligible() {
    List<ReviewRequirement> snapshot =
        ReviewRequirement.snapshot(
            List.of(
                new ReviewerRequirement(Optional.of("security"), List.of(), 1),
                new ReviewerRequirement(Optional.empty(), List.of("dev", "carol"), 1)),
            Map.of("security", List.of("dev", "sam"))::get,
            "dev");

    assertThat(snapshot)
        .containsExactly(
            new ReviewRequirement("team security", 1, List.of("sam")),
            new ReviewRequirement("users dev, carol", 1, List.of("carol")));
  }

  @Test
  void snapshot_onlyTheRequesterEligible_isUnsatisfiable() {
    List<ReviewRequirement> snapshot =
        ReviewRequirement.snapshot(
            List.of(new ReviewerRequirement(Optional.empty(), List.of("dev"), 1)),
            team -> List.of(),
            "dev");

    assertThat(Quorum.satisfiable(snapshot)).isFalse();
  }

  @Test
  void requirement_zeroMinimum_isRefused() {
    assertThatThrownBy(() -> new ReviewRequirement("x", 0, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1: 0");
  }
}
