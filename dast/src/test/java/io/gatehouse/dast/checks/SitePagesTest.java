package io.gatehouse.dast.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.dast.crawl.Endpoint;
import io.gatehouse.dast.crawl.Parameter;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class SitePagesTest {
  private static final URI TARGET = URI.create("http://shop.test/");

  private static InjectionPoint point(String method, String url) {
    Parameter parameter = new Parameter(Parameter.Location.FORM, "x", "1");
    return new InjectionPoint(new Endpoint(method, URI.create(url), List.of(parameter)), parameter);
  }

  @Test
  void readable_postFormTargets_leftOut() {
    List<URI> pages =
        List.of(URI.create("http://shop.test/sign"), URI.create("http://shop.test/book"));
    assertThat(
            SitePages.readable(TARGET, pages, List.of(point("POST", "http://shop.test/sign")), 10))
        .containsExactly(TARGET, URI.create("http://shop.test/book"));
  }

  @Test
  void readable_pagesWithQuery_comeLastAndLimitHolds() {
    List<URI> pages =
        List.of(
            URI.create("http://shop.test/nick?nick=guest"),
            URI.create("http://shop.test/profile"),
            URI.create("http://shop.test/a"));
    assertThat(SitePages.readable(TARGET, pages, List.of(), 10))
        .containsExactly(
            TARGET,
            URI.create("http://shop.test/profile"),
            URI.create("http://shop.test/a"),
            URI.create("http://shop.test/nick?nick=guest"));
    assertThat(SitePages.readable(TARGET, pages, List.of(), 2)).hasSize(2);
  }
}
