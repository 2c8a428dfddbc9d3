package io.gatehouse.dast.checks;

import io.gatehouse.dast.findings.Confidence;
import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Rule;
import io.gatehouse.dast.findings.Severity;
import io.gatehouse.dast.http.Response;
import io.gatehouse.dast.http.ScanHttpClient;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

/**
 * Open redirect: the input sends the browser to another site, by a {@code Location} header or a
 * meta refresh. The redirect is read, never followed: the foreign host is not contacted.
 */
public final class OpenRedirectCheck implements ActiveCheck {
  static final String PROBE_HOST = "redirect-probe.gatehouse.invalid";
  private static final Pattern REFRESH_URL = Pattern.compile("(?i)url\\s*=\\s*['\"]?([^'\";]+)");
  private static final List<String> PAYLOADS =
      List.of(
          "https://" + PROBE_HOST + "/",
          "//" + PROBE_HOST + "/",
          "/\\" + PROBE_HOST + "/",
          "https:" + PROBE_HOST + "/");

  static final Rule RULE =
      Rule.of(
          "open-redirect",
          "Open redirect",
          Severity.MEDIUM,
          601,
          "Redirect only to relative paths of the site or to an allow-list of hosts.");

  @Override
  public Rule rule() {
    return RULE;
  }

  @Override
  public Optional<Finding> test(InjectionPoint point, ScanHttpClient client) throws IOException {
    for (String payload : PAYLOADS) {
      Response response = client.send(point.with(payload));
      Optional<String> target = destination(response);
      if (target.isPresent() && leadsToProbeHost(response.uri(), target.get())) {
        return Optional.of(
            point.finding(
                RULE, Confidence.CONFIRMED, response, PROBE_HOST, "redirects to " + target.get()));
      }
    }
    return Optional.empty();
  }

  private static Optional<String> destination(Response response) {
    if (response.isRedirect()) {
      return response.header("Location");
    }
    if (response.isHtml()) {
      for (Element meta : Jsoup.parse(response.body()).select("meta[http-equiv]")) {
        if (meta.attr("http-equiv").equalsIgnoreCase("refresh")) {
          Matcher matcher = REFRESH_URL.matcher(meta.attr("content"));
          if (matcher.find()) {
            return Optional.of(matcher.group(1));
          }
        }
      }
    }
    return Optional.empty();
  }

  /** Whether a browser at {@code base} following {@code location} would land on the probe host. */
  static boolean leadsToProbeHost(URI base, String location) {
    // browsers read a backslash as a slash and ignore tabs and newlines in URLs
    String normalised = location.strip().replace('\\', '/').replaceAll("[\\t\\r\\n]", "");
    if (normalised.regionMatches(true, 0, "https:", 0, 6)
        && !normalised.regionMatches(true, 0, "https://", 0, 8)) {
      normalised = "https://" + normalised.substring(6).replaceFirst("^/*", "");
    }
    try {
      URI resolved = base.resolve(normalised);
      String host = resolved.getHost();
      return host != null && host.toLowerCase(Locale.ROOT).equals(PROBE_HOST);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
