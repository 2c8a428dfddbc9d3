package io.gatehouse.dast.checks;

import io.gatehouse.dast.checks.ReflectionContexts.Context;
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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stored cross-site scripting. A unique harmless marker is submitted at every input; the crawled
 * pages are then read again, and a marker found on a page shows that the input is stored and shown
 * there. For each such pair, the payloads of the contexts the marker landed in (as for reflected
 * XSS) are submitted at the input and the page is read again: a finding needs that page, parsed as
 * a browser parses it, to contain what the payload injected. A string match alone never counts.
 */
public final class StoredXssCheck implements SiteCheck {
  static final Rule RULE =
      Rule.of(
          "xss-stored",
          "Stored cross-site scripting",
          Severity.HIGH,
          79,
          "Encode stored values for their output context when showing them (the template engine's"
              + " auto-escaping), wherever they are shown; add a strict CSP.");

  static final int MAX_POINTS = 1000;
  static final int MAX_PAGES = 300;
  private static final Pattern MARKER = Pattern.compile("gh[a-z0-9]{8}");

  /** A marker found on a page. */
  private record Sighting(InjectionPoint point, URI page, String body, String marker) {}

  @Override
  public List<Rule> rules() {
    return List.of(RULE);
  }

  @Override
  public List<Finding> run(
      URI target, List<URI> pages, List<InjectionPoint> points, ScanHttpClient client) {
    Map<String, InjectionPoint> submitted = submit(points, client);
    if (submitted.isEmpty()) {
      return List.of();
    }
    List<Sighting> sightings = new ArrayList<>();
    SitePages.readable(target, pages, points, MAX_PAGES)
        .forEach(page -> read(page, client, submitted, sightings));
    List<Finding> findings = new ArrayList<>();
    Set<InjectionPoint> reported = new java.util.HashSet<>();
    for (Sighting sighting : sightings) {
      if (!reported.contains(sighting.point())) {
        try {
          confirm(sighting, client)
              .ifPresent(
                  finding -> {
                    findings.add(finding);
                    reported.add(sighting.point());
                  });
        } catch (IOException e) {
          // the input or the page stopped answering: left unconfirmed
        }
      }
    }
    return findings;
  }

  private static Map<String, InjectionPoint> submit(
      List<InjectionPoint> points, ScanHttpClient client) {
    Map<String, InjectionPoint> submitted = new HashMap<>();
    for (InjectionPoint point : points.stream().limit(MAX_POINTS).toList()) {
      String marker = Markers.next();
      try {
        client.follow(point.with(marker));
        submitted.put(marker, point);
      } catch (IOException e) {
        // not submitted: cannot be found
      }
    }
    return submitted;
  }

  private static void read(
      URI page,
      ScanHttpClient client,
      Map<String, InjectionPoint> submitted,
      List<Sighting> sightings) {
    Response response;
    try {
      response = client.follow(Request.get(page));
    } catch (IOException e) {
      return;
    }
    if (!response.isHtml()) {
      return;
    }
    Matcher matcher = MARKER.matcher(response.body());
    Set<String> seen = new java.util.HashSet<>();
    while (matcher.find()) {
      String marker = matcher.group();
      InjectionPoint point = submitted.get(marker);
      if (point != null && seen.add(marker)) {
        sightings.add(new Sighting(point, page, response.body(), marker));
      }
    }
  }

  private static Optional<Finding> confirm(Sighting sighting, ScanHttpClient client)
      throws IOException {
    for (Context context : ReflectionContexts.of(sighting.body(), sighting.marker())) {
      String marker = Markers.next();
      for (String payload : ReflectedXssCheck.payloads(context, marker)) {
        client.follow(sighting.point().with(payload));
        Response shown = client.follow(Request.get(sighting.page()));
        Optional<String> proof = ReflectedXssCheck.injected(shown, marker);
        if (proof.isPresent()) {
          return Optional.of(
              sighting
                  .point()
                  .finding(
                      RULE,
                      Confidence.CONFIRMED,
                      shown,
                      marker,
                      "stored and shown on "
                          + sighting.page()
                          + " in "
                          + context.name().toLowerCase(Locale.ROOT)
                          + "; "
                          + proof.get()));
        }
      }
    }
    return Optional.empty();
  }
}
