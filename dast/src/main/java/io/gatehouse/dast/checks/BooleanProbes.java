package io.gatehouse.dast.checks;

import io.gatehouse.dast.http.Response;
import io.gatehouse.dast.http.ScanHttpClient;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Boolean-based confirmation shared by the injection checks that have no output of their own: an
 * always-true addition to the value gives the original page, an always-false one gives another, for
 * two different pairs, on a page that is stable when requested again. Reflections of the payloads
 * are removed before comparing.
 */
final class BooleanProbes {
  /** What is appended to the value for the true and the false variant. */
  record Pair(String truePart, String falsePart) {}

  private BooleanProbes() {}

  /**
   * The false variant's response of the first pair when both pairs behave as a condition would, or
   * empty.
   */
  static Optional<Response> confirm(
      InjectionPoint point, ScanHttpClient client, Response original, Pair first, Pair second)
      throws IOException {
    Optional<Response> firstFalse = differs(point, client, original, first);
    if (firstFalse.isEmpty() || differs(point, client, original, second).isEmpty()) {
      return Optional.empty();
    }
    return firstFalse;
  }

  /** Whether the page of the original value is the same when requested again. */
  static boolean stable(InjectionPoint point, ScanHttpClient client, Response original)
      throws IOException {
    Response again = client.follow(point.original());
    return again.status() == original.status()
        && Similarity.of(original.body(), again.body()) >= 0.99;
  }

  private static Optional<Response> differs(
      InjectionPoint point, ScanHttpClient client, Response original, Pair pair)
      throws IOException {
    String trueValue = point.value() + pair.truePart();
    String falseValue = point.value() + pair.falsePart();
    List<String> payloads = List.of(trueValue, falseValue, point.value());
    Response whenTrue = client.follow(point.with(trueValue));
    String base = Similarity.withoutReflections(original.body(), payloads);
    String trueBody = Similarity.withoutReflections(whenTrue.body(), payloads);
    double trueSimilarity = Similarity.of(base, trueBody);
    if (whenTrue.status() != original.status() || trueSimilarity < SqlInjectionCheck.SAME) {
      return Optional.empty();
    }
    Response whenFalse = client.follow(point.with(falseValue));
    String falseBody = Similarity.withoutReflections(whenFalse.body(), payloads);
    boolean different =
        whenFalse.status() != original.status()
            || Similarity.of(trueBody, falseBody) < trueSimilarity - SqlInjectionCheck.MARGIN;
    return different ? Optional.of(whenFalse) : Optional.empty();
  }
}
