package io.gatehouse.dast.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.testapp.VulnerableApp;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Cache-Control probe against the test app, with and without credentials. */
class CacheControlCheckTest {
  private static TargetApp target;

  @BeforeAll
  static void start() throws Exception {
    target = TargetApp.start(Map.of("Cookie", VulnerableApp.SESSION_COOKIE));
  }

  @AfterAll
  static void stop() throws Exception {
    target.close();
  }

  private static List<String> where(List<Finding> findings) {
    return findings.stream()
        .map(f -> f.rule().id() + " " + URI.create(f.url()).getPath() + " " + f.parameter())
        .toList();
  }

  @Test
  void probe_perUserPageWithoutNoStore_reportedOnlyThere() {
    List<URI> pages =
        List.of(
            target.app.base().resolve("/vuln/account/orders"),
            target.app.base().resolve("/safe/account/orders"),
            target.app.base().resolve("/safe/account/help"),
            target.app.base().resolve("/safe/sqli/dynamic?id=1"));
    List<Finding> findings = new CacheControlCheck().probe(target.app.base(), pages, target.client);
    assertThat(where(findings)).containsExactly("cache-control-missing /vuln/account/orders ");
  }

  @Test
  void probe_noCredentials_probesNothing() throws Exception {
    try (TargetApp anonymous = TargetApp.start()) {
      long before = anonymous.app.server().requests();
      assertThat(
              new CacheControlCheck()
                  .probe(
                      anonymous.app.base(),
                      List.of(anonymous.app.base().resolve("/vuln/account/orders")),
                      anonymous.client))
          .isEmpty();
      assertThat(anonymous.app.server().requests()).isEqualTo(before);
    }
  }

  @Test
  void cacheable_protectiveDirectives_notCacheable() {
    assertThat(
            CacheControlCheck.cacheable(
                Responses.html("https://a/", "x", "Cache-Control", "no-store")))
        .isEmpty();
    assertThat(
            CacheControlCheck.cacheable(
                Responses.html("https://a/", "x", "Cache-Control", "Private, max-age=60")))
        .isEmpty();
    assertThat(CacheControlCheck.cacheable(Responses.html("https://a/", "x")))
        .isEqualTo("it has no Cache-Control header");
    assertThat(
            CacheControlCheck.cacheable(
                Responses.html("https://a/", "x", "Cache-Control", "public, max-age=600")))
        .contains("public, max-age=600");
  }

  @Test
  void probe_perUserPageAfterOneHundredOtherPages_stillProbed() {
    List<URI> pages = new java.util.ArrayList<>();
    for (int i = 0; i < 100; i++) {
      pages.add(target.app.base().resolve("/safe/account/help?page=" + i));
    }
    pages.add(target.app.base().resolve("/vuln/account/orders"));

    List<Finding> findings = new CacheControlCheck().probe(target.app.base(), pages, target.client);

    assertThat(where(findings)).containsExactly("cache-control-missing /vuln/account/orders ");
  }
}
