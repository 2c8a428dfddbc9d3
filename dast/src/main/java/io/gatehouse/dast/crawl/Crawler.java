package io.gatehouse.dast.crawl;

import io.gatehouse.dast.http.OutOfScopeException;
import io.gatehouse.dast.http.Request;
import io.gatehouse.dast.http.Response;
import io.gatehouse.dast.http.ScanHttpClient;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Discovers a target's pages and endpoints: follows links and forms breadth first from the start
 * URL, {@code robots.txt} and sitemaps, within the depth, page and per-template limits. URLs are
 * deduplicated by method, normalised URL and parameter names. Every request goes through the scan's
 * {@link ScanHttpClient}, so the scope and the limits hold here too.
 */
public final class Crawler {
  private static final int MAX_SITEMAPS = 10;
  private static final int MAX_PROBED_PAGES = 300;
  private static final int MAX_XML_TRIES = 50;

  private final ScanHttpClient client;
  private final CrawlSettings settings;
  private final Consumer<Response> observer;
  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private final Map<String, Integer> perTemplate = new ConcurrentHashMap<>();
  private final Map<String, Endpoint> endpoints =
      Collections.synchronizedMap(new LinkedHashMap<>());
  private final List<URI> pages = Collections.synchronizedList(new ArrayList<>());
  private final List<URI> requested = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger reserved = new AtomicInteger();
  private final AtomicInteger skipped = new AtomicInteger();
  private InputDiscovery inputs;

  private Crawler(ScanHttpClient client, CrawlSettings settings, Consumer<Response> observer) {
    this.client = client;
    this.settings = settings;
    this.observer = observer;
  }

  /**
   * A crawler that sends through {@code client} and hands every page it fetches to {@code observer}
   * (the passive checks), from the crawling threads.
   */
  public static Crawler create(
      ScanHttpClient client, CrawlSettings settings, Consumer<Response> observer) {
    return new Crawler(client, settings, observer);
  }

  /** Crawls from {@code start}; returns when the limits are reached or nothing new is left. */
  public CrawlResult crawl(URI start) {
    URI normalised = Urls.normalise(start).orElse(start);
    inputs = new InputDiscovery(client, normalised);
    List<Item> level = Collections.synchronizedList(new ArrayList<>());
    offer(Request.get(normalised), 0, level);
    for (Endpoint seed : settings.seeds()) {
      record(seed);
      if (seed.method().equals("GET")) {
        offer(seed.request(), 1, level);
      }
    }
    discover(normalised, level);
    while (!level.isEmpty() && client.stopReason().isEmpty()) {
      List<Item> next = Collections.synchronizedList(new ArrayList<>());
      try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
        for (Item item : List.copyOf(level)) {
          executor.execute(() -> visit(item, next));
        }
      }
      level = next;
    }
    if (settings.probeInputs()) {
      for (Endpoint withPath : InputDiscovery.pathEndpoints(List.copyOf(requested))) {
        List<Parameter> query =
            withPath.parameters().stream()
                .filter(p -> p.location() == Parameter.Location.QUERY)
                .toList();
        endpoints.remove(new Endpoint("GET", withPath.url(), query).key());
        record(withPath);
      }
      probeHeadersAndCookies();
      probeXmlBodies();
    }
    return new CrawlResult(List.copyOf(pages), List.copyOf(endpoints.values()), skipped.get());
  }

  private record Item(Request request, int depth) {}

  private void visit(Item item, List<Item> next) {
    Response response;
    try {
      response = client.follow(item.request());
    } catch (OutOfScopeException e) {
      skipped.incrementAndGet();
      return;
    } catch (IOException e) {
      return;
    }
    pages.add(response.uri());
    if (item.request().method().equals("GET")) {
      requested.add(item.request().uri());
    }
    seen.add(keyOf(response.request()));
    observer.accept(response);
    inputs.cookiesOf(response);
    if (!response.isHtml() && OpenApiImport.looksLikeOpenApi(response.body())) {
      importOpenApi(response);
    }
    if (!response.isHtml() || item.depth() >= settings.maxDepth()) {
      return;
    }
    PageParser.Page page = PageParser.parse(response.uri(), response.body());
    for (URI link : page.links()) {
      if (!Urls.queryParameters(link).isEmpty()) {
        record(new Endpoint("GET", Urls.withoutQuery(link), Urls.queryParameters(link)));
      }
      offer(Request.get(link), item.depth() + 1, next);
    }
    for (Endpoint form : page.forms()) {
      record(form);
      if (form.method().equals("GET") || settings.submitPostForms()) {
        offer(form.request(), item.depth() + 1, next);
      }
    }
  }

  /** Records the endpoints of an OpenAPI document the crawl came across (a service-desc link). */
  private void importOpenApi(Response response) {
    try {
      OpenApiImport.read(
              response.body(), response.uri(), client.settings().scope(), response.uri().toString())
          .endpoints()
          .forEach(this::record);
    } catch (InvalidOpenApiException e) {
      // a document that does not parse is a page like any other
    }
  }

  /** Adds the headers and cookies each fetched GET page reads to its endpoint. */
  private void probeHeadersAndCookies() {
    Map<String, Endpoint> pageEndpoints = new LinkedHashMap<>();
    for (URI page : List.copyOf(requested)) {
      Endpoint endpoint = new Endpoint("GET", Urls.withoutQuery(page), Urls.queryParameters(page));
      if (pageEndpoints.size() < MAX_PROBED_PAGES) {
        pageEndpoints.putIfAbsent(endpoint.key(), endpoint);
      }
    }
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Endpoint page : pageEndpoints.values()) {
        executor.execute(
            () -> {
              if (client.stopReason().isEmpty()) {
                inputs
                    .headersAndCookies(page)
                    .ifPresent(
                        found -> {
                          endpoints.remove(page.key());
                          endpoints.putIfAbsent(found.key(), found);
                        });
              }
            });
      }
    }
  }

  /**
   * Adds, for each endpoint with a JSON body (at most {@value #MAX_XML_TRIES}), the same fields as
   * a whole XML body when the target accepts one (see {@link InputDiscovery#xmlTwin}).
   */
  private void probeXmlBodies() {
    List<Endpoint> json =
        endpoints.values().stream()
            .filter(e -> !e.jsonBody().isEmpty())
            .limit(MAX_XML_TRIES)
            .toList();
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Endpoint endpoint : json) {
        executor.execute(
            () -> {
              if (client.stopReason().isEmpty()) {
                inputs.xmlTwin(endpoint).ifPresent(this::record);
              }
            });
      }
    }
  }

  private void record(Endpoint endpoint) {
    if (client.settings().scope().allows(endpoint.url()) && !endpoint.parameters().isEmpty()) {
      endpoints.putIfAbsent(endpoint.key(), endpoint);
    }
  }

  /** Queues {@code request} unless it was seen, is out of scope or exceeds a limit. */
  private void offer(Request request, int depth, List<Item> queue) {
    if (!client.settings().scope().allows(request.uri())) {
      skipped.incrementAndGet();
      return;
    }
    if (!seen.add(keyOf(request))) {
      return;
    }
    if (perTemplate.merge(Urls.template(request.uri()), 1, Integer::sum)
        > settings.maxPerTemplate()) {
      skipped.incrementAndGet();
      return;
    }
    if (reserved.incrementAndGet() > settings.maxPages()) {
      skipped.incrementAndGet();
      return;
    }
    queue.add(new Item(request, depth));
  }

  private static String keyOf(Request request) {
    List<Parameter> parameters = new ArrayList<>(Urls.queryParameters(request.uri()));
    boolean form =
        request.headers().getOrDefault("Content-Type", "").equals(Request.FORM_CONTENT_TYPE);
    for (Parameter field : form ? Urls.formParameters(request.body()) : List.<Parameter>of()) {
      parameters.add(new Parameter(Parameter.Location.FORM, field.name(), ""));
    }
    if (!form && !request.body().isEmpty()) {
      parameters.add(new Parameter(Parameter.Location.MULTIPART, request.body(), ""));
    }
    URI url = Urls.normalise(Urls.withoutQuery(request.uri())).orElse(request.uri());
    return new Endpoint(request.method(), url, parameters).key();
  }

  /** Queues what robots.txt and the sitemaps list, at depth 1. */
  private void discover(URI start, List<Item> level) {
    URI robotsUri = start.resolve("/robots.txt");
    List<URI> sitemaps = new ArrayList<>(List.of(start.resolve("/sitemap.xml")));
    fetchText(robotsUri)
        .ifPresent(
            text -> {
              RobotsAndSitemaps.Robots robots = RobotsAndSitemaps.parseRobots(robotsUri, text);
              robots.paths().forEach(path -> offer(Request.get(path), 1, level));
              sitemaps.addAll(robots.sitemaps());
            });
    for (int i = 0; i < sitemaps.size() && i < MAX_SITEMAPS; i++) {
      URI sitemapUri = sitemaps.get(i);
      fetchText(sitemapUri)
          .ifPresent(
              xml -> {
                RobotsAndSitemaps.Sitemap sitemap = RobotsAndSitemaps.parseSitemap(sitemapUri, xml);
                sitemap.pages().forEach(page -> offer(Request.get(page), 1, level));
                sitemap.sitemaps().stream()
                    .filter(s -> !sitemaps.contains(s))
                    .forEach(sitemaps::add);
              });
    }
  }

  private Optional<String> fetchText(URI uri) {
    if (!client.settings().scope().allows(uri)) {
      return Optional.empty();
    }
    try {
      Response response = client.send(Request.get(uri));
      if (response.status() == 200 && !response.isHtml() && !response.body().isBlank()) {
        return Optional.of(response.body());
      }
    } catch (IOException e) {
      // a missing or failing robots.txt or sitemap is ordinary
    }
    return Optional.empty();
  }
}
