import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.dast.crawl.CrawlSettings;
import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.http.HttpSettings;
import io.gatehouse.dast.http.Scope;
import io.gatehouse.dast.report.ScanReport;
import io.gatehouse.dast.scan.ScanConfig;
import io.gatehouse.dast.scan.Scanner;
import io.gatehouse.dast.testapp.VulnerableApp;
import io.gatehouse.dast.testapp.VulnerableApp.Point;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Scans the DAST test application (VulnerableApp, from the dast module's test classes) with
 * Gatehouse and with Wapiti 3.0.4 (Debian's {@code wapiti}), one after the other, and prints per
 * category the true-positive and false-positive rates of each, and each scan's duration. Run by
 * bench/dast-compare.sh.
 */
public final class DastCompare {
  /**
   * Wapiti's vulnerability names per category of the test application, for the categories its
   * modules run here ({@code xss}, {@code sql} (which also reports LDAP and XPath errors), {@code
   * blindsql} (time-based), {@code file}, {@code exec} (output- and time-based), {@code
   * redirect}, {@code permanentxss}, {@code crlf}); the other categories print "not run".
   */
  private static final Map<String, List<String>> WAPITI_NAMES =
      Map.ofEntries(
          Map.entry("xss", List.of("Cross Site Scripting")),
          Map.entry("sqli", List.of("SQL Injection", "Blind SQL Injection")),
          Map.entry("sqli-time", List.of("SQL Injection", "Blind SQL Injection")),
          Map.entry("ldap", List.of("SQL Injection")),
          Map.entry("xpath", List.of("SQL Injection")),
          Map.entry("path-traversal", List.of("Path Traversal")),
          Map.entry("command-injection", List.of("Command execution")),
          Map.entry("command-injection-time", List.of("Command execution")),
          Map.entry("open-redirect", List.of("Open Redirect")),
          Map.entry("xss-stored", List.of("Cross Site Scripting", "Stored Cross Site Scripting")),
          Map.entry("crlf", List.of("CRLF Injection")));

  private record Outcome(Set<String> reported, Duration duration, long requests) {}

  public static void main(String[] args) throws Exception {
    int wapitiSeconds = args.length > 0 ? Integer.parseInt(args[0]) : 600;
    try (VulnerableApp app = VulnerableApp.start()) {
      URI target = app.base().resolve("/");
      Outcome ours = gatehouse(target);
      long before = app.server().requests();
      Outcome wapiti = wapiti(target, wapitiSeconds);
      wapiti = new Outcome(wapiti.reported(), wapiti.duration(), app.server().requests() - before);
      print(ours, wapiti);
    }
  }

  private static Outcome gatehouse(URI target) throws Exception {
    HttpSettings http =
        HttpSettings.defaults(Scope.of(target, List.of(), List.of()))
            .withLimits(500, 8)
            .withHeaders(Map.of("Cookie", VulnerableApp.SESSION_COOKIE));
    ScanReport report =
        Scanner.create(
                new ScanConfig(target, http, CrawlSettings.defaults(), Duration.ofMinutes(10), false),
                Clock.systemUTC())
            .run();
    Set<String> reported = new HashSet<>();
    for (Finding finding : report.findings()) {
      for (Point point : VulnerableApp.POINTS) {
        if (point.ruleId().equals(finding.rule().id())
            && URI.create(finding.url()).getPath().equals(point.path())
            && point.parameter().equals(finding.parameter())) {
          reported.add(point.category() + " " + point.path() + " " + point.parameter());
        }
      }
    }
    return new Outcome(reported, report.duration(), report.stats().requests());
  }

  private static Outcome wapiti(URI target, int maxSeconds) throws Exception {
    Path output = Path.of("dast/target/wapiti-report.json").toAbsolutePath();
    Files.createDirectories(output.getParent());
    Files.deleteIfExists(output);
    List<String> command =
        List.of(
            "wapiti", "-u", target.toString(), "--scope", "folder", "--flush-session",
            "-m", "xss,sql,blindsql,file,exec,redirect,permanentxss,crlf", "-f", "json", "-o", output.toString(),
            "--max-scan-time", String.valueOf(maxSeconds),
            // As Gatehouse gets: the session cookie, and every link of the start page (Wapiti
            // extracts at most 100 links per page by default; the start page has more).
            "-H", "Cookie: " + VulnerableApp.SESSION_COOKIE, "--max-links-per-page", "100000");
    long start = System.nanoTime();
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(new File("/dev/null")).start();
    if (!process.waitFor(maxSeconds + 120L, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    Duration duration = Duration.ofNanos(System.nanoTime() - start);
    JsonNode vulnerabilities = new ObjectMapper().readTree(output.toFile()).path("vulnerabilities");
    Set<String> reported = new HashSet<>();
    WAPITI_NAMES.forEach(
        (category, names) -> {
          for (String name : names) {
            for (JsonNode entry : vulnerabilities.path(name)) {
              String path = URI.create("http://x" + entry.path("path").asText()).getPath();
              String parameter = entry.path("parameter").asText();
              reported.add(category + " " + path + " " + parameter);
            }
          }
        });
    System.out.println("Wapiti's own report: " + output);
    return new Outcome(reported, duration, 0);
  }

  private static void print(Outcome ours, Outcome wapiti) {
    Map<String, int[]> counts = new LinkedHashMap<>();
    for (Point point : VulnerableApp.POINTS) {
      int[] c = counts.computeIfAbsent(point.category(), k -> new int[6]);
      String key = point.category() + " " + point.path() + " " + point.parameter();
      int offset = point.vulnerable() ? 0 : 3;
      c[offset]++;
      c[offset + 1] += ours.reported().contains(key) ? 1 : 0;
      c[offset + 2] += wapiti.reported().contains(key) ? 1 : 0;
    }
    System.out.println("| category | inputs (vulnerable / safe) | Gatehouse TP | Wapiti TP | Gatehouse FP | Wapiti FP |");
    System.out.println("|---|---|---|---|---|---|");
    counts.forEach(
        (category, c) -> {
          boolean run = WAPITI_NAMES.containsKey(category);
          System.out.printf(
              Locale.ROOT,
              "| %s | %d / %d | %d/%d (%.0f%%) | %s | %d/%d (%.0f%%) | %s |%n",
              category, c[0], c[3],
              c[1], c[0], 100.0 * c[1] / c[0],
              run ? String.format(Locale.ROOT, "%d/%d (%.0f%%)", c[2], c[0], 100.0 * c[2] / c[0]) : "not run",
              c[4], c[3], 100.0 * c[4] / c[3],
              run ? String.format(Locale.ROOT, "%d/%d (%.0f%%)", c[5], c[3], 100.0 * c[5] / c[3]) : "not run");
        });
    System.out.printf(
        Locale.ROOT,
        "%nGatehouse: %.1f s, %d requests (%.0f/s)%nWapiti 3.0.4: %.1f s, %d requests (%.0f/s)%n",
        ours.duration().toMillis() / 1000.0, ours.requests(),
        ours.requests() / (ours.duration().toMillis() / 1000.0),
        wapiti.duration().toMillis() / 1000.0, wapiti.requests(),
        wapiti.requests() / (wapiti.duration().toMillis() / 1000.0));
  }
}
