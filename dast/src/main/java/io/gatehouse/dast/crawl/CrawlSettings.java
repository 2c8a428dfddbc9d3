package io.gatehouse.dast.crawl;

/**
 * The crawler's limits.
 *
 * @param maxDepth the most links followed from the start page
 * @param maxPages the most requests the crawl makes
 * @param maxPerTemplate the most distinct URLs of one path template ({@code /item/{n}}), so that an
 *     endless link generator cannot use up the page budget
 * @param submitPostForms whether POST forms are submitted (with default values) to discover what
 *     follows; GET forms are followed like links
 */
public record CrawlSettings(
    int maxDepth, int maxPages, int maxPerTemplate, boolean submitPostForms) {
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
  }

  /** Depth 10, 500 pages, 20 per template, POST forms submitted. */
  public static CrawlSettings defaults() {
    return new CrawlSettings(10, 500, 20, true);
  }
}
