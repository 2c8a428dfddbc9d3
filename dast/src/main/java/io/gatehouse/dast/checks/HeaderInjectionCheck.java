package io.gatehouse.dast.checks;

import io.gatehouse.dast.findings.Confidence;
import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Rule;
import io.gatehouse.dast.findings.Severity;
import io.gatehouse.dast.http.Response;
import io.gatehouse.dast.http.ScanHttpClient;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * CRLF injection into response headers (HTTP response splitting). The value gets a line break (CR
 * LF, LF, CR, and the literal {@code %0d%0a} for applications that decode twice) followed by a
 * header whose name is a unique marker, or a {@code Set-Cookie} of a cookie so named; a finding
 * needs the response to carry that header or cookie. The response is read as sent, redirects are
 * not followed, since the injection is usually into a {@code Location}.
 */
public final class HeaderInjectionCheck implements ActiveCheck {
  static final Rule RULE =
      Rule.of(
          "crlf-injection",
          "CRLF injection into response headers",
          Severity.MEDIUM,
          113,
          "Reject or strip CR and LF from every value written into a response header (Location,"
              + " Set-Cookie...), or use a framework that refuses them.");

  private static final List<String> BREAKS = List.of("\r\n", "\n", "\r", "%0d%0a");

  @Override
  public Rule rule() {
    return RULE;
  }

  @Override
  public Optional<Finding> test(InjectionPoint point, ScanHttpClient client) throws IOException {
    String marker = Markers.next();
    for (String lineBreak : BREAKS) {
      String payload =
          point.value() + lineBreak + marker + ": 1" + lineBreak + "Set-Cookie: " + marker + "=1";
      Response response;
      try {
        response = client.send(point.with(payload));
      } catch (IOException e) {
        if (client.stopReason().isPresent()) {
          throw e;
        }
        // a server that fails on a line break in a header has not written it
        continue;
      } catch (IllegalArgumentException e) {
        // a line break cannot travel in this input (a request header): nothing to test there
        return Optional.empty();
      }
      Optional<String> proof = injected(response, marker);
      if (proof.isPresent()) {
        return Optional.of(
            point.finding(
                RULE,
                Confidence.CONFIRMED,
                response,
                marker,
                proof.get() + " after " + describe(lineBreak)));
      }
    }
    return Optional.empty();
  }

  /** What in the response's headers the payload set, if anything. */
  static Optional<String> injected(Response response, String marker) {
    if (response.header(marker).isPresent()) {
      return Optional.of("the response has the injected header " + marker);
    }
    for (String cookie : response.headerValues("Set-Cookie")) {
      if (cookie.strip().toLowerCase(Locale.ROOT).startsWith(marker + "=")) {
        return Optional.of("the response sets the injected cookie " + marker);
      }
    }
    return Optional.empty();
  }

  private static String describe(String lineBreak) {
    return lineBreak.replace("\r", "CR ").replace("\n", "LF ").strip();
  }
}
