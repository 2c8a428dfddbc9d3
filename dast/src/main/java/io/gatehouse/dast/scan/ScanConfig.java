package io.gatehouse.dast.scan;

import io.gatehouse.dast.crawl.CrawlSettings;
import io.gatehouse.dast.http.HttpSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * What to scan and how.
 *
 * @param target the start URL; its origin is the scope, with the scope's extra patterns
 * @param http the HTTP client's scope and limits
 * @param crawl the crawler's limits
 * @param maxDuration the time limit of the whole scan, after which it stops with a partial report
 * @param passiveOnly whether to skip the active (attacking) checks
 */
public record ScanConfig(
    URI target, HttpSettings http, CrawlSettings crawl, Duration maxDuration, boolean passiveOnly) {
  public ScanConfig {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(http, "http");
    Objects.requireNonNull(crawl, "crawl");
    if (maxDuration.isNegative() || maxDuration.isZero()) {
      throw new IllegalArgumentException("maxDuration must be positive: " + maxDuration);
    }
    if (!http.scope().allows(target)) {
      throw new IllegalArgumentException(
          "the target is not in the scope: " + http.scope().refusal(target).orElse(""));
    }
  }
}
