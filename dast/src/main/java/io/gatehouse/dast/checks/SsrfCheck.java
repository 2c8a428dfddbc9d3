package io.gatehouse.dast.checks;

import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Rule;
import io.gatehouse.dast.findings.Severity;
import io.gatehouse.dast.http.ScanHttpClient;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Server-side request forgery, confirmed out of band: the value is replaced by a URL of the scan's
 * own callback listener carrying a unique token (absolute, and without its scheme), and a finding
 * needs the listener to receive a request with that token. A page that only echoes the URL never
 * counts.
 */
public final class SsrfCheck implements ActiveCheck {
  static final Rule RULE =
      Rule.of(
          "ssrf",
          "Server-side request forgery",
          Severity.HIGH,
          918,
          "Fetch only URLs whose host is on an allow-list, resolved and checked before connecting;"
              + " never let input choose the host a server connects to.");

  private final CallbackListener listener;

  SsrfCheck(CallbackListener listener) {
    this.listener = listener;
  }

  @Override
  public Rule rule() {
    return RULE;
  }

  @Override
  public Optional<Finding> test(InjectionPoint point, ScanHttpClient client) throws IOException {
    return OutOfBandProbes.test(
        RULE,
        point,
        client,
        listener,
        List.of(url -> url, url -> url.substring(url.indexOf("//") + 2)));
  }
}
