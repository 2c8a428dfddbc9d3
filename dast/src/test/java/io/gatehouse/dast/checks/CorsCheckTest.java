package io.gatehouse.dast.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.http.HttpSettings;
import io.gatehouse.dast.http.ScanHttpClient;
import io.gatehouse.dast.http.Scope;
import io.gatehouse.dast.testapp.TestServer;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The CORS probes against real servers with each policy. */
class CorsCheckTest {
  private TestServer site;

  @BeforeEach
  void start() throws Exception {
    site = TestServer.start();
  }

  @AfterEach
  void stop() {
    site.close();
  }

  private List<String> probe() {
    URI target = site.uri("/");
    try (ScanHttpClient client =
        ScanHttpClient.create(HttpSettings.defaults(Scope.of(target, List.of(), List.of())))) {
      return new CorsCheck()
          .probe(target, List.of(target), client).stream()
              .map(Finding::rule)
              .map(rule -> rule.id())
              .toList();
    }
  }

  private void policy(String allowed, boolean credentials) {
    site.route(
        "/",
        e -> {
          String origin = e.header("Origin");
          String value = allowed.equals("ECHO") ? origin : allowed;
          if (!origin.isEmpty() && !value.isEmpty()) {
            e.responseHeader("Access-Control-Allow-Origin", value);
            if (credentials) {
              e.responseHeader("Access-Control-Allow-Credentials", "true");
            }
          }
          e.html("<p>orders</p>");
        });
  }

  @Test
  void probe_nullOriginAllowed_reportedAsNullOrigin() {
    site.route(
        "/",
        e -> {
          if (e.header("Origin").equals("null")) {
            e.responseHeader("Access-Control-Allow-Origin", "null");
            e.responseHeader("Access-Control-Allow-Credentials", "true");
          }
          e.html("<p>orders</p>");
        });
    assertThat(probe()).containsExactly("cors-null-origin");
  }

  @Test
  void probe_everyOriginEchoedWithCredentials_reportsBoth() {
    policy("ECHO", true);
    assertThat(probe()).containsExactly("cors-reflected-origin", "cors-null-origin");
  }

  @Test
  void probe_suffixOrPrefixMatchOfTheOwnOrigin_reportedAsReflected() {
    String own = site.base().toString();
    String host = site.base().getRawAuthority();
    for (java.util.function.Predicate<String> careless :
        List.<java.util.function.Predicate<String>>of(
            o -> o.endsWith(host), o -> o.startsWith(own))) {
      site.route(
          "/",
          e -> {
            String origin = e.header("Origin");
            if (careless.test(origin)) {
              e.responseHeader("Access-Control-Allow-Origin", origin);
              e.responseHeader("Access-Control-Allow-Credentials", "true");
            }
            e.html("<p>orders</p>");
          });
      assertThat(probe()).containsExactly("cors-reflected-origin");
    }
  }

  @Test
  void probe_ownOriginOnly_notReported() {
    String own = site.base().toString();
    site.route(
        "/",
        e -> {
          if (e.header("Origin").equals(own)) {
            e.responseHeader("Access-Control-Allow-Origin", own);
            e.responseHeader("Access-Control-Allow-Credentials", "true");
          }
          e.html("<p>orders</p>");
        });
    assertThat(probe()).isEmpty();
  }

  @Test
  void foreignOrigins_endWithTheHostAndStartWithTheOrigin_withoutUserInfo() {
    assertThat(CorsCheck.foreignOrigins(URI.create("https://shop.example.com:8443/a?b")))
        .containsExactly(
            CorsCheck.FOREIGN_ORIGIN,
            "https://corsprobeshop.example.com:8443",
            "https://shop.example.com:8443.cors-probe.gatehouse.invalid");
    assertThat(CorsCheck.foreignOrigins(URI.create("http://user:pw@shop.example.com/")))
        .containsExactly(
            CorsCheck.FOREIGN_ORIGIN,
            "http://corsprobeshop.example.com",
            "http://shop.example.com.cors-probe.gatehouse.invalid");
  }

  @Test
  void probe_fixedTrustedOrigin_notReported() {
    policy("https://app.example.com", true);
    assertThat(probe()).isEmpty();
  }

  @Test
  void probe_anyOriginWithoutCredentials_notReportedAsReflected() {
    policy("*", false);
    assertThat(probe()).isEmpty();
  }
}
