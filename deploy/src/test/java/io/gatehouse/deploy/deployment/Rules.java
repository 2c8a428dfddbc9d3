package io.gatehouse.deploy.deployment;

import io.gatehouse.deploy.project.DeploymentRefs;
import io.gatehouse.deploy.project.EnvironmentRules;
import io.gatehouse.deploy.project.GateSpec;
import io.gatehouse.deploy.project.LockMode;
import io.gatehouse.deploy.project.RefPolicy;
import io.gatehouse.deploy.project.ReviewerRequirement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Environment rules for tests, built step by step. */
final class Rules {
  private DeploymentRefs refs = DeploymentRefs.any();
  private final List<ReviewerRequirement> reviewers = new ArrayList<>();
  private int waitMinutes;
  private final List<GateSpec> gates = new ArrayList<>();
  private LockMode lock = LockMode.NONE;
  private boolean allowBypass;
  private Duration reviewTimeout = Duration.ofDays(30);

  static Rules rules() {
    return new Rules();
  }

  Rules branches(String... patterns) {
    refs = new DeploymentRefs(RefPolicy.PATTERNS, List.of(patterns), List.of());
    return this;
  }

  Rules team(String team, int minimum) {
    reviewers.add(new ReviewerRequirement(Optional.of(team), List.of(), minimum));
    return this;
  }

  Rules users(int minimum, String... users) {
    reviewers.add(new ReviewerRequirement(Optional.empty(), List.of(users), minimum));
    return this;
  }

  Rules waitMinutes(int minutes) {
    waitMinutes = minutes;
    return this;
  }

  Rules gate(String name, Duration delay, Duration interval, Duration timeout) {
    gates.add(new GateSpec(name, "test", delay, interval, timeout, Map.of()));
    return this;
  }

  Rules lock(LockMode mode) {
    lock = mode;
    return this;
  }

  Rules allowBypass() {
    allowBypass = true;
    return this;
  }

  Rules reviewTimeout(Duration timeout) {
    reviewTimeout = timeout;
    return this;
  }

  EnvironmentRules build() {
    return new EnvironmentRules(
        refs, reviewers, waitMinutes, gates, lock, allowBypass, reviewTimeout);
  }
}
