package io.gatehouse.dast.checks;

import io.gatehouse.dast.findings.Confidence;
import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Rule;
import io.gatehouse.dast.findings.Severity;
import io.gatehouse.dast.http.Response;
import io.gatehouse.dast.http.ScanHttpClient;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * OS command injection, output-based: shell separators and substitutions followed by {@code echo}
 * of an arithmetic expansion between two markers. Only a shell that ran the command prints the
 * product; a page that echoes the input shows the expression, not its value.
 */
public final class CommandInjectionCheck implements ActiveCheck {
  /** The advice for every form of OS command injection, output-based or time-based. */
  static final String REMEDIATION =
      "Do not pass input to a shell: run the program directly with an argument list, and"
          + " validate the input against an allow-list.";

  static final Rule RULE =
      Rule.of("command-injection", "OS command injection", Severity.HIGH, 78, REMEDIATION);

  @Override
  public Rule rule() {
    return RULE;
  }

  @Override
  public Optional<Finding> test(InjectionPoint point, ScanHttpClient client) throws IOException {
    String marker = Markers.next();
    int a = Markers.number(1000, 9999);
    int b = Markers.number(1000, 9999);
    String command = "echo " + marker + "$((" + a + "*" + b + "))" + marker;
    String expected = marker + ((long) a * b) + marker;
    for (String payload : payloads(point.value(), command)) {
      Response response = client.follow(point.with(payload));
      if (response.body().contains(expected)) {
        return Optional.of(
            point.finding(
                RULE,
                Confidence.CONFIRMED,
                response,
                expected,
                "the shell evaluated $((" + a + "*" + b + ")) to " + ((long) a * b)));
      }
    }
    return Optional.empty();
  }

  static List<String> payloads(String value, String command) {
    return List.of(
        value + ";" + command,
        value + "|" + command,
        value + "&&" + command,
        "||" + command,
        value + "\n" + command,
        "$(" + command + ")",
        "`" + command + "`",
        value + "';" + command + ";'",
        value + "\";" + command + ";\"");
  }
}
