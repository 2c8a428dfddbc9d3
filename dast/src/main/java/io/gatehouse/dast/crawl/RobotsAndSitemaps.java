package io.gatehouse.dast.crawl;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;

/**
 * Reads {@code robots.txt} and sitemaps for more URLs to crawl. Disallowed paths are crawled too: a
 * scanner looks where robots are told not to.
 */
final class RobotsAndSitemaps {
  private static final int MAX_URLS = 1_000;

  private RobotsAndSitemaps() {}

  /** What robots.txt points to. */
  record Robots(List<URI> paths, List<URI> sitemaps) {}

  static Robots parseRobots(URI robotsUri, String text) {
    List<URI> paths = new ArrayList<>();
    List<URI> sitemaps = new ArrayList<>();
    for (String line : text.lines().limit(10_000).toList()) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String field = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String value = stripComment(line.substring(colon + 1)).strip();
      if (value.isEmpty() || paths.size() + sitemaps.size() >= MAX_URLS) {
        continue;
      }
      switch (field) {
        case "allow", "disallow" ->
            pathOf(value).flatMap(p -> Urls.resolve(robotsUri, p)).ifPresent(paths::add);
        case "sitemap" -> Urls.resolve(robotsUri, value).ifPresent(sitemaps::add);
        default -> {}
      }
    }
    return new Robots(paths, sitemaps);
  }

  private static String stripComment(String value) {
    int hash = value.indexOf('#');
    return hash < 0 ? value : value.substring(0, hash);
  }

  /** The literal part of a robots path pattern, before any wildcard. */
  private static Optional<String> pathOf(String pattern) {
    int wildcard = pattern.length();
    for (char c : new char[] {'*', '$'}) {
      int at = pattern.indexOf(c);
      if (at >= 0) {
        wildcard = Math.min(wildcard, at);
      }
    }
    String path = pattern.substring(0, wildcard);
    return path.startsWith("/") ? Optional.of(path) : Optional.empty();
  }

  /** What a sitemap lists. */
  record Sitemap(List<URI> pages, List<URI> sitemaps) {}

  static Sitemap parseSitemap(URI sitemapUri, String xml) {
    Document document = Jsoup.parse(xml, sitemapUri.toString(), Parser.xmlParser());
    List<URI> pages = new ArrayList<>();
    List<URI> nested = new ArrayList<>();
    for (Element loc : document.select("loc")) {
      if (pages.size() + nested.size() >= MAX_URLS) {
        break;
      }
      Element parent = loc.parent();
      boolean isSitemap = parent != null && parent.tagName().equalsIgnoreCase("sitemap");
      Urls.resolve(sitemapUri, loc.text()).ifPresent(isSitemap ? nested::add : pages::add);
    }
    return new Sitemap(pages, nested);
  }
}
