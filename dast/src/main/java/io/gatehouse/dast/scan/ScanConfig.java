package io.gatehouse.dast.scan;

import io.gatehouse.dast.checks.CallbackSettings;
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
 * @param callbacks where the out-of-band callback listener of the SSRF and XXE checks listens
 */
public record ScanConfig(
    URI target,
    HttpSettings http,
    CrawlSettings crawl,
    Duration maxDuration,
    boolean passiveOnly,
    CallbackSettings callbacks) {
  /** A configuration whose callback listener is on loopback. */
  public ScanConfig(
      URI target,
      HttpSettings http,
      CrawlSettings crawl,
      Duration maxDuration,
      boolean passiveOnly) {
    this(target, http, crawl, maxDuration, passiveOnly, CallbackSettings.loopback());
  }

  public ScanConfig {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(callbacks, "callbacks");
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

  /** This configuration with the callback listener as {@code settings} say. */
  public ScanConfig withCallbacks(CallbackSettings settings) {
    return new ScanConfig(target, http, crawl, maxDuration, passiveOnly, settings);
  }
}
