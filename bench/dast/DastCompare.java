import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.dast.crawl.CrawlSettings;
import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.http.HttpSettings;
import io.gatehouse.dast.http.Scope;
import io.gatehouse.dast.http.TlsTrust;
import io.gatehouse.dast.report.ScanReport;
import io.gatehouse.dast.scan.ScanAccess;
import io.gatehouse.dast.scan.ScanConfig;
import io.gatehouse.dast.scan.Scanner;
import io.gatehouse.dast.testapp.PassiveSites;
import io.gatehouse.dast.testapp.PassiveSites.Site;
import io.gatehouse.dast.testapp.TestServer;
import io.gatehouse.dast.testapp.VulnerableApp;
import io.gatehouse.dast.testapp.VulnerableApp.Point;
import java.io.File;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;

/**
 * Scans the DAST test application (VulnerableApp, from the dast module's test classes) with
 * Gatehouse and with Wapiti 3.0.4 (Debian's {@code wapiti}), one after the other, and prints per
 * category the true-positive and false-positive rates of each, and each scan's duration. Then,
 * for the passive categories, does the same on the sites of PassiveAccuracyIT (PassiveSites): on
 * each site Gatehouse scans passive only, as that test does, and Wapiti runs the one module that
 * covers the site's category, if it has one. Run by bench/dast-compare.sh; the environment
 * variable DAST_COMPARE_PASSIVE=0 skips the passive sites, DAST_COMPARE_ACTIVE=0 the
 * application, and DAST_COMPARE_SITES=TEXT keeps only the passive sites whose description
 * (such as "vulnerable clickjacking no framing protection") contains TEXT.
 */
public final class DastCompare {
  /**
   * Wapiti's vulnerability names per category of the test application, for the categories its
   * modules run here ({@code xss}, {@code sql} (which also reports LDAP and XPath errors), {@code
   * blindsql} (time-based), {@code file}, {@code exec} (output- and time-based), {@code
   * redirect}, {@code permanentxss}, {@code crlf}); the other categories print "not run" where
   * Wapiti has a module the comparison does not select (see {@link #NOT_RUN}), "no module" where
   * it has none.
   */
  private static final Map<String, List<String>> WAPITI_NAMES =
      Map.ofEntries(
          Map.entry("xss", List.of("Cross Site Scripting")),
          Map.entry("sqli", List.of("SQL Injection", "Blind SQL Injection")),
          Map.entry("sqli-time", List.of("SQL Injection", "Blind SQL Injection")),
          Map.entry("sqli-postgresql", List.of("SQL Injection", "Blind SQL Injection")),
          Map.entry("sqli-sqlite", List.of("SQL Injection", "Blind SQL Injection")),
          Map.entry("sqli-hsqldb", List.of("SQL Injection", "Blind SQL Injection")),
          Map.entry("ldap", List.of("SQL Injection")),
          Map.entry("xpath", List.of("SQL Injection")),
          Map.entry("path-traversal", List.of("Path Traversal")),
          Map.entry("command-injection", List.of("Command execution")),
          Map.entry("command-injection-time", List.of("Command execution")),
          Map.entry("open-redirect", List.of("Open Redirect")),
          Map.entry("xss-stored", List.of("Cross Site Scripting", "Stored Cross Site Scripting")),
          Map.entry("crlf", List.of("CRLF Injection")));

  /**
   * Categories Wapiti 3.0.4 has a module for that the comparison does not run: {@code ssrf} and
   * {@code xxe} confirm through Wapiti's public callback server, out of reach without internet.
   */
  private static final Set<String> NOT_RUN = Set.of("ssrf", "xxe");

  private record Outcome(Set<String> reported, Duration duration, long requests) {}

  public static void main(String[] args) throws Exception {
    int wapitiSeconds = args.length > 0 ? Integer.parseInt(args[0]) : 600;
    if (!"0".equals(System.getenv("DAST_COMPARE_ACTIVE"))) {
      try (VulnerableApp app = VulnerableApp.start()) {
        URI target = app.base().resolve("/");
        Outcome ours = gatehouse(target);
        long before = app.server().requests();
        Outcome wapiti = wapiti(target, wapitiSeconds);
        wapiti = new Outcome(wapiti.reported(), wapiti.duration(), app.server().requests() - before);
        print(ours, wapiti);
      }
    }
    if (!"0".equals(System.getenv("DAST_COMPARE_PASSIVE"))) {
      Passive.compare(
          Math.min(wapitiSeconds, 120), System.getenv().getOrDefault("DAST_COMPARE_SITES", ""));
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
              // A file field: Wapiti puts its payload in the part's file name and names the field.
              reported.add(category + " " + path + " filename:" + parameter);
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
          String none = NOT_RUN.contains(category) ? "not run" : "no module";
          System.out.printf(
              Locale.ROOT,
              "| %s | %d / %d | %d/%d (%.0f%%) | %s | %d/%d (%.0f%%) | %s |%n",
              category, c[0], c[3],
              c[1], c[0], 100.0 * c[1] / c[0],
              run ? String.format(Locale.ROOT, "%d/%d (%.0f%%)", c[2], c[0], 100.0 * c[2] / c[0]) : none,
              c[4], c[3], 100.0 * c[4] / c[3],
              run ? String.format(Locale.ROOT, "%d/%d (%.0f%%)", c[5], c[3], 100.0 * c[5] / c[3]) : none);
        });
    System.out.printf(
        Locale.ROOT,
        "%nGatehouse: %.1f s, %d requests (%.0f/s)%nWapiti 3.0.4: %.1f s, %d requests (%.0f/s)%n",
        ours.duration().toMillis() / 1000.0, ours.requests(),
        ours.requests() / (ours.duration().toMillis() / 1000.0),
        wapiti.duration().toMillis() / 1000.0, wapiti.requests(),
        wapiti.requests() / (wapiti.duration().toMillis() / 1000.0));
  }

  /**
   * The passive categories, on the sites of PassiveAccuracyIT: Gatehouse scans each site passive
   * only, as that test does; Wapiti runs on the sites of the categories it has a module for, that
   * module alone, one process per site.
   */
  private static final class Passive {
    private static final String CSP = "Content Security Policy Configuration";
    private static final String HEADERS = "HTTP Secure Headers";
    private static final String SCRIPT_SRC_UNSAFE = "CSP \"script-src\" value is not safe";
    private static final String SENSITIVE = PassiveSites.SENSITIVE;

    /** The sensitive paths that Wapiti's backup module is about: backups and dumps. */
    private static final List<String> BACKUP_FILES = List.of("backup.sql", "dump.sql", "backup.zip");

    /** Wapiti's module per passive category it covers. */
    private static final Map<String, String> MODULES =
        Map.ofEntries(
            Map.entry("csp-missing", "csp"),
            Map.entry("csp-unsafe-inline", "csp"),
            Map.entry("csp-unsafe-eval", "csp"),
            Map.entry("csp-wildcard-source", "csp"),
            Map.entry("hsts-missing", "http_headers"),
            Map.entry("hsts-weak", "http_headers"),
            Map.entry("x-content-type-options-missing", "http_headers"),
            Map.entry("clickjacking", "http_headers"),
            Map.entry("cookie-without-secure", "cookieflags"),
            Map.entry("cookie-without-httponly", "cookieflags"),
            Map.entry(SENSITIVE, "backup"));

    /** One vulnerability of Wapiti's report: its category name, info text and path. */
    private record Report(String name, String info, String path) {}

    /**
     * Whether Wapiti's {@code report} says the weakness of {@code category}. Its {@code csp}
     * module says "CSP is not set" without an enforced policy, "CSP "script-src" value is not
     * safe" when script-src (or default-src in its stead) has 'unsafe-inline', 'unsafe-eval', *,
     * http:, https: or data: (it does not say which), and "CSP attribute "script-src" is
     * missing" when neither directive is there (any script may run: our wildcard class); its
     * reports on default-src, object-src and base-uri are not about scripts, so count for none.
     * Its {@code http_headers} module says a header "is not set" when it is absent or lacks the
     * expected value (for HSTS: no max-age, which browsers ignore, so it counts for hsts-weak
     * too); its X-XSS-Protection report has no class here.
     */
    private static boolean says(String category, Report report) {
      return switch (category) {
        case "csp-missing" -> report.name().equals(CSP) && report.info().equals("CSP is not set");
        case "csp-unsafe-inline", "csp-unsafe-eval" ->
            report.name().equals(CSP) && report.info().equals(SCRIPT_SRC_UNSAFE);
        case "csp-wildcard-source" ->
            report.name().equals(CSP)
                && (report.info().equals(SCRIPT_SRC_UNSAFE)
                    || report.info().equals("CSP attribute \"script-src\" is missing"));
        case "hsts-missing", "hsts-weak" ->
            report.name().equals(HEADERS)
                && report.info().equals("Strict-Transport-Security is not set");
        case "x-content-type-options-missing" ->
            report.name().equals(HEADERS)
                && report.info().equals("X-Content-Type-Options is not set");
        case "clickjacking" ->
            report.name().equals(HEADERS) && report.info().equals("X-Frame-Options is not set");
        case "cookie-without-secure" -> report.name().equals("Secure Flag cookie");
        case "cookie-without-httponly" -> report.name().equals("HttpOnly Flag cookie");
        case SENSITIVE -> report.name().equals("Backup file");
        default -> false;
      };
    }

    /** The row of the table for {@code path} of {@code site}: its category, split for paths. */
    private static String row(Site site, String path) {
      if (!site.category().equals(SENSITIVE)) {
        return site.category();
      }
      return BACKUP_FILES.stream().anyMatch(path::endsWith)
          ? SENSITIVE + " (backup.sql, dump.sql, backup.zip)"
          : SENSITIVE + " (other paths)";
    }

    /** Whether Wapiti has a module for the row of {@code path} of {@code site}. */
    private static boolean covered(Site site, String path) {
      return MODULES.containsKey(site.category())
          && (!site.category().equals(SENSITIVE) || BACKUP_FILES.stream().anyMatch(path::endsWith));
    }

    static void compare(int wapitiSeconds, String only) throws Exception {
      Path work = Files.createTempDirectory("passive-sites");
      Path reports = Path.of("dast/target/wapiti-passive").toAbsolutePath();
      Files.createDirectories(reports);
      try (Stream<Path> old = Files.list(reports)) {
        for (Path file : old.toList()) {
          Files.delete(file);
        }
      }
      Map<String, int[]> rows = new LinkedHashMap<>();
      Map<String, Boolean> rowCovered = new LinkedHashMap<>();
      List<String> notes = new ArrayList<>();
      long[] ours = new long[4]; // sites, nanos, requests, nanos on Wapiti's sites
      long[] theirs = new long[4]; // sites, nanos, requests, runs without a report
      long oursOnTheirSitesRequests = 0;
      try (PassiveSites sites = PassiveSites.start(work)) {
        SSLContext trust =
            TlsTrust.trusting("site.pem", sites.certificatePem().getBytes(StandardCharsets.UTF_8));
        int index = 0;
        for (Site site : sites.sites()) {
          index++;
          if (!site.toString().contains(only)) {
            continue;
          }
          TestServer server = sites.serve(site);
          URI start = server.base().resolve(site.start());
          long started = System.nanoTime();
          ScanReport report = gatehouse(start, trust);
          long ourNanos = System.nanoTime() - started;
          ours[0]++;
          ours[1] += ourNanos;
          ours[2] += report.stats().requests();
          List<Report> wapiti = List.of();
          String module = MODULES.get(site.category());
          if (module != null) {
            ours[3] += ourNanos;
            oursOnTheirSitesRequests += report.stats().requests();
            long before = server.requests();
            started = System.nanoTime();
            Optional<List<Report>> found =
                wapiti(start, module, site.https(), wapitiSeconds, reports.resolve(index + ".json"));
            theirs[0]++;
            theirs[1] += System.nanoTime() - started;
            theirs[2] += server.requests() - before;
            if (found.isEmpty()) {
              theirs[3]++;
              notes.add("Wapiti wrote no report for " + site);
            }
            wapiti = found.orElse(List.of());
          }
          List<String> paths = site.paths().isEmpty() ? List.of("") : site.paths();
          for (String path : paths) {
            String row = row(site, path);
            boolean covered = covered(site, path);
            rowCovered.put(row, covered);
            int[] c = rows.computeIfAbsent(row, k -> new int[6]);
            int offset = site.vulnerable() ? 0 : 3;
            boolean oursSaid = site.reportedIn(report, path);
            boolean theirsSaid =
                covered
                    && wapiti.stream()
                        .anyMatch(
                            r -> says(site.category(), r) && (path.isEmpty() || path.equals(r.path())));
            c[offset]++;
            c[offset + 1] += oursSaid ? 1 : 0;
            c[offset + 2] += theirsSaid ? 1 : 0;
            String point = site + (path.isEmpty() ? "" : " " + path);
            if (oursSaid != site.vulnerable()) {
              notes.add("Gatehouse " + (oursSaid ? "false alarm: " : "missed: ") + point);
            }
            if (covered && theirsSaid != site.vulnerable()) {
              notes.add("Wapiti " + (theirsSaid ? "false alarm: " : "missed: ") + point);
            }
          }
        }
      } finally {
        try (Stream<Path> files = Files.walk(work)) {
          for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(file);
          }
        }
      }
      System.out.println();
      System.out.println(
          "| passive category | points (vulnerable / safe) | Gatehouse TP | Wapiti TP | Gatehouse FP | Wapiti FP |");
      System.out.println("|---|---|---|---|---|---|");
      rows.forEach(
          (row, c) -> {
            boolean covered = rowCovered.get(row);
            System.out.printf(
                Locale.ROOT,
                "| %s | %d / %d | %s | %s | %s | %s |%n",
                row, c[0], c[3],
                rate(c[1], c[0]),
                covered ? rate(c[2], c[0]) : "no module",
                rate(c[4], c[3]),
                covered ? rate(c[5], c[3]) : "no module");
          });
      System.out.printf(
          Locale.ROOT,
          "%nGatehouse, passive only: %d sites in %.1f s, %d requests; on the %d sites Wapiti scanned"
              + " %.1f s, %d requests%nWapiti 3.0.4, one module: %d sites in %.1f s, %d requests"
              + " (one process per site)%n",
          ours[0], ours[1] / 1e9, ours[2], theirs[0], ours[3] / 1e9, oursOnTheirSitesRequests,
          theirs[0], theirs[1] / 1e9, theirs[2]);
      System.out.println("Wapiti's own reports: " + reports);
      notes.forEach(note -> System.out.println("  " + note));
    }

    private static String rate(int count, int of) {
      return of == 0
          ? "-"
          : String.format(Locale.ROOT, "%d/%d (%.0f%%)", count, of, 100.0 * count / of);
    }

    /** A passive-only scan of {@code start}, exactly as PassiveAccuracyIT scans each site. */
    private static ScanReport gatehouse(URI start, SSLContext trust) throws Exception {
      HttpSettings http =
          HttpSettings.defaults(Scope.of(start, List.of(), List.of())).withLimits(500, 4);
      ScanConfig config =
          new ScanConfig(start, http, CrawlSettings.defaults(), Duration.ofMinutes(1), true);
      return Scanner.create(
              config, Clock.systemUTC(), new ScanAccess(Optional.of(trust), Optional.empty()))
          .run();
    }

    /** Wapiti's vulnerabilities on {@code start} with {@code module} alone; none without a report. */
    private static Optional<List<Report>> wapiti(
        URI start, String module, boolean https, int maxSeconds, Path output) throws Exception {
      List<String> command =
          new ArrayList<>(
              List.of(
                  "wapiti", "-u", start.toString(), "--scope", "folder", "--flush-session",
                  "-m", module, "-f", "json", "-o", output.toString(),
                  "--max-scan-time", String.valueOf(maxSeconds)));
      if (https) {
        command.addAll(List.of("--verify-ssl", "0"));
      }
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(new File("/dev/null"))
              .start();
      if (!process.waitFor(maxSeconds + 60L, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
      if (!Files.isRegularFile(output)) {
        return Optional.empty();
      }
      List<Report> found = new ArrayList<>();
      new ObjectMapper()
          .readTree(output.toFile())
          .path("vulnerabilities")
          .properties()
          .forEach(
              category -> {
                for (JsonNode entry : category.getValue()) {
                  String path = entry.path("path").asText();
                  int query = path.indexOf('?');
                  found.add(
                      new Report(
                          category.getKey(),
                          entry.path("info").asText(),
                          query < 0 ? path : path.substring(0, query)));
                }
              });
      return Optional.of(found);
    }
  }
}
