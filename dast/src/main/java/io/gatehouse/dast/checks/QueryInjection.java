package io.gatehouse.dast.checks;

import io.gatehouse.dast.findings.Confidence;
import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Rule;
import io.gatehouse.dast.http.Response;
import io.gatehouse.dast.http.ScanHttpClient;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The error-then-boolean procedure of the LDAP and XPath checks: an error signature of the
 * interpreter that the original page does not show, or boolean pairs written in the interpreter's
 * own syntax (so that an SQL injection does not pass for one, nor the other way round).
 */
final class QueryInjection {
  private QueryInjection() {}

  static Optional<Finding> test(
      Rule rule,
      InjectionPoint point,
      ScanHttpClient client,
      ErrorSignatures errors,
      List<String> errorSuffixes,
      List<List<BooleanProbes.Pair>> booleanStyles)
      throws IOException {
    Response original = client.follow(point.original());
    if (errors.find(original.body()).isEmpty()) {
      for (String suffix : errorSuffixes) {
        Response response = client.follow(point.with(point.value() + suffix));
        Optional<String> error = errors.find(response.body());
        if (error.isPresent()) {
          return Optional.of(
              point.finding(
                  rule,
                  Confidence.HIGH,
                  response,
                  error.get(),
                  "error-based: appending " + suffix + " gives the error: " + error.get()));
        }
      }
    }
    if (!BooleanProbes.stable(point, client, original)) {
      return Optional.empty();
    }
    for (List<BooleanProbes.Pair> style : booleanStyles) {
      Optional<Response> proof =
          BooleanProbes.confirm(point, client, original, style.get(0), style.get(1));
      if (proof.isPresent()) {
        BooleanProbes.Pair pair = style.get(0);
        return Optional.of(
            point.finding(
                rule,
                Confidence.HIGH,
                proof.get(),
                "",
                "boolean-based: value+["
                    + pair.truePart()
                    + "] gives the original page, value+["
                    + pair.falsePart()
                    + "] a different one (confirmed with a second pair)"));
      }
    }
    return Optional.empty();
  }
}
