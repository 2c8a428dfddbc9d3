package io.gatehouse.deploy.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.deploy.deployment.RuleProgress.Phase;
import io.gatehouse.deploy.project.DeploymentRefs;
import io.gatehouse.deploy.project.EnvironmentRules;
import io.gatehouse.deploy.project.GateSpec;
import io.gatehouse.deploy.project.LockMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleProgressTest {
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  @Test
  void advance_reviewsMissing_waitsUntilTheReviewTimeout() {
    DeploymentRow row = row(rules(0, List.of()));

    assertThat(RuleProgress.advance(row, false, T0.plusSeconds(5))).isEqualTo(Phase.REVIEWS);
    assertThat(row.nextCheckAt).isEqualTo(T0.plus(Duration.ofHours(1)));
    assertThat(RuleProgress.advance(row, false, T0.plus(Duration.ofHours(1))))
        .isEqualTo(Phase.TIMED_OUT);
  }

  @Test
  void advance_waitTimer_startsWhenReviewsComplete() {
    DeploymentRow row = row(rules(2, List.of()));
    Instant reviewed = T0.plusSeconds(30);

    assertThat(RuleProgress.advance(row, true, reviewed)).isEqualTo(Phase.WAIT_TIMER);
    assertThat(row.waitUntil).isEqualTo(reviewed.plus(Duration.ofMinutes(2)));
    assertThat(RuleProgress.advance(row, true, row.waitUntil.minusMillis(1)))
        .isEqualTo(Phase.WAIT_TIMER);
    assertThat(RuleProgress.advance(row, true, row.waitUntil)).isEqualTo(Phase.LOCK);
  }

  @Test
  void advance_gates_firstRoundAfterDelayFromTheWaitEnd() {
    DeploymentRow row = row(rules(0, List.of(gate("a", 10, 5, 60))));

    assertThat(RuleProgress.advance(row, true, T0)).isEqualTo(Phase.GATES);
    assertThat(row.gatesStartedAt).isEqualTo(T0);
    assertThat(row.nextCheckAt).isEqualTo(T0.plusSeconds(10));
    assertThat(RuleProgress.advance(row, true, T0.plusSeconds(10))).isEqualTo(Phase.GATES_DUE);
  }

  @Test
  void recordRound_oneFails_nextRoundAfterTheInterval() {
    DeploymentRow row = row(rules(0, List.of(gate("a", 0, 5, 60), gate("b", 0, 7, 60))));
    RuleProgress.advance(row, true, T0);

    boolean passed =
        RuleProgress.recordRound(row, List.of(status("a", "pass"), status("b", "fail")), T0);

    assertThat(passed).isFalse();
    assertThat(row.gateRound).isEqualTo(1);
    assertThat(row.nextCheckAt).isEqualTo(T0.plusSeconds(5));
    assertThat(RuleProgress.advance(row, true, T0.plusSeconds(4))).isEqualTo(Phase.GATES);
    assertThat(RuleProgress.advance(row, true, T0.plusSeconds(5))).isEqualTo(Phase.GATES_DUE);
  }

  @Test
  void recordRound_allPass_readyForTheLock() {
    DeploymentRow row = row(rules(0, List.of(gate("a", 0, 5, 60))));
    RuleProgress.advance(row, true, T0);

    assertThat(RuleProgress.recordRound(row, List.of(status("a", "pass")), T0)).isTrue();
    assertThat(RuleProgress.advance(row, true, T0)).isEqualTo(Phase.LOCK);
  }

  @Test
  void advance_gatesPastTheirTimeout_timesOut() {
    DeploymentRow row = row(rules(0, List.of(gate("a", 0, 5, 60))));
    RuleProgress.advance(row, true, T0);
    RuleProgress.recordRound(row, List.of(status("a", "fail")), T0);

    assertThat(RuleProgress.advance(row, true, T0.plusSeconds(60))).isEqualTo(Phase.TIMED_OUT);
  }

  @Test
  void advance_bypassed_skipsToTheLock() {
    DeploymentRow row = row(rules(30, List.of(gate("a", 0, 5, 60))));
    row.bypassed = true;

    assertThat(RuleProgress.advance(row, false, T0)).isEqualTo(Phase.LOCK);
  }

  private static DeploymentRow row(EnvironmentRules rules) {
    DeploymentRow row = new DeploymentRow();
    row.rules = rules;
    row.createdAt = T0;
    return row;
  }

  static EnvironmentRules rules(int waitMinutes, List<GateSpec> gates) {
    return new EnvironmentRules(
        DeploymentRefs.any(),
        List.of(),
        waitMinutes,
        gates,
        LockMode.NONE,
        false,
        Duration.ofHours(1));
  }

  static GateSpec gate(String name, int delay, int interval, int timeout) {
    return new GateSpec(
        name,
        "test",
        Duration.ofSeconds(delay),
        Duration.ofSeconds(interval),
        Duration.ofSeconds(timeout),
        Map.of());
  }

  private static Deployment.GateStatus status(String name, String status) {
    return new Deployment.GateStatus(name, "test", status, "", T0);
  }
}
