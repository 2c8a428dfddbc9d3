package io.gatehouse.dast.checks;

import io.gatehouse.dast.findings.Confidence;
import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Rule;
import io.gatehouse.dast.findings.Severity;
import io.gatehouse.dast.http.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Server and framework versions in response headers ({@code Server: Apache/2.4.41}, {@code
 * X-Powered-By: PHP/8.1.2}, ASP.NET version headers), which tell an attacker which known
 * vulnerabilities to try.
 */
public final class VersionDisclosureCheck implements PassiveCheck {
  private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+");

  /** The protocol version that starts each hop of a {@code Via} header ({@code 1.1 varnish}). */
  private static final Pattern VIA_PROTOCOL =
      Pattern.compile("(^|,)[ \\t]*([A-Za-z]{1,10}/)?\\d{1,3}(\\.\\d{1,3})?(?=[ \\t,]|$)");

  private static final List<String> VERSION_HEADERS = List.of("Server", "X-Powered-By", "Via");
  private static final List<String> ALWAYS_HEADERS =
      List.of("X-AspNet-Version", "X-AspNetMvc-Version", "X-Generator");

  static final Rule RULE =
      Rule.perSite(
          "version-disclosure",
          "Server or framework version disclosed",
          Severity.LOW,
          200,
          "Remove version numbers from Server and X-Powered-By, and drop the framework's version"
              + " headers.");

  @Override
  public List<Rule> rules() {
    return List.of(RULE);
  }

  @Override
  public List<Finding> inspect(Response response) {
    List<Finding> findings = new ArrayList<>();
    for (String header : VERSION_HEADERS) {
      response
          .header(header)
          .filter(value -> VERSION.matcher(withoutProtocol(header, value)).find())
          .ifPresent(value -> findings.add(finding(response, header, value)));
    }
    for (String header : ALWAYS_HEADERS) {
      response.header(header).ifPresent(value -> findings.add(finding(response, header, value)));
    }
    return findings;
  }

  /**
   * {@code value} without the protocol versions of a {@code Via} header, which are no product's.
   */
  static String withoutProtocol(String header, String value) {
    return header.equals("Via") ? VIA_PROTOCOL.matcher(value).replaceAll("$1") : value;
  }

  private static Finding finding(Response response, String header, String value) {
    return EvidenceText.siteFinding(
        RULE, Confidence.HIGH, response, header, header + ": " + Finding.clip(value, 100));
  }
}
