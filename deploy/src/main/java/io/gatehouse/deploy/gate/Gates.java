package io.gatehouse.deploy.gate;

import io.gatehouse.deploy.project.GateSpec;
import io.gatehouse.deploy.project.InvalidRulesException;
import io.gatehouse.deploy.server.RouteGroup;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gate types: {@code http}, {@code prior-environment}, {@code window}, {@code image-policy} and
 * {@code dast}. {@link #validate} checks a declaration; an instance built on a {@link
 * GateEnvironment} turns declarations into {@link Gate}s. Closing it stops the scans of {@code
 * dast} gates running on this server.
 */
public final class Gates implements AutoCloseable {
  /** The known types, in the order the documentation lists them. */
  public static final List<String> TYPES =
      List.of(
          HttpGate.TYPE,
          PriorEnvironmentGate.TYPE,
          WindowGate.TYPE,
          ImagePolicyGate.TYPE,
          DastGate.TYPE);

  /** The longest interval between two evaluations. */
  public static final Duration MAX_INTERVAL = Duration.ofHours(24);

  /** The longest delay before the first evaluation, and the longest timeout. */
  public static final Duration MAX_TIMEOUT = Duration.ofDays(30);

  private static final Logger log = LoggerFactory.getLogger(Gates.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final GateEnvironment environment;
  private final GateCallbacks callbacks;
  private final DastGateResults dastResults;
  private final DastGateScans dastScans;

  private Gates(GateEnvironment environment) {
    this.environment = environment;
    this.callbacks = new GateCallbacks(environment.jdbi());
    this.dastResults = new DastGateResults(environment.jdbi());
    this.dastScans = new DastGateScans(dastResults, environment.clock(), environment.secrets());
  }

  /** The gate types working on this environment. */
  public static Gates create(GateEnvironment environment) {
    return new Gates(Objects.requireNonNull(environment, "environment"));
  }

  /**
   * Checks a gate's declaration: delay, interval and timeout are within bounds, the type is known
   * and its parameters are valid for it.
   *
   * @param spec the gate as declared
   * @param path where it is declared, e.g. {@code gates[0]}, for the error
   * @throws InvalidRulesException naming the path (e.g. {@code gates[0].parameters.url}) and the
   *     reason
   */
  public static void validate(GateSpec spec, String path) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(path, "path");
    checkTimings(spec, path);
    Object unused = settings(spec, path);
  }

  /**
   * Builds the gate a declaration describes. A declaration that does not validate gives a gate that
   * always fails with the reason; a gate that throws while evaluating fails with a reference to the
   * log. {@link Gate#evaluate} therefore never throws.
   */
  public Gate gate(GateSpec spec) {
    Objects.requireNonNull(spec, "spec");
    String name = String.valueOf(spec.name());
    Gate gate;
    try {
      validate(spec, "gate " + name);
      gate = build(spec, settings(spec, "gate " + name));
    } catch (InvalidRulesException e) {
      String reason = "invalid gate declaration: " + e.getMessage();
      return context -> GateOutcome.fail(reason);
    }
    return context -> guarded(gate, name, context);
  }

  /**
   * Why {@code path} cannot name the rules file of a {@code dast} gate's {@code rulesFile}, or
   * empty when it can: relative to gatehouse.yaml, inside the project's directory (no {@code ..},
   * not absolute), of names made of letters, digits, '.', '_' and '-'.
   */
  public static java.util.Optional<String> rulesFilePathProblem(String path) {
    return DastGateRulesFile.pathProblem(Objects.requireNonNull(path, "path"));
  }

  /** The route at which asynchronous {@code http} gates receive their answers. */
  public RouteGroup callbackRoutes() {
    return GateCallbackRoutes.create(environment.jdbi(), environment.clock());
  }

  private static void checkTimings(GateSpec spec, String path) {
    if (spec.type() == null) {
      throw new InvalidRulesException(path + ".type", "is required (one of " + TYPES + ")");
    }
    Duration delay = required(spec.delay(), path + ".delay");
    Duration interval = required(spec.interval(), path + ".interval");
    Duration timeout = required(spec.timeout(), path + ".timeout");
    within(delay, Duration.ZERO, MAX_TIMEOUT, path + ".delay");
    within(interval, Duration.ofSeconds(1), MAX_INTERVAL, path + ".interval");
    within(timeout, interval, MAX_TIMEOUT, path + ".timeout");
  }

  private static Duration required(Duration value, String path) {
    if (value == null) {
      throw new InvalidRulesException(path, "is required");
    }
    return value;
  }

  private static void within(Duration value, Duration min, Duration max, String path) {
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      String lower =
          path.endsWith(".timeout")
              ? "the interval (" + Parameters.format(min) + ")"
              : Parameters.format(min);
      throw new InvalidRulesException(
          path,
          "must be between "
              + lower
              + " and "
              + Parameters.format(max)
              + ", not "
              + Parameters.format(value));
    }
  }

  private static Object settings(GateSpec spec, String path) {
    Parameters parameters = Parameters.of(spec.parameters(), path + ".parameters");
    return switch (spec.type()) {
      case HttpGate.TYPE -> HttpGate.Settings.parse(parameters);
      case PriorEnvironmentGate.TYPE -> PriorEnvironmentGate.Settings.parse(parameters);
      case WindowGate.TYPE -> WindowGate.Settings.parse(parameters);
      case ImagePolicyGate.TYPE -> ImagePolicyGate.Settings.parse(parameters);
      case DastGate.TYPE -> DastGate.Settings.parse(parameters);
      default ->
          throw new InvalidRulesException(
              path + ".type",
              "unknown gate type '"
                  + Parameters.shown(spec.type())
                  + "' (expected one of: "
                  + String.join(", ", TYPES)
                  + ")");
    };
  }

  private Gate build(GateSpec spec, Object settings) {
    return switch (settings) {
      case HttpGate.Settings http ->
          new HttpGate(
              http,
              spec.name(),
              spec.timeout(),
              spec.interval(),
              environment.httpClient(),
              environment.publicBaseUrl(),
              callbacks);
      case PriorEnvironmentGate.Settings prior ->
          new PriorEnvironmentGate(prior, environment.history());
      case WindowGate.Settings window -> new WindowGate(window);
      case ImagePolicyGate.Settings images ->
          new ImagePolicyGate(images, environment.imagePolicy());
      case DastGate.Settings dast ->
          new DastGate(dast, spec.name(), spec.interval(), dastResults, dastScans);
      default -> throw new IllegalStateException("no gate for " + settings.getClass());
    };
  }

  /** Stops the scans of {@code dast} gates running on this server. */
  @Override
  public void close() {
    dastScans.close();
  }

  private static GateOutcome guarded(Gate gate, String name, GateContext context) {
    try {
      return gate.evaluate(context);
    } catch (RuntimeException e) {
      byte[] random = new byte[6];
      RANDOM.nextBytes(random);
      String reference = HexFormat.of().formatHex(random);
      log.error(
          "gate {} of deployment {} failed to evaluate (reference {})",
          name,
          context.deployment().id(),
          reference,
          e);
      return GateOutcome.fail(
          "the gate could not be evaluated; the server log has the details under reference "
              + reference);
    }
  }
}
