package io.gatehouse.dast.checks;

import io.gatehouse.dast.findings.Confidence;
import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Rule;
import io.gatehouse.dast.http.Response;
import io.gatehouse.dast.http.ScanHttpClient;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Sends payloads that each point at the callback listener with a token of their own, and reports
 * the first whose token the listener receives within {@link #WAIT} of the last answer.
 */
final class OutOfBandProbes {
  static final Duration WAIT = Duration.ofMillis(1500);

  private OutOfBandProbes() {}

  static Optional<Finding> test(
      Rule rule,
      InjectionPoint point,
      ScanHttpClient client,
      CallbackListener listener,
      List<Function<String, String>> payloads)
      throws IOException {
    Map<String, String> sent = new LinkedHashMap<>();
    Map<String, Response> responses = new LinkedHashMap<>();
    for (Function<String, String> payload : payloads) {
      String token = Markers.next();
      String value = payload.apply(listener.urlFor(token, "").toString());
      sent.put(token, value);
      responses.put(token, client.follow(point.with(value)));
    }
    long deadline = System.nanoTime() + WAIT.toNanos();
    for (Map.Entry<String, String> entry : sent.entrySet()) {
      Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
      Optional<CallbackListener.Call> call = listener.await(entry.getKey(), left);
      if (call.isPresent()) {
        return Optional.of(
            point.finding(
                rule,
                Confidence.CONFIRMED,
                responses.get(entry.getKey()),
                "",
                "the scanner's callback listener received "
                    + call.get().requestLine()
                    + " from "
                    + call.get().from()
                    + " after the value "
                    + entry.getValue()));
      }
    }
    return Optional.empty();
  }
}
