package io.gatehouse.dast.checks;

import java.net.URI;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The crawled pages a site check reads again. */
final class SitePages {
  private SitePages() {}

  /**
   * The pages to read again with GET: the target, then {@code pages} without the URLs that only
   * answer a form's POST (reading them with GET could submit an empty form), at most {@code max}.
   * Pages without a query come first: reading a page with a query may store its original value
   * again over a value just submitted.
   */
  static List<URI> readable(URI target, List<URI> pages, List<InjectionPoint> points, int max) {
    Set<String> posts = new HashSet<>();
    for (InjectionPoint point : points) {
      if (!point.endpoint().method().equals("GET")) {
        posts.add(point.endpoint().url().toString());
      }
    }
    Set<URI> readable = new LinkedHashSet<>();
    readable.add(target);
    for (URI page : pages) {
      if (!posts.contains(EvidenceText.withoutQuery(page.toString()))) {
        readable.add(page);
      }
    }
    return readable.stream()
        .sorted(java.util.Comparator.comparing((URI page) -> page.getRawQuery() != null))
        .limit(max)
        .toList();
  }
}
