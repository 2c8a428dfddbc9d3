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
 * the first whose token the listener receives within {@link #WAIT} of the last answer; the others
 * are left with the listener, which reports those whose call comes later, at the end of the active
 * phase.
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
      CallbackListener.Pending probe =
          new CallbackListener.Pending(
              rule, point, entry.getValue(), responses.get(entry.getKey()));
      if (call.isPresent()) {
        return Optional.of(finding(probe, call.get(), false));
      }
    }
    sent.forEach(
        (token, value) ->
            listener.expectLate(
                token, new CallbackListener.Pending(rule, point, value, responses.get(token))));
    return Optional.empty();
  }

  static Finding finding(CallbackListener.Pending probe, CallbackListener.Call call, boolean late) {
    return probe
        .point()
        .finding(
            probe.rule(),
            Confidence.CONFIRMED,
            probe.response(),
            "",
            "the scanner's callback listener received "
                + call.requestLine()
                + " from "
                + call.from()
                + (late ? ", later than the answer," : "")
                + " after the value "
                + probe.value());
  }
}
