package io.gatehouse.dast.checks;

import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Rule;
import io.gatehouse.dast.http.ScanHttpClient;
import java.net.URI;
import java.util.List;

/**
 * An active check that looks at the site as a whole after the per-input checks: it may submit a
 * value at one input and look for it on other pages, or replay a token found on one page against
 * others.
 */
public interface SiteCheck {
  /** The rules this check reports. */
  List<Rule> rules();

  /**
   * The findings on the site of {@code target}, whose crawled pages are {@code pages} and whose
   * inputs are {@code points}. A page that cannot be fetched is skipped.
   */
  List<Finding> run(
      URI target, List<URI> pages, List<InjectionPoint> points, ScanHttpClient client);
}
