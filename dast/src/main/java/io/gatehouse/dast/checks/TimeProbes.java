package io.gatehouse.dast.checks;

import io.gatehouse.dast.findings.Confidence;
import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Rule;
import io.gatehouse.dast.http.Response;
import io.gatehouse.dast.http.ScanHttpClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.DoubleFunction;

/**
 * Time-based confirmation with statistics, for the blind SQL and command injection checks.
 *
 * <p>The original request is timed {@value #BASELINE_SAMPLES} times; its upper bound is the largest
 * of the slowest sample and the mean plus four standard deviations. The delay asked of the payload
 * is at least {@link #MIN_DELAY} and at least twice that bound, so that an endpoint whose slowness
 * is its own (not driven by the input) cannot reach it by chance; an endpoint too slow or too noisy
 * for a delay under half the request timeout is not tested. A payload is reported only when the
 * delayed variant takes at least 90% of the delay, the same payload asking for no delay answers in
 * under half of it, and the delayed variant does so once more: delayed, undelayed, delayed.
 */
final class TimeProbes {
  static final int BASELINE_SAMPLES = 3;
  static final Duration MIN_DELAY = Duration.ofMillis(800);

  /** The timing of the original request. */
  record Baseline(double meanMillis, double deviationMillis, double maxMillis) {
    double upperMillis() {
      return Math.max(maxMillis, meanMillis + 4 * deviationMillis);
    }

    /** The delay to ask for, in seconds rounded up to a tenth. */
    double delaySeconds() {
      double millis = Math.max((double) MIN_DELAY.toMillis(), 2 * upperMillis());
      return Math.ceil(millis / 100.0) / 10.0;
    }
  }

  /** A confirmed delay: the three timed responses. */
  record Proof(double delaySeconds, Response delayed, Response undelayed, Response again) {
    String describe() {
      return String.format(
          java.util.Locale.ROOT,
          "asked for %.1f s: took %d ms, %d ms with no delay asked, %d ms again",
          delaySeconds,
          delayed.elapsed().toMillis(),
          undelayed.elapsed().toMillis(),
          again.elapsed().toMillis());
    }
  }

  private TimeProbes() {}

  /** The baseline of the original request, or empty when it cannot be timed. */
  static Optional<Baseline> baseline(InjectionPoint point, ScanHttpClient client)
      throws IOException {
    List<Double> samples = new ArrayList<>();
    for (int i = 0; i < BASELINE_SAMPLES; i++) {
      samples.add((double) client.follow(point.original()).elapsed().toNanos() / 1e6);
    }
    return Optional.of(of(samples));
  }

  static Baseline of(List<Double> samples) {
    double mean = samples.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    double variance =
        samples.stream().mapToDouble(s -> (s - mean) * (s - mean)).sum()
            / Math.max(1, samples.size() - 1);
    double max = samples.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    return new Baseline(mean, Math.sqrt(variance), max);
  }

  /**
   * The delay to ask of the payloads, in seconds, or empty when the original request cannot be
   * timed or the client's timeout leaves no room for that delay plus {@code headroomSeconds}.
   */
  static OptionalDouble delaySeconds(
      InjectionPoint point, ScanHttpClient client, double headroomSeconds) throws IOException {
    Optional<Baseline> baseline = baseline(point, client);
    if (baseline.isEmpty() || !fits(client, baseline.get().delaySeconds() + headroomSeconds)) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(baseline.get().delaySeconds());
  }

  /** The finding for a confirmed delay; {@code payload} says which payload caused it. */
  static Finding finding(Rule rule, InjectionPoint point, Proof proof, String payload) {
    return point.finding(
        rule, Confidence.HIGH, proof.again(), "", payload + ": " + proof.describe());
  }

  /** Whether the client's timeout leaves room for a delay of {@code seconds}. */
  static boolean fits(ScanHttpClient client, double seconds) {
    return seconds * 1000 * 2 < client.settings().timeout().toMillis();
  }

  /**
   * The proof that {@code payload} (a function of the delay in seconds) delays the answer as asked,
   * or empty. {@code payload.apply(0)} is the same payload asking for no delay.
   */
  static Optional<Proof> confirm(
      InjectionPoint point, ScanHttpClient client, double seconds, DoubleFunction<String> payload)
      throws IOException {
    Optional<Response> delayed = delayed(point, client, seconds, payload);
    if (delayed.isEmpty()) {
      return Optional.empty();
    }
    Response undelayed = timed(point, client, payload.apply(0));
    if (undelayed == null || undelayed.elapsed().toMillis() >= seconds * 500) {
      return Optional.empty();
    }
    Optional<Response> again = delayed(point, client, seconds, payload);
    return again.map(r -> new Proof(seconds, delayed.get(), undelayed, r));
  }

  private static Optional<Response> delayed(
      InjectionPoint point, ScanHttpClient client, double seconds, DoubleFunction<String> payload)
      throws IOException {
    Response response = timed(point, client, payload.apply(seconds));
    boolean slow = response != null && response.elapsed().toMillis() >= seconds * 900;
    return slow ? Optional.of(response) : Optional.empty();
  }

  /**
   * The response, or null when the request timed out (which proves nothing either way) or the value
   * cannot travel in this input (a line break in a request header).
   */
  private static Response timed(InjectionPoint point, ScanHttpClient client, String value)
      throws IOException {
    try {
      return client.send(point.with(value));
    } catch (java.net.http.HttpTimeoutException | IllegalArgumentException e) {
      return null;
    }
  }
}
