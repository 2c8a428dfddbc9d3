package io.gatehouse.dast.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.dast.http.HttpSettings;
import io.gatehouse.dast.http.Response;
import io.gatehouse.dast.http.ScanHttpClient;
import io.gatehouse.dast.http.Scope;
import io.gatehouse.dast.testapp.Inputs;
import io.gatehouse.dast.testapp.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CrawlerTest {
  private TestServer site;
  private TestServer outside;
  private ScanHttpClient client;

  @BeforeEach
  void start() throws IOException {
    site = TestServer.start();
    outside = TestServer.start();
    client =
        ScanHttpClient.create(
            HttpSettings.defaults(Scope.of(site.base(), List.of(), List.of()))
                .withLimits(1000, 8)
                .withBounds(Duration.ofMillis(800), 32 * 1024));
  }

  @AfterEach
  void stop() {
    client.close();
    site.close();
    outside.close();
  }

  private CrawlResult crawl(CrawlSettings settings) {
    return Crawler.create(client, settings, response -> {}).crawl(site.uri("/"));
  }

  private static List<String> paths(CrawlResult result) {
    return result.pages().stream().map(URI::getPath).toList();
  }

  @Test
  void crawl_linksFormsRobotsAndSitemaps_discoversEverything() {
    site.route(
        "/",
        e ->
            e.html(
                "<a href=\"/a\">a</a><a href=\"b?x=1#frag\">b</a><a href=\"mailto:x@y\">m</a>"
                    + "<a href=\"javascript:void(0)\">j</a>"
                    + "<form action=\"/search\"><input name=\"q\"><input type=\"email\" name=\"mail\">"
                    + "<input type=\"number\" name=\"n\" min=\"5\"><input type=\"checkbox\" name=\"c\">"
                    + "<select name=\"s\"><option value=\"one\">1</option></select>"
                    + "<input type=\"file\" name=\"upload\"><input type=\"submit\" value=\"Go\"></form>"
                    + "<form method=\"POST\" action=\"/login?next=/\"><input name=\"user\">"
                    + "<input type=\"password\" name=\"pw\"><input type=\"hidden\" name=\"csrf\" value=\"t\">"
                    + "<textarea name=\"note\"></textarea></form>"));
    site.route("/a", e -> e.html("<p>a</p>"));
    site.route("/b", e -> e.html("<p>b</p>"));
    site.route("/search", e -> e.html("<a href=\"/results-only\">r</a>"));
    site.route("/results-only", e -> e.html("r"));
    site.route("/login", e -> e.html("welcome"));
    site.route(
        "/robots.txt",
        e ->
            e.send(
                200,
                "text/plain",
                "User-agent: *\nDisallow: /hidden/ # x\nDisallow: /wild*card\nSitemap: /maps/index.xml\n"));
    site.route("/hidden/", e -> e.html("hidden"));
    site.route(
        "/maps/index.xml",
        e ->
            e.send(
                200,
                "application/xml",
                "<sitemapindex><sitemap><loc>/maps/pages.xml</loc></sitemap></sitemapindex>"));
    site.route(
        "/maps/pages.xml",
        e ->
            e.send(
                200,
                "application/xml",
                "<urlset><url><loc>/from-sitemap?id=3</loc></url></urlset>"));
    site.route("/from-sitemap", e -> e.html("from sitemap"));

    CrawlResult result = crawl(CrawlSettings.defaults());

    assertThat(paths(result))
        .contains(
            "/", "/a", "/b", "/search", "/results-only", "/login", "/hidden/", "/from-sitemap");
    Map<String, Endpoint> byPath =
        result.endpoints().stream()
            .collect(Collectors.toMap(e -> e.method() + " " + e.url().getPath(), e -> e));
    assertThat(byPath.get("GET /b").parameters())
        .containsExactly(new Parameter(Parameter.Location.QUERY, "x", "1"));
    assertThat(byPath.get("GET /search").parameters())
        .extracting(Parameter::name, Parameter::value)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("q", "Gatehouse"),
            org.assertj.core.groups.Tuple.tuple("mail", "scanner@example.com"),
            org.assertj.core.groups.Tuple.tuple("n", "5"),
            org.assertj.core.groups.Tuple.tuple("c", "on"),
            org.assertj.core.groups.Tuple.tuple("s", "one"));
    assertThat(byPath.get("POST /login").parameters())
        .extracting(p -> p.location() + ":" + p.name() + "=" + p.value())
        .containsExactly(
            "QUERY:next=/",
            "FORM:user=Gatehouse",
            "FORM:pw=Gatehouse-1",
            "FORM:csrf=t",
            "FORM:note=Gatehouse");
  }

  @Test
  void crawl_sameUrlDifferentValues_fetchedOnce() {
    StringBuilder links = new StringBuilder();
    for (int i = 0; i < 50; i++) {
      links.append("<a href=\"/item?id=").append(i).append("\">i</a>");
    }
    site.route("/", e -> e.html(links.toString()));
    AtomicInteger items = new AtomicInteger();
    site.route(
        "/item",
        e -> {
          items.incrementAndGet();
          e.html("item");
        });

    CrawlResult result = crawl(CrawlSettings.defaults().withProbeInputs(false));

    assertThat(items.get()).isEqualTo(1);
    assertThat(result.endpoints()).hasSize(1);
  }

  @Test
  void crawl_endlessLinkGenerator_boundedByTheTemplateQuota() {
    site.route("/", e -> e.html("<a href=\"/gen/1\">g</a><a href=\"/about\">about</a>"));
    site.route("/about", e -> e.html("about"));
    site.fallback(
        e -> {
          String path = e.http().getRequestURI().getPath();
          long n = Long.parseLong(path.substring(path.lastIndexOf('/') + 1));
          e.html(
              "<a href=\"/gen/"
                  + (n + 1)
                  + "\">next</a><a href=\"/gen/"
                  + (n * 2 + 7)
                  + "\">x</a>");
        });

    CrawlResult result = crawl(new CrawlSettings(100, 10_000, 20, true));

    assertThat(paths(result)).contains("/about");
    assertThat(paths(result).stream().filter(p -> p.startsWith("/gen/")))
        .hasSizeLessThanOrEqualTo(20);
  }

  @Test
  void crawl_pageLimit_stopsThere() {
    site.route("/", e -> e.html("<a href=\"/a\">a</a><a href=\"/b\">b</a><a href=\"/c\">c</a>"));
    site.fallback(e -> e.html("<a href=\"/d\">d</a><a href=\"/e\">e</a>"));
    assertThat(crawl(new CrawlSettings(10, 3, 20, true)).pages()).hasSize(3);
  }

  @Test
  void crawl_depthLimit_linksBeyondNotFetched() {
    site.route("/", e -> e.html("<a href=\"/one\">1</a>"));
    site.route("/one", e -> e.html("<a href=\"/two\">2</a>"));
    site.route("/two", e -> e.html("<a href=\"/three\">3</a>"));
    assertThat(paths(crawl(new CrawlSettings(1, 100, 20, true))))
        .containsExactlyInAnyOrder("/", "/one");
  }

  @Test
  void crawl_linksAndRedirectsToOtherOrigins_neverRequested() {
    site.route(
        "/",
        e ->
            e.html(
                "<a href=\""
                    + outside.uri("/a")
                    + "\">a</a><a href=\"//"
                    + outside.base().getAuthority()
                    + "/b\">b</a><iframe src=\""
                    + outside.uri("/f")
                    + "\"></iframe><a href=\"/go\">go</a>"
                    + "<form action=\""
                    + outside.uri("/post")
                    + "\" method=\"post\"><input name=\"x\"></form>"));
    site.route(
        "/go",
        e -> {
          e.responseHeader("Location", outside.uri("/redirected").toString());
          e.send(302, "text/html", "");
        });

    CrawlResult result = crawl(CrawlSettings.defaults());

    assertThat(outside.requests()).isZero();
    assertThat(result.endpoints()).isEmpty();
    assertThat(result.skipped()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void crawl_redirectLoopHugeAndSlowPages_finishesAndKeepsCrawling() {
    site.route(
        "/",
        e ->
            e.html(
                "<a href=\"/loop\">l</a><a href=\"/huge\">h</a><a href=\"/slow\">s</a><a href=\"/fine\">f</a>"));
    site.route(
        "/loop",
        e -> {
          e.responseHeader("Location", "/loop?again=1");
          e.send(302, "text/html", "");
        });
    site.route("/huge", e -> endless(e, 0));
    site.route("/slow", e -> endless(e, 200));
    site.route("/fine", e -> e.html("<a href=\"/after\">after</a>"));
    site.route("/after", e -> e.html("after"));
    long start = System.nanoTime();

    CrawlResult result = crawl(CrawlSettings.defaults());

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    assertThat(paths(result)).contains("/fine", "/after", "/huge");
  }

  @Test
  void crawl_postFormsNotToBeSubmitted_recordedButNeverSent() {
    site.route(
        "/",
        e ->
            e.html(
                "<form method=\"post\" action=\"/delete\"><input name=\"id\" value=\"7\"></form>"
                    + "<form action=\"/find\"><input name=\"q\"></form>"));
    AtomicInteger deletes = new AtomicInteger();
    site.route(
        "/delete",
        e -> {
          deletes.incrementAndGet();
          e.html("deleted");
        });
    site.route("/find", e -> e.html("found"));

    CrawlResult result = crawl(new CrawlSettings(10, 100, 20, false));

    assertThat(deletes.get()).isZero();
    assertThat(paths(result)).contains("/find");
    assertThat(result.endpoints())
        .extracting(Endpoint::method)
        .containsExactlyInAnyOrder("POST", "GET");
  }

  @Test
  void crawl_observer_seesEveryPage() {
    site.route("/", e -> e.html("<a href=\"/a\">a</a>"));
    site.route("/a", e -> e.html("a"));
    List<Response> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    Crawler.create(client, CrawlSettings.defaults(), seen::add).crawl(site.uri("/"));
    assertThat(seen).extracting(r -> r.uri().getPath()).contains("/", "/a");
  }

  private static void endless(TestServer.Exchange e, long pauseMillis) throws IOException {
    e.http().getResponseHeaders().set("Content-Type", "text/html");
    e.http().sendResponseHeaders(200, 0);
    byte[] chunk = "<a href=\"/huge\">x</a>".repeat(400).getBytes(StandardCharsets.UTF_8);
    try (OutputStream out = e.http().getResponseBody()) {
      while (true) {
        out.write(pauseMillis > 0 ? new byte[] {'x'} : chunk);
        out.flush();
        if (pauseMillis > 0) {
          try {
            Thread.sleep(pauseMillis);
          } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
    }
  }

  @Test
  void crawl_multipartForm_recordedAndSubmittedAsMultipart() {
    site.route(
        "/",
        e ->
            e.html(
                "<form method=\"post\" enctype=\"multipart/form-data\" action=\"/upload\">"
                    + "<input name=\"title\" value=\"t\"><input type=\"file\" name=\"f\">"
                    + "<textarea name=\"note\"></textarea></form>"));
    Map<String, String> received = new java.util.concurrent.ConcurrentHashMap<>();
    site.route(
        "/upload",
        e -> {
          received.putAll(Inputs.multipart(e));
          e.html("ok");
        });

    CrawlResult result = crawl(CrawlSettings.defaults());

    assertThat(result.endpoints()).hasSize(1);
    assertThat(result.endpoints().get(0).parameters())
        .extracting(Parameter::location, Parameter::name)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Parameter.Location.MULTIPART, "title"),
            org.assertj.core.groups.Tuple.tuple(Parameter.Location.FILE, "f"),
            org.assertj.core.groups.Tuple.tuple(Parameter.Location.MULTIPART, "note"),
            org.assertj.core.groups.Tuple.tuple(Parameter.Location.FILE_NAME, "f"),
            org.assertj.core.groups.Tuple.tuple(Parameter.Location.FILE_TYPE, "f"));
    assertThat(received)
        .containsEntry("title", "t")
        .containsEntry("f", "Gatehouse")
        .containsEntry("note", "Gatehouse");
  }

  @Test
  void crawl_linkedOpenApiDocument_importsItsOperations() {
    site.route(
        "/", e -> e.html("<link rel=\"service-desc\" href=\"/openapi.json\"><p>welcome</p>"));
    site.route(
        "/openapi.json",
        e ->
            e.send(
                200,
                "application/json",
                "{\"openapi\":\"3.0.0\",\"paths\":{\"/api/items\":{\"post\":{\"requestBody\":"
                    + "{\"content\":{\"application/json\":{\"schema\":{\"type\":\"object\","
                    + "\"properties\":{\"name\":{\"type\":\"string\"}}}}}}}}}}"));

    CrawlResult result = crawl(CrawlSettings.defaults().withProbeInputs(false));

    assertThat(result.endpoints())
        .extracting(e -> e.method() + " " + e.url().getPath() + " " + e.jsonBody())
        .containsExactly("POST /api/items {\"name\":\"Gatehouse\"}");
  }

  @Test
  void crawl_cookieFloodAndEndlessSiblings_boundedInputs() {
    AtomicInteger served = new AtomicInteger();
    StringBuilder links = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      links.append("<a href=\"/tag/t").append(i).append("\">t</a>");
    }
    site.route("/", e -> e.html(links.toString()));
    site.fallback(
        e -> {
          int n = served.incrementAndGet();
          for (int i = 0; i < 30; i++) {
            e.responseHeader("Set-Cookie", "c" + n + "x" + i + "=v; Path=/");
          }
          e.html("<p>" + VulnerableEcho.of(e.header("Cookie")) + "</p>");
        });

    CrawlResult result = crawl(new CrawlSettings(2, 30, 1000, true));

    List<Endpoint> withPath =
        result.endpoints().stream()
            .filter(
                e -> e.parameters().stream().anyMatch(p -> p.location() == Parameter.Location.PATH))
            .toList();
    assertThat(withPath).hasSize(1);
    assertThat(result.endpoints())
        .allSatisfy(
            e ->
                assertThat(
                        e.parameters().stream()
                            .filter(p -> p.location() == Parameter.Location.COOKIE))
                    .hasSizeLessThanOrEqualTo(20));
  }

  /** Echoes text escaped. */
  private static final class VulnerableEcho {
    static String of(String text) {
      return text.replace("&", "&amp;").replace("<", "&lt;");
    }
  }
}
