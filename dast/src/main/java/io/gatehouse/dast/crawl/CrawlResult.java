package io.gatehouse.dast.crawl;

import java.net.URI;
import java.util.List;

/**
 * What a crawl found.
 *
 * @param pages the URLs fetched, in crawl order
 * @param endpoints the endpoints with parameters, deduplicated by {@link Endpoint#key()}
 * @param skipped how many URLs were found but not fetched (limits, scope)
 */
public record CrawlResult(List<URI> pages, List<Endpoint> endpoints, int skipped) {
  public CrawlResult {
    pages = List.copyOf(pages);
    endpoints = List.copyOf(endpoints);
  }
}
