package io.gatehouse.dast.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.dast.crawl.CrawlSettings;
import io.gatehouse.dast.http.HttpSettings;
import io.gatehouse.dast.http.Scope;
import io.gatehouse.dast.http.TlsTrust;
import io.gatehouse.dast.report.ScanReport;
import io.gatehouse.dast.testapp.PassiveSites;
import io.gatehouse.dast.testapp.PassiveSites.Site;
import io.gatehouse.dast.testapp.TestServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scans, passive only, one small site per passive class and per safe twin over real HTTP (and
 * HTTPS), and measures per class the share of weaknesses found (true-positive rate) and of safe
 * twins reported (false-positive rate).
 */
class PassiveAccuracyIT {
  @TempDir static Path dir;
  private static PassiveSites sites;
  private static final Map<Site, ScanReport> REPORTS = new LinkedHashMap<>();
  private static Duration elapsed;

  @BeforeAll
  static void scanEverySite() throws Exception {
    sites = PassiveSites.start(dir);
    SSLContext trust =
        TlsTrust.trusting("site.pem", sites.certificatePem().getBytes(StandardCharsets.UTF_8));
    long started = System.nanoTime();
    for (Site site : sites.sites()) {
      TestServer server = sites.serve(site);
      URI start = server.base().resolve(site.start());
      HttpSettings http =
          HttpSettings.defaults(Scope.of(start, List.of(), List.of())).withLimits(500, 4);
      ScanConfig config =
          new ScanConfig(start, http, CrawlSettings.defaults(), Duration.ofMinutes(1), true);
      REPORTS.put(
          site,
          Scanner.create(
                  config, Clock.systemUTC(), new ScanAccess(Optional.of(trust), Optional.empty()))
              .run());
    }
    elapsed = Duration.ofNanos(System.nanoTime() - started);
  }

  @AfterAll
  static void stop() {
    if (sites != null) {
      sites.close();
    }
  }

  @Test
  void scan_passiveSites_findsEveryWeaknessAndNoSafeTwin() {
    Map<String, int[]> byCategory = new LinkedHashMap<>();
    List<String> missed = new ArrayList<>();
    List<String> falseAlarms = new ArrayList<>();
    REPORTS.forEach(
        (site, report) -> {
          int[] counts = byCategory.computeIfAbsent(site.category(), c -> new int[4]);
          List<String> paths = site.paths().isEmpty() ? List.of("") : site.paths();
          for (String path : paths) {
            boolean reported = site.reportedIn(report, path);
            int offset = site.vulnerable() ? 0 : 2;
            counts[offset] += reported ? 1 : 0;
            counts[offset + 1]++;
            if (site.vulnerable() && !reported) {
              missed.add(site + " " + path);
            }
            if (!site.vulnerable() && reported) {
              falseAlarms.add(site + " " + path);
            }
          }
          if (!site.vulnerable() && site.reportedIn(report, "")) {
            falseAlarms.add(site + " (anywhere)");
          }
        });
    System.out.println("passive category                TP rate   FP rate");
    byCategory.forEach(
        (category, c) ->
            System.out.printf("%-30s  %3d/%-3d   %3d/%-3d%n", category, c[0], c[1], c[2], c[3]));
    System.out.printf(
        "%d sites scanned in %d s, %d requests%n",
        REPORTS.size(),
        elapsed.toSeconds(),
        REPORTS.values().stream().mapToLong(r -> r.stats().requests()).sum());
    missed.forEach(m -> System.out.println("  missed: " + m));
    falseAlarms.forEach(f -> System.out.println("  false alarm: " + f));
    assertThat(missed).as("weaknesses not found").isEmpty();
    assertThat(falseAlarms).as("safe twins reported").isEmpty();
  }

  @Test
  void scan_passiveSites_noScanIsPartial() {
    assertThat(REPORTS.entrySet().stream().filter(e -> e.getValue().partial()))
        .as("partial scans")
        .isEmpty();
  }

  @Test
  void scan_safeTwins_reportNothingAtAll() {
    List<String> noisy = new ArrayList<>();
    REPORTS.forEach(
        (site, report) -> {
          if (!site.vulnerable()) {
            report.findings().forEach(f -> noisy.add(site + ": " + f.rule().id()));
          }
        });
    assertThat(noisy).isEmpty();
  }
}
