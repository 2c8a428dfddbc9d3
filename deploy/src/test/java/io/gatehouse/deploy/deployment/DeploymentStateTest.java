package io.gatehouse.deploy.deployment;

import static io.gatehouse.deploy.deployment.DeploymentState.APPROVED;
import static io.gatehouse.deploy.deployment.DeploymentState.CANCELLED;
import static io.gatehouse.deploy.deployment.DeploymentState.ERROR;
import static io.gatehouse.deploy.deployment.DeploymentState.FAILURE;
import static io.gatehouse.deploy.deployment.DeploymentState.INACTIVE;
import static io.gatehouse.deploy.deployment.DeploymentState.IN_PROGRESS;
import static io.gatehouse.deploy.deployment.DeploymentState.REJECTED;
import static io.gatehouse.deploy.deployment.DeploymentState.SUCCESS;
import static io.gatehouse.deploy.deployment.DeploymentState.TIMED_OUT;
import static io.gatehouse.deploy.deployment.DeploymentState.WAITING;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeploymentStateTest {
  @Test
  void canMoveTo_followsTheContract() {
    assertThat(targets(WAITING))
        .isEqualTo(EnumSet.of(APPROVED, REJECTED, CANCELLED, TIMED_OUT, INACTIVE));
    assertThat(targets(APPROVED))
        .isEqualTo(EnumSet.of(IN_PROGRESS, SUCCESS, FAILURE, ERROR, CANCELLED));
    assertThat(targets(IN_PROGRESS)).isEqualTo(EnumSet.of(SUCCESS, FAILURE, ERROR, CANCELLED));
  }

  @Test
  void terminalStates_allowNoMove() {
    for (DeploymentState state : DeploymentState.values()) {
      assertThat(state.terminal()).isEqualTo(targets(state).isEmpty());
    }
    assertThat(Arrays.stream(DeploymentState.values()).filter(DeploymentState::terminal))
        .containsExactlyInAnyOrder(
            SUCCESS, FAILURE, ERROR, REJECTED, CANCELLED, TIMED_OUT, INACTIVE);
  }

  @Test
  void holdsLock_onlyApprovedAndInProgress() {
    assertThat(Arrays.stream(DeploymentState.values()).filter(DeploymentState::holdsLock))
        .containsExactly(APPROVED, IN_PROGRESS);
  }

  @Test
  void parse_wireForm_roundTrips() {
    for (DeploymentState state : DeploymentState.values()) {
      assertThat(DeploymentState.parse(state.wire())).contains(state);
    }
    assertThat(DeploymentState.parse("IN_PROGRESS")).isEmpty();
    assertThat(IN_PROGRESS.wire()).isEqualTo("in_progress");
  }

  private static Set<DeploymentState> targets(DeploymentState from) {
    Set<DeploymentState> targets = EnumSet.noneOf(DeploymentState.class);
    for (DeploymentState to : DeploymentState.values()) {
      if (from.canMoveTo(to)) {
        targets.add(to);
      }
    }
    return targets;
  }
}
