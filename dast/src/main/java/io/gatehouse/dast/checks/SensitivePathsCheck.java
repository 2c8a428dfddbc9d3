package io.gatehouse.dast.checks;

import io.gatehouse.dast.findings.Confidence;
import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Rule;
import io.gatehouse.dast.findings.Severity;
import io.gatehouse.dast.http.Request;
import io.gatehouse.dast.http.Response;
import io.gatehouse.dast.http.ScanHttpClient;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Files and consoles that must never be served: the Git and Subversion metadata, {@code .env}
 * files, Spring Boot actuator {@code env} and {@code heapdump}, the H2 console, database dumps,
 * backup archives, Finder metadata. Each is probed at the origin's root and under the start URL's
 * directory (an application under {@code /app/}), and judged by its content: a signature of the
 * real file that is still there when the page's echoes of the requested path are taken out, and
 * that the answer for an absent name at the same place (the site's soft 404) does not have.
 */
public final class SensitivePathsCheck implements ProbeCheck {
  /**
   * One probe: {@code path} relative to a base directory, whose answer exposes the file when its
   * body (without echoes of the path) matches {@code signature}; {@code htmlAllowed} when the real
   * thing is an HTML page.
   */
  private record Probe(
      String path, String what, boolean htmlAllowed, Predicate<String> signature) {}

  /** The name that stands for an absent file in the soft-404 baseline requests. */
  static final String ABSENT = "gatehouse-absent-5e0c7b1d";

  /** Pages at least this alike (word multisets) to the soft-404 baseline are that soft 404. */
  static final double SOFT_404_SIMILARITY = 0.9;

  private static final Pattern ENV_LINE = Pattern.compile("(?m)^[A-Z][A-Z0-9_]{1,60}=\\S*$");
  private static final Pattern GIT_HEAD =
      Pattern.compile("\\A(ref: refs/[\\w./-]{1,200}|[0-9a-f]{40}|[0-9a-f]{64})\\s*\\z");
  private static final Pattern GIT_CORE = Pattern.compile("(?m)^[ \\t]*\\[core\\][ \\t]*\\r?$");
  private static final Pattern GIT_FORMAT =
      Pattern.compile("(?m)^[ \\t]*repositoryformatversion[ \\t]*=");
  private static final Pattern SVN_ENTRIES = Pattern.compile("\\A(8|9|10|11|12)\\r?\\n");
  private static final Pattern SQL_DUMP =
      Pattern.compile(
          "(?im)^[ \\t]*(CREATE TABLE|INSERT INTO)[ \\t]+(IF NOT EXISTS[ \\t]+)?[`\"\\[]?\\w");
  private static final Pattern ACTUATOR_ENV =
      Pattern.compile("\"(propertySources|activeProfiles)\"\\s*:\\s*\\[");
  private static final Pattern H2_TITLE =
      Pattern.compile("<title>[ \\t]*H2 Console[ \\t]*</title>");
  private static final Pattern H2_PAGE =
      Pattern.compile("Welcome to H2|login\\.jsp\\?jsessionid=|org\\.h2\\.Driver");

  private static final List<Probe> PROBES =
      List.of(
          new Probe(".git/HEAD", "Git metadata", false, b -> GIT_HEAD.matcher(b).find()),
          new Probe(
              ".git/config",
              "Git configuration",
              false,
              b -> GIT_CORE.matcher(b).find() && GIT_FORMAT.matcher(b).find()),
          new Probe(".env", "environment file", false, b -> ENV_LINE.matcher(b).find()),
          new Probe(
              "actuator/env",
              "Spring Boot actuator env",
              false,
              b -> ACTUATOR_ENV.matcher(b).find()),
          new Probe(
              "actuator/heapdump",
              "Spring Boot heap dump",
              false,
              b -> b.startsWith("JAVA PROFILE 1.0.")),
          new Probe(
              "h2-console/",
              "H2 database console",
              true,
              b -> H2_TITLE.matcher(b).find() && H2_PAGE.matcher(b).find()),
          new Probe(
              ".svn/entries", "Subversion metadata", false, b -> SVN_ENTRIES.matcher(b).find()),
          new Probe("backup.sql", "database dump", false, b -> SQL_DUMP.matcher(b).find()),
          new Probe("dump.sql", "database dump", false, b -> SQL_DUMP.matcher(b).find()),
          new Probe("backup.zip", "backup archive", false, b -> b.startsWith("PK\u0003\u0004")),
          new Probe(
              ".DS_Store",
              "Finder metadata",
              false,
              b -> b.length() > 8 && b.startsWith("\u0000\u0000\u0000\u0001Bud1")));

  static final Rule RULE =
      Rule.of(
          "sensitive-path-exposed",
          "Sensitive file or console exposed",
          Severity.HIGH,
          538,
          "Remove the file from the web root or deny access to it at the server or proxy.");

  @Override
  public List<Rule> rules() {
    return List.of(RULE);
  }

  @Override
  public List<Finding> probe(URI target, List<URI> pages, ScanHttpClient client) {
    List<Finding> findings = new ArrayList<>();
    for (URI base : bases(target)) {
      for (Probe probe : PROBES) {
        try {
          exposed(base, probe, client).ifPresent(findings::add);
        } catch (IOException e) {
          // not reachable: not exposed (or not in scope)
        }
      }
    }
    return findings;
  }

  /**
   * The directories probed: the origin's root, then the start URL's directory when not the root.
   */
  static List<URI> bases(URI target) {
    Set<URI> bases = new LinkedHashSet<>();
    bases.add(target.resolve("/"));
    String path =
        target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
    int slash = path.lastIndexOf('/');
    String last = path.substring(slash + 1);
    String directory = last.contains(".") ? path.substring(0, slash + 1) : path;
    if (!directory.endsWith("/")) {
      directory = directory + "/";
    }
    bases.add(target.resolve(directory));
    return List.copyOf(bases);
  }

  private static Optional<Finding> exposed(URI base, Probe probe, ScanHttpClient client)
      throws IOException {
    URI uri = base.resolve(probe.path());
    Response response = client.send(Request.get(uri));
    if (!looksExposed(response, probe)) {
      return Optional.empty();
    }
    Response baseline = client.send(Request.get(base.resolve(absentSibling(probe.path()))));
    if (baseline.status() == 200
        && (looksExposed(baseline, probe)
            || Similarity.of(withoutEcho(response), withoutEcho(baseline))
                >= SOFT_404_SIMILARITY)) {
      return Optional.empty();
    }
    return Optional.of(
        new Finding(
            RULE,
            Confidence.CONFIRMED,
            uri.toString(),
            "GET",
            "",
            EvidenceText.of(response, "", probe.what() + " served at " + uri.getRawPath())));
  }

  private static boolean looksExposed(Response response, Probe probe) {
    return response.status() == 200
        && (probe.htmlAllowed() || !response.isHtml())
        && probe.signature().test(withoutEcho(response));
  }

  /** {@code path} with its last name replaced by {@link #ABSENT}, keeping its extension. */
  static String absentSibling(String path) {
    boolean directory = path.endsWith("/");
    String trimmed = directory ? path.substring(0, path.length() - 1) : path;
    int slash = trimmed.lastIndexOf('/');
    String parent = trimmed.substring(0, slash + 1);
    String name = trimmed.substring(slash + 1);
    int dot = name.lastIndexOf('.');
    String extension = dot > 0 ? name.substring(dot) : "";
    return parent + ABSENT + extension + (directory ? "/" : "");
  }

  /** The body without the request's path, as a soft-404 page may show it back. */
  static String withoutEcho(Response response) {
    String body = response.body();
    String raw = response.request().uri().getRawPath();
    String decoded = response.request().uri().getPath();
    for (String echo : List.of(raw, decoded)) {
      if (echo != null && echo.length() > 1) {
        body = body.replace(echo, "");
        String relative = echo.substring(1);
        body = body.replace(relative, "");
      }
    }
    return body;
  }
}
