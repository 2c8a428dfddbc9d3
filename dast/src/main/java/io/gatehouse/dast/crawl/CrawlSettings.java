package io.gatehouse.dast.crawl;

import java.util.List;

/**
 * The crawler's limits and what it starts from.
 *
 * @param maxDepth the most links followed from the start page
 * @param maxPages the most requests the crawl makes
 * @param maxPerTemplate the most distinct URLs of one path template ({@code /item/{n}}), so that an
 *     endless link generator cannot use up the page budget
 * @param submitPostForms whether POST forms are submitted (with default values) to discover what
 *     follows; GET forms are followed like links
 * @param probeInputs whether the crawler finds the headers and cookies a page reads by sending each
 *     with a harmless marker and comparing the answers (no attack payload)
 * @param seeds endpoints known before crawling (from an OpenAPI document), scanned whether or not a
 *     link leads to them
 */
public record CrawlSettings(
    int maxDepth,
    int maxPages,
    int maxPerTemplate,
    boolean submitPostForms,
    boolean probeInputs,
    List<Endpoint> seeds) {
  public CrawlSettings {
    if (maxDepth < 0 || maxDepth > 100) {
      throw new IllegalArgumentException("maxDepth out of range 0..100: " + maxDepth);
    }
    if (maxPages < 1 || maxPages > 100_000) {
      throw new IllegalArgumentException("maxPages out of range 1..100000: " + maxPages);
    }
    if (maxPerTemplate < 1) {
      throw new IllegalArgumentException("maxPerTemplate must be positive: " + maxPerTemplate);
    }
    seeds = List.copyOf(seeds);
  }

  /**
   * Settings without seeds; inputs are probed when POST forms are submitted, as both belong to a
   * scan that may send requests of its own.
   */
  public CrawlSettings(int maxDepth, int maxPages, int maxPerTemplate, boolean submitPostForms) {
    this(maxDepth, maxPages, maxPerTemplate, submitPostForms, submitPostForms, List.of());
  }

  /** Depth 10, 500 pages, 20 per template, POST forms submitted, inputs probed. */
  public static CrawlSettings defaults() {
    return new CrawlSettings(10, 500, 20, true);
  }

  /** These settings with {@code endpoints} known before crawling. */
  public CrawlSettings withSeeds(List<Endpoint> endpoints) {
    return new CrawlSettings(
        maxDepth, maxPages, maxPerTemplate, submitPostForms, probeInputs, endpoints);
  }

  /** These settings with input probing on or off. */
  public CrawlSettings withProbeInputs(boolean probe) {
    return new CrawlSettings(maxDepth, maxPages, maxPerTemplate, submitPostForms, probe, seeds);
  }
}
