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
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Cross-origin resource sharing that lets any site read authenticated answers: a foreign {@code
 * Origin} reflected in {@code Access-Control-Allow-Origin} with credentials allowed, or the {@code
 * null} origin allowed. Sends the target's pages again with an {@code Origin} header: an unrelated
 * origin, origins that a suffix or prefix match of the site's own origin lets through, and {@code
 * null}.
 */
public final class CorsCheck implements ProbeCheck {
  static final String FOREIGN_ORIGIN = "https://cors-probe.gatehouse.invalid";
  private static final int MAX_PAGES = 10;

  static final Rule REFLECTED =
      Rule.perSite(
          "cors-reflected-origin",
          "CORS allows any origin with credentials",
          Severity.HIGH,
          942,
          "Allow only a fixed list of trusted origins; never echo the request's Origin with"
              + " Access-Control-Allow-Credentials: true.");
  static final Rule NULL_ORIGIN =
      Rule.perSite(
          "cors-null-origin",
          "CORS allows the null origin",
          Severity.MEDIUM,
          942,
          "Never allow the origin 'null' (sandboxed frames and local files send it).");

  @Override
  public List<Rule> rules() {
    return List.of(REFLECTED, NULL_ORIGIN);
  }

  @Override
  public List<Finding> probe(URI target, List<URI> pages, ScanHttpClient client) {
    List<Finding> findings = new ArrayList<>();
    List<URI> candidates = new ArrayList<>(List.of(target));
    pages.stream().filter(p -> !p.equals(target)).limit(MAX_PAGES - 1).forEach(candidates::add);
    for (URI page : candidates) {
      try {
        reflected(page, client).ifPresent(findings::add);
        nullOrigin(page, client).ifPresent(findings::add);
      } catch (IOException e) {
        // an unreachable page shows nothing about CORS
      }
      if (!findings.isEmpty()) {
        break;
      }
    }
    return findings;
  }

  private static Optional<Finding> reflected(URI page, ScanHttpClient client) throws IOException {
    for (String origin : foreignOrigins(page)) {
      Response response = client.send(Request.get(page).withHeader("Origin", origin));
      String allowed = response.header("Access-Control-Allow-Origin").orElse("").strip();
      boolean credentials =
          response
              .header("Access-Control-Allow-Credentials")
              .orElse("")
              .strip()
              .equalsIgnoreCase("true");
      if (allowed.equals(origin) && credentials) {
        return Optional.of(
            EvidenceText.siteFinding(
                REFLECTED,
                Confidence.CONFIRMED,
                response,
                "Origin",
                "Origin " + origin + " echoed with credentials allowed"));
      }
    }
    return Optional.empty();
  }

  /**
   * The foreign origins sent: an unrelated one, then two that pass a careless check of the page's
   * own origin: one that ends with its host ({@code https://corsprobeexample.com} for a suffix
   * check) and one that starts with the whole origin ({@code
   * https://example.com.cors-probe.gatehouse.invalid} for a prefix check).
   */
  static List<String> foreignOrigins(URI page) {
    String scheme = page.getScheme().toLowerCase(Locale.ROOT);
    String authority = page.getHost() + (page.getPort() < 0 ? "" : ":" + page.getPort());
    return List.of(
        FOREIGN_ORIGIN,
        scheme + "://corsprobe" + authority,
        scheme + "://" + authority + ".cors-probe.gatehouse.invalid");
  }

  private static Optional<Finding> nullOrigin(URI page, ScanHttpClient client) throws IOException {
    Response response = client.send(Request.get(page).withHeader("Origin", "null"));
    String allowed = response.header("Access-Control-Allow-Origin").orElse("").strip();
    if (allowed.equals("null")) {
      return Optional.of(
          EvidenceText.siteFinding(
              NULL_ORIGIN, Confidence.CONFIRMED, response, "Origin", "Origin null allowed"));
    }
    return Optional.empty();
  }
}
