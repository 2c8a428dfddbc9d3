package io.gatehouse.dast.checks;

import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Rule;
import io.gatehouse.dast.findings.Severity;
import io.gatehouse.dast.http.ScanHttpClient;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Blind OS command injection found by time: {@code sleep} after each shell separator and
 * substitution ({@code ;}, {@code |}, {@code &&}, {@code ||}, newline, {@code $( )}, backticks,
 * quote break-outs), and {@code ping -c}/{@code ping -n} to loopback for shells without sleep and
 * for Windows, confirmed with the statistics of {@link TimeProbes}.
 */
public final class TimeBasedCommandInjectionCheck implements ActiveCheck {
  static final Rule RULE =
      Rule.of(
          "command-injection-time",
          "OS command injection (time-based)",
          Severity.HIGH,
          78,
          CommandInjectionCheck.REMEDIATION);

  @Override
  public Rule rule() {
    return RULE;
  }

  @Override
  public Optional<Finding> test(InjectionPoint point, ScanHttpClient client) throws IOException {
    // the ping forms ask for the delay rounded up to whole seconds
    OptionalDouble delay = TimeProbes.delaySeconds(point, client, 1);
    if (delay.isEmpty()) {
      return Optional.empty();
    }
    double seconds = delay.getAsDouble();
    for (String form : FORMS) {
      for (boolean ping : PING_FORMS.contains(form) ? List.of(false, true) : List.of(false)) {
        Optional<TimeProbes.Proof> proof =
            TimeProbes.confirm(
                point,
                client,
                ping ? Math.ceil(seconds) : seconds,
                s -> payload(point, form, s, ping));
        if (proof.isPresent()) {
          return Optional.of(
              TimeProbes.finding(
                  RULE,
                  point,
                  proof.get(),
                  "delay with " + payload(point, form, proof.get().delaySeconds(), ping)));
        }
      }
    }
    return Optional.empty();
  }

  /** Where the command goes: {@code {v}} the original value, {@code {c}} the command. */
  static final List<String> FORMS =
      List.of(
          "{v};{c};",
          "{v}|{c}",
          "{v}&&{c}",
          "|| {c} ||",
          "{v}\n{c}\n",
          "$({c})",
          "`{c}`",
          "{v}';{c};'",
          "{v}\";{c};\"",
          "{v}&{c}&");

  /** The forms also tried with {@code ping}, for shells without {@code sleep} and Windows. */
  static final List<String> PING_FORMS = List.of("{v};{c};", "{v}&{c}&");

  static String payload(InjectionPoint point, String form, double seconds, boolean ping) {
    String command;
    if (ping) {
      long count = seconds == 0 ? 1 : (long) Math.ceil(seconds) + 1;
      command =
          form.contains("&{c}&")
              ? "ping -n " + count + " 127.0.0.1"
              : "ping -c " + count + " 127.0.0.1";
    } else {
      command = "sleep " + TimeBasedSqlInjectionCheck.seconds(seconds);
    }
    return form.replace("{v}", point.value()).replace("{c}", command);
  }
}
