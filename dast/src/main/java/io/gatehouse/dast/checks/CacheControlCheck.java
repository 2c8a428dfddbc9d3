package io.gatehouse.dast.checks;

import io.gatehouse.dast.findings.Confidence;
import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Rule;
import io.gatehouse.dast.findings.Severity;
import io.gatehouse.dast.http.Request;
import io.gatehouse.dast.http.Response;
import io.gatehouse.dast.http.ScanHttpClient;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Authenticated pages that shared caches and the browser may keep: when the scan sends credentials
 * ({@code Authorization} or {@code Cookie} from {@code --header}/{@code --cookie}), each page is
 * requested with and without them; a page whose answer depends on them (another status or other
 * content) or that sets a cookie is per-user, and is reported when its {@code Cache-Control} has
 * none of {@code no-store}, {@code private} and {@code no-cache}.
 */
public final class CacheControlCheck implements ProbeCheck {
  static final Rule RULE =
      Rule.of(
          "cache-control-missing",
          "Authenticated page may be cached",
          Severity.LOW,
          525,
          "Send Cache-Control: no-store on every response that carries per-user content.");

  // a bound on the requests (three per cacheable page), not on the site: the test app alone has
  // over 200 pages, and an authenticated page late in the crawl's order must not be skipped
  static final int MAX_PAGES = 400;
  private static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization", "cookie");

  @Override
  public List<Rule> rules() {
    return List.of(RULE);
  }

  @Override
  public List<Finding> probe(URI target, List<URI> pages, ScanHttpClient client) {
    List<String> credentials =
        client.scanHeaders().keySet().stream()
            .filter(name -> CREDENTIAL_HEADERS.contains(name.toLowerCase(Locale.ROOT)))
            .toList();
    if (credentials.isEmpty()) {
      return List.of();
    }
    Set<URI> candidates = new LinkedHashSet<>();
    candidates.add(target);
    candidates.addAll(pages);
    List<Finding> findings = new ArrayList<>();
    for (URI page : candidates.stream().limit(MAX_PAGES).toList()) {
      try {
        Response authenticated = client.send(Request.get(page));
        if (authenticated.status() != 200 || cacheable(authenticated).isEmpty()) {
          continue;
        }
        Request anonymous = Request.get(page);
        for (String name : credentials) {
          anonymous = anonymous.withHeader(name, "");
        }
        Response without = client.send(anonymous);
        Response again = client.send(Request.get(page));
        if (perUser(authenticated, again, without)) {
          findings.add(
              EvidenceText.siteFinding(
                  RULE,
                  Confidence.HIGH,
                  authenticated,
                  "",
                  "the answer depends on the credentials sent, and " + cacheable(authenticated)));
        }
      } catch (IOException e) {
        // an unreachable page shows nothing
      }
    }
    return findings;
  }

  /** Why {@code response} may be stored, or empty when its Cache-Control forbids that. */
  static String cacheable(Response response) {
    List<String> values = response.headerValues("Cache-Control");
    String directives = String.join(",", values).toLowerCase(Locale.ROOT);
    for (String protective : List.of("no-store", "private", "no-cache")) {
      if (directives.contains(protective)) {
        return "";
      }
    }
    return values.isEmpty()
        ? "it has no Cache-Control header"
        : "its Cache-Control is " + String.join(", ", values);
  }

  /**
   * Whether the answer depends on the credentials: another status without them, a cookie set only
   * with them, or content that differs without them more than it differs between two requests with
   * them (a page that changes on every request is not per-user for that).
   */
  static boolean perUser(Response authenticated, Response again, Response anonymous) {
    if (anonymous.status() != authenticated.status()) {
      return true;
    }
    if (!authenticated.headerValues("Set-Cookie").isEmpty()
        && anonymous.headerValues("Set-Cookie").isEmpty()) {
      return true;
    }
    double withoutCredentials = Similarity.of(authenticated.body(), anonymous.body());
    double withCredentials = Similarity.of(authenticated.body(), again.body());
    return withoutCredentials < 0.95 && withoutCredentials < withCredentials - 0.05;
  }
}
