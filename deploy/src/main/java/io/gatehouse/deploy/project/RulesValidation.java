package io.gatehouse.deploy.project;

import io.gatehouse.deploy.access.UserNames;
import io.gatehouse.deploy.gate.Gates;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The rules every {@link EnvironmentRules} must meet, wherever it comes from. */
public final class RulesValidation {
  /** The most reviewer requirements or gates an environment may have. */
  public static final int MAX_ENTRIES = 20;

  /** The most patterns or users in one list. */
  public static final int MAX_PATTERNS = 100;

  /** The longest wait timer: 30 days. */
  public static final int MAX_WAIT_MINUTES = 43_200;

  /** The gate types this server knows. */
  public static final List<String> GATE_TYPES =
      List.of("http", "prior-environment", "window", "image-policy", "dast");

  private static final Duration MAX_DELAY = Duration.ofDays(7);
  private static final Duration MAX_INTERVAL = Duration.ofDays(1);
  private static final Duration MAX_TIMEOUT = Duration.ofDays(30);
  private static final Duration MIN_REVIEW_TIMEOUT = Duration.ofMinutes(1);
  private static final Duration MAX_REVIEW_TIMEOUT = Duration.ofDays(365);

  private RulesValidation() {}

  /**
   * Checks rules.
   *
   * @throws InvalidRulesException naming the first offending path and the reason
   */
  public static void validate(EnvironmentRules rules) {
    refs(rules.deploymentRefs());
    if (rules.reviewers().size() > MAX_ENTRIES) {
      throw new InvalidRulesException("reviewers", "must have at most " + MAX_ENTRIES + " entries");
    }
    for (int i = 0; i < rules.reviewers().size(); i++) {
      reviewer(rules.reviewers().get(i), "reviewers[" + i + "]");
    }
    if (rules.waitMinutes() < 0 || rules.waitMinutes() > MAX_WAIT_MINUTES) {
      throw new InvalidRulesException(
          "waitMinutes", "must be 0 to " + MAX_WAIT_MINUTES + ", not " + rules.waitMinutes());
    }
    gates(rules.gates());
    between(rules.reviewTimeout(), MIN_REVIEW_TIMEOUT, MAX_REVIEW_TIMEOUT, "reviewTimeout");
  }

  private static void refs(DeploymentRefs refs) {
    boolean patterns = refs.policy() == RefPolicy.PATTERNS;
    if (!patterns && (!refs.branches().isEmpty() || !refs.tags().isEmpty())) {
      throw new InvalidRulesException(
          "deploymentRefs", "branches and tags are only allowed with the policy patterns");
    }
    if (patterns && refs.branches().isEmpty() && refs.tags().isEmpty()) {
      throw new InvalidRulesException(
          "deploymentRefs", "the policy patterns needs at least one branch or tag pattern");
    }
    patterns(refs.branches(), "deploymentRefs.branches");
    patterns(refs.tags(), "deploymentRefs.tags");
  }

  /**
   * Checks a list of branch or tag patterns.
   *
   * @throws InvalidRulesException naming {@code path[i]} and the reason
   */
  public static void patterns(List<String> patterns, String path) {
    if (patterns.size() > MAX_PATTERNS) {
      throw new InvalidRulesException(path, "must have at most " + MAX_PATTERNS + " entries");
    }
    for (int i = 0; i < patterns.size(); i++) {
      try {
        RefPattern.compile(patterns.get(i));
      } catch (InvalidRulesException e) {
        throw new InvalidRulesException(path + "[" + i + "]", e.reason());
      }
    }
  }

  private static void reviewer(ReviewerRequirement requirement, String path) {
    if (requirement.team().isPresent() == !requirement.users().isEmpty()) {
      throw new InvalidRulesException(path, "needs exactly one of team or users");
    }
    requirement.team().ifPresent(team -> name(team, path + ".team"));
    if (requirement.users().size() > MAX_PATTERNS) {
      throw new InvalidRulesException(
          path + ".users", "must have at most " + MAX_PATTERNS + " users");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < requirement.users().size(); i++) {
      String user = requirement.users().get(i);
      name(user, path + ".users[" + i + "]");
      if (!seen.add(user)) {
        throw new InvalidRulesException(
            path + ".users[" + i + "]", "'" + user + "' is listed twice");
      }
    }
    int most = requirement.team().isPresent() ? MAX_PATTERNS : requirement.users().size();
    if (requirement.minimum() < 1 || requirement.minimum() > most) {
      throw new InvalidRulesException(
          path + ".minimum",
          "must be 1 to "
              + most
              + (requirement.team().isPresent() ? "" : " (the number of users listed)")
              + ", not "
              + requirement.minimum());
    }
  }

  private static void gates(List<GateSpec> gates) {
    if (gates.size() > MAX_ENTRIES) {
      throw new InvalidRulesException("gates", "must have at most " + MAX_ENTRIES + " entries");
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < gates.size(); i++) {
      GateSpec gate = gates.get(i);
      String path = "gates[" + i + "]";
      if (gate.name().isEmpty()
          || gate.name().length() > 64
          || ProjectNames.environmentProblem(gate.name()).isPresent()) {
        throw new InvalidRulesException(
            path + ".name",
            "must be 1 to 64 characters from A-Z, a-z, 0-9, '.', '_' and '-', starting with a"
                + " letter or digit");
      }
      if (!names.add(ProjectNames.key(gate.name()))) {
        throw new InvalidRulesException(path + ".name", "'" + gate.name() + "' is used twice");
      }
      if (!GATE_TYPES.contains(gate.type())) {
        throw new InvalidRulesException(
            path + ".type",
            "must be one of "
                + String.join(", ", GATE_TYPES)
                + ", not '"
                + RulesDurations.printable(gate.type())
                + "'");
      }
      between(gate.delay(), Duration.ZERO, MAX_DELAY, path + ".delay");
      between(gate.interval(), Duration.ofSeconds(1), MAX_INTERVAL, path + ".interval");
      between(gate.timeout(), Duration.ofSeconds(1), MAX_TIMEOUT, path + ".timeout");
      Gates.validate(gate, path);
    }
  }

  private static void name(String name, String path) {
    UserNames.problem(name)
        .ifPresent(
            problem -> {
              throw new InvalidRulesException(path, problem);
            });
  }

  private static void between(Duration value, Duration min, Duration max, String path) {
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new InvalidRulesException(
          path,
          "must be from "
              + RulesDurations.format(min)
              + " to "
              + RulesDurations.format(max)
              + ", not "
              + RulesDurations.format(value));
    }
  }
}
