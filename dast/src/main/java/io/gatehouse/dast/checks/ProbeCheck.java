package io.gatehouse.dast.checks;

import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Rule;
import io.gatehouse.dast.http.ScanHttpClient;
import java.net.URI;
import java.util.List;

/**
 * A check that sends a few harmless requests of its own to the site (known paths, an {@code Origin}
 * header), no attack payload; it runs in passive-only scans too.
 */
public interface ProbeCheck {
  /** The rules this check reports. */
  List<Rule> rules();

  /** The findings on the site of {@code target}, whose crawled pages are {@code pages}. */
  List<Finding> probe(URI target, List<URI> pages, ScanHttpClient client);
}
