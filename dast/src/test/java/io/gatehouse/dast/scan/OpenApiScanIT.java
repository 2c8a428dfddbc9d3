package io.gatehouse.dast.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.dast.crawl.CrawlSettings;
import io.gatehouse.dast.crawl.OpenApiImport;
import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.http.HttpSettings;
import io.gatehouse.dast.http.Scope;
import io.gatehouse.dast.report.ScanReport;
import io.gatehouse.dast.testapp.InjectionTargets;
import io.gatehouse.dast.testapp.VulnerableApp;
import io.gatehouse.dast.testapp.VulnerableApp.Point;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scans the target app through its OpenAPI document alone: no link is followed and no input is
 * probed, so every endpoint tested comes from the document, JSON bodies included.
 */
class OpenApiScanIT {
  private static VulnerableApp app;
  private static OpenApiImport.Result imported;
  private static ScanReport report;

  @BeforeAll
  static void scan() throws Exception {
    app = VulnerableApp.start();
    Scope scope = Scope.of(app.base(), List.of(), List.of());
    imported =
        OpenApiImport.load(
            app.base() + "/inject/openapi-full.yaml", app.base(), scope, Duration.ofSeconds(5));
    HttpSettings http = HttpSettings.defaults(scope).withLimits(500, 8);
    CrawlSettings noCrawl =
        new CrawlSettings(0, 500, 20, true).withProbeInputs(false).withSeeds(imported.endpoints());
    report =
        Scanner.create(
                new ScanConfig(
                    app.base().resolve("/"), http, noCrawl, Duration.ofMinutes(2), false),
                Clock.systemUTC())
            .run();
  }

  @AfterAll
  static void stop() throws Exception {
    app.close();
  }

  @Test
  void scan_openApiDocumentAlone_findsEveryVulnerableInputAndNoSafeTwin() {
    Set<String> found =
        report.findings().stream()
            .map(f -> key(f.rule().id(), URI.create(f.url()).getPath(), f.parameter()))
            .collect(Collectors.toSet());
    List<Point> points = InjectionTargets.points();
    List<String> missed =
        points.stream()
            .filter(Point::vulnerable)
            .map(p -> key(p.ruleId(), p.path(), p.parameter()))
            .filter(k -> !found.contains(k))
            .toList();
    List<String> falseAlarms =
        points.stream()
            .filter(p -> !p.vulnerable())
            .map(p -> key(p.ruleId(), p.path(), p.parameter()))
            .filter(found::contains)
            .toList();
    System.out.printf(
        "openapi scan: %d endpoints imported, %d s, %d requests, %d findings%n",
        imported.endpoints().size(),
        report.duration().toSeconds(),
        report.stats().requests(),
        report.findings().size());
    assertThat(imported.notes()).isEmpty();
    assertThat(missed).as("vulnerable inputs not found").isEmpty();
    assertThat(falseAlarms).as("safe twins reported").isEmpty();
    assertThat(report.partial()).isFalse();
  }

  @Test
  void scan_openApiDocumentAlone_followsNoLink() {
    assertThat(app.server().paths())
        .noneMatch(p -> p.startsWith("/vuln/") || p.startsWith("/safe/"));
  }

  @Test
  void scan_openApiDocumentAlone_findsTheJsonBodyVulnerabilities() {
    assertThat(report.findings())
        .filteredOn(f -> f.parameter().startsWith("json:"))
        .extracting(Finding::parameter)
        .hasSameElementsAs(
            InjectionTargets.points().stream()
                .filter(Point::vulnerable)
                .map(Point::parameter)
                .filter(p -> p.startsWith("json:"))
                .toList());
  }

  private static String key(String rule, String path, String parameter) {
    return rule + " " + path + " " + parameter;
  }
}
