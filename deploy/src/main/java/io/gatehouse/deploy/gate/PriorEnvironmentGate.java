package io.gatehouse.deploy.gate;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code prior-environment} gate: passes once the same commit with exactly the same images has
 * succeeded in another environment of the project, optionally at least some time ago.
 */
final class PriorEnvironmentGate implements Gate {
  static final String TYPE = "prior-environment";
  static final Duration MAX_MINIMUM_AGE = Duration.ofDays(365);
  private static final Set<String> KEYS = Set.of("environment", "minimumAge");
  private static final int SHORT_SHA = 12;

  private final Settings settings;
  private final DeploymentHistory history;

  PriorEnvironmentGate(Settings settings, DeploymentHistory history) {
    this.settings = settings;
    this.history = history;
  }

  /**
   * The parameters.
   *
   * @param environment the environment the deployment must have succeeded in
   * @param minimumAge how long ago at least; zero for any time
   */
  record Settings(String environment, Duration minimumAge) {
    static Settings parse(Parameters p) {
      p.allowOnly(KEYS);
      String environment = p.requiredString("environment", 255);
      Duration age =
          p.optionalDuration("minimumAge", Duration.ZERO, MAX_MINIMUM_AGE).orElse(Duration.ZERO);
      return new Settings(environment, age);
    }
  }

  @Override
  public GateOutcome evaluate(GateContext context) {
    GateDeployment deployment = context.deployment();
    String what = describe(deployment);
    Optional<Instant> success =
        history.lastSuccess(
            context.projectId(), settings.environment(), deployment.sha(), deployment.images());
    if (success.isEmpty()) {
      return GateOutcome.fail(what + " has not succeeded in " + settings.environment());
    }
    Instant at = success.get();
    Instant due = at.plus(settings.minimumAge());
    if (context.now().isBefore(due)) {
      return GateOutcome.fail(
          what
              + " succeeded in "
              + settings.environment()
              + " at "
              + at
              + ", less than "
              + Parameters.format(settings.minimumAge())
              + " ago; passes from "
              + due);
    }
    return GateOutcome.pass(what + " succeeded in " + settings.environment() + " at " + at);
  }

  private static String describe(GateDeployment deployment) {
    String sha = deployment.sha();
    String shortSha = sha.length() > SHORT_SHA ? sha.substring(0, SHORT_SHA) : sha;
    int images = deployment.images().size();
    return "commit "
        + shortSha
        + switch (images) {
          case 0 -> " without images";
          case 1 -> " with image " + Parameters.shown(deployment.images().getFirst());
          default -> " with these " + images + " images";
        };
  }
}
