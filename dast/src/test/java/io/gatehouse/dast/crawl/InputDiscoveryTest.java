package io.gatehouse.dast.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.dast.http.HttpSettings;
import io.gatehouse.dast.http.Response;
import io.gatehouse.dast.http.ScanHttpClient;
import io.gatehouse.dast.http.Scope;
import io.gatehouse.dast.testapp.Inputs;
import io.gatehouse.dast.testapp.TestServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InputDiscoveryTest {
  private static final URI PAGE = URI.create("http://a/shop/cart/view");

  @Test
  void parseSetCookie_ordinaryAndHostileHeaders_validCookiesOnly() {
    assertThat(InputDiscovery.parseSetCookie(PAGE, "lang=en; Path=/; HttpOnly"))
        .contains(new InputDiscovery.Cookie("lang", "en", "/"));
    assertThat(InputDiscovery.parseSetCookie(PAGE, "theme=dark"))
        .contains(new InputDiscovery.Cookie("theme", "dark", "/shop/cart"));
    assertThat(InputDiscovery.parseSetCookie(PAGE, "a=b; path=relative"))
        .contains(new InputDiscovery.Cookie("a", "b", "/shop/cart"));
    for (String hostile :
        List.of("", "novalue", "=x", "bad name=x", "x\u0000y=1", "big=" + "v".repeat(5000))) {
      assertThat(InputDiscovery.parseSetCookie(PAGE, hostile)).as(hostile).isEmpty();
    }
  }

  @Test
  void xmlTwin_targetReadsXml_sameFieldsAsAWholeXmlBody() throws Exception {
    try (TestServer server = TestServer.start();
        ScanHttpClient client = client(server)) {
      server.route(
          "/orders",
          e -> {
            String body = Inputs.body(e);
            boolean xml = e.header("Content-Type").startsWith("application/xml");
            boolean wellFormed = body.endsWith("</order>");
            e.send(xml && !wellFormed ? 400 : 200, "text/plain", xml ? "read " + body : "json");
          });
      server.route("/ignores", e -> e.send(200, "text/plain", "thanks"));
      server.route("/refuses", e -> e.send(415, "text/plain", "JSON only"));
      InputDiscovery discovery = new InputDiscovery(client, server.uri("/"));
      Parameter query = new Parameter(Parameter.Location.QUERY, "dry", "1");

      Optional<Endpoint> twin =
          discovery.xmlTwin(
              Endpoint.withJsonBody(
                  "POST", server.uri("/orders"), List.of(query), "{\"order\":{\"item\":1}}"));

      assertThat(twin).isPresent();
      assertThat(twin.get().parameters())
          .extracting(Parameter::label)
          .containsExactly("dry", "body:application/xml");
      assertThat(twin.get().request().body())
          .isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><order><item>1</item></order>");
      for (String path : List.of("/ignores", "/refuses")) {
        assertThat(
                discovery.xmlTwin(
                    Endpoint.withJsonBody("POST", server.uri(path), List.of(), "{\"a\":[1,2]}")))
            .as(path)
            .isEmpty();
      }
    }
  }

  @Test
  void xmlTwin_hostileJsonBodies_boundedDocumentsOrNone() throws Exception {
    try (TestServer server = TestServer.start();
        ScanHttpClient client = client(server)) {
      server.route("/x", e -> e.send(200, "text/plain", Inputs.body(e)));
      InputDiscovery discovery = new InputDiscovery(client, server.uri("/"));
      String deep = "{\"a\":".repeat(40) + "1" + "}".repeat(40);
      Endpoint endpoint = Endpoint.withJsonBody("POST", server.uri("/x"), List.of(), deep);
      Optional<Endpoint> twin = discovery.xmlTwin(endpoint);
      assertThat(twin).isPresent();
      assertThat(twin.get().request().body()).doesNotContain(">1<").hasSizeLessThan(2000);
      String arrays = "{\"a\":" + "[".repeat(500) + "1" + "]".repeat(500) + "}";
      assertThat(
              discovery
                  .xmlTwin(Endpoint.withJsonBody("POST", server.uri("/x"), List.of(), arrays))
                  .orElseThrow()
                  .request()
                  .body())
          .isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><request><a></a></request>");
      Endpoint names =
          Endpoint.withJsonBody(
              "POST", server.uri("/x"), List.of(), "{\"<x y='1'>\":\"]]><!DOCTYPE z>\"}");
      assertThat(discovery.xmlTwin(names).orElseThrow().request().body())
          .endsWith("<request><field>]]&gt;&lt;!DOCTYPE z&gt;</field></request>");
    }
  }

  @Test
  void cookieAppliesTo_pathMatchOfRfc6265() {
    InputDiscovery.Cookie cookie = new InputDiscovery.Cookie("c", "v", "/shop");
    assertThat(cookie.appliesTo(URI.create("http://a/shop"))).isTrue();
    assertThat(cookie.appliesTo(URI.create("http://a/shop/cart"))).isTrue();
    assertThat(cookie.appliesTo(URI.create("http://a/shopping"))).isFalse();
    assertThat(cookie.appliesTo(URI.create("http://a/"))).isFalse();
  }

  @Test
  void pathEndpoints_idsAndVaryingLastSegments_becomePathParameters() {
    String uuid = UUID.nameUUIDFromBytes(new byte[] {1}).toString();
    List<URI> pages =
        List.of(
            URI.create("http://a/product/widget"),
            URI.create("http://a/product/gadget"),
            URI.create("http://a/order/7?tab=2"),
            URI.create("http://a/user/42/orders"),
            URI.create("http://a/file/" + uuid),
            URI.create("http://a/about"),
            URI.create("http://a/contact"),
            URI.create("http://a/docs/intro/"),
            URI.create("http://a/static/app.js"));

    List<Endpoint> endpoints = InputDiscovery.pathEndpoints(pages);

    assertThat(endpoints)
        .extracting(
            e -> e.url().getPath() + " " + e.parameters().stream().map(Parameter::label).toList())
        .containsExactlyInAnyOrder(
            "/file/" + uuid + " [path:file]",
            "/product/gadget [path:product]",
            "/order/7 [path:order, tab]",
            "/user/42/orders [path:user]");
  }

  @Test
  void headersAndCookies_realServer_onlyTheInputsThatChangeThePage() throws Exception {
    try (TestServer server = TestServer.start();
        ScanHttpClient client =
            ScanHttpClient.create(
                HttpSettings.defaults(Scope.of(server.base(), List.of(), List.of()))
                    .withLimits(1000, 4)
                    .withBounds(Duration.ofSeconds(5), 64 * 1024))) {
      server.route(
          "/greet",
          e -> {
            e.responseHeader("Set-Cookie", "lang=en");
            e.html("<p>" + VulnerableText.escape(e.header("User-Agent")) + "</p>");
          });
      server.route(
          "/lang",
          e -> {
            e.responseHeader("Set-Cookie", "lang=en");
            String lang = Inputs.cookies(e.header("Cookie")).getOrDefault("lang", "en");
            e.html(lang.equals("en") ? "<p>Hello</p>" : "<p>?</p>");
          });
      server.route("/static", e -> e.html("<p>same for everyone</p>"));
      server.route(
          "/token",
          e ->
              e.html(
                  "<input name=csrf value=\""
                      + UUID.randomUUID()
                      + "\"><p>"
                      + VulnerableText.escape(e.header("X-Forwarded-For"))
                      + " at "
                      + System.nanoTime()
                      + "</p>"));
      server.route("/clock", e -> e.html("<p>" + System.nanoTime() + "</p>"));
      AtomicInteger visits = new AtomicInteger();
      server.route("/growing", e -> e.html("<p>" + "x ".repeat(visits.incrementAndGet()) + "</p>"));
      InputDiscovery discovery = new InputDiscovery(client, server.uri("/"));
      Response greet = client.send(new Endpoint("GET", server.uri("/greet"), List.of()).request());
      discovery.cookiesOf(greet);

      assertThat(labels(discovery.headersAndCookies(page(server, "/greet"))))
          .containsExactly("header:User-Agent");
      assertThat(labels(discovery.headersAndCookies(page(server, "/lang"))))
          .containsExactly("cookie:lang");
      assertThat(discovery.headersAndCookies(page(server, "/static"))).isEmpty();
      assertThat(labels(discovery.headersAndCookies(page(server, "/token"))))
          .containsExactly("header:X-Forwarded-For");
      assertThat(discovery.headersAndCookies(page(server, "/clock"))).isEmpty();
      assertThat(labels(discovery.headersAndCookies(page(server, "/growing"))))
          .containsExactly(
              "header:User-Agent", "header:Referer", "header:X-Forwarded-For", "cookie:lang");
    }
  }

  private static Endpoint page(TestServer server, String path) {
    return new Endpoint("GET", server.uri(path), List.of());
  }

  private static List<String> labels(Optional<Endpoint> endpoint) {
    return endpoint
        .map(e -> e.parameters().stream().map(Parameter::label).toList())
        .orElse(List.of());
  }

  /** HTML escaping for the pages of this test. */
  private static final class VulnerableText {
    static String escape(String text) {
      return text.replace("&", "&amp;")
          .replace("<", "&lt;")
          .replace(">", "&gt;")
          .replace("\"", "&quot;");
    }
  }

  private static ScanHttpClient client(TestServer server) {
    return ScanHttpClient.create(
        HttpSettings.defaults(Scope.of(server.base(), List.of(), List.of()))
            .withLimits(1000, 4)
            .withBounds(Duration.ofSeconds(5), 64 * 1024));
  }
}
