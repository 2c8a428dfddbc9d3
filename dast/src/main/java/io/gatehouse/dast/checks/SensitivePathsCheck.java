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
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Files and consoles that must never be served: the Git metadata, {@code .env} files, Spring Boot
 * actuator {@code env} and {@code heapdump}, the H2 console, backups. Each is judged by its
 * content, not its status alone, so a site that answers 200 to everything is not reported.
 */
public final class SensitivePathsCheck implements ProbeCheck {
  private record Probe(String path, String what, Predicate<Response> exposes) {}

  private static final Pattern ENV_LINE = Pattern.compile("(?m)^[A-Z][A-Z0-9_]{1,60}=\\S*$");
  private static final List<Probe> PROBES =
      List.of(
          new Probe(
              "/.git/HEAD",
              "Git metadata",
              r -> r.body().startsWith("ref: refs/") || r.body().strip().matches("[0-9a-f]{40}")),
          new Probe(
              "/.git/config", "Git configuration", r -> r.body().contains("[core]") && !r.isHtml()),
          new Probe(
              "/.env", "environment file", r -> !r.isHtml() && ENV_LINE.matcher(r.body()).find()),
          new Probe(
              "/actuator/env",
              "Spring Boot actuator env",
              r ->
                  r.body().contains("\"propertySources\"")
                      || r.body().contains("\"activeProfiles\"")),
          new Probe(
              "/actuator/heapdump",
              "Spring Boot heap dump",
              r -> r.body().startsWith("JAVA PROFILE")),
          new Probe(
              "/h2-console/",
              "H2 database console",
              r -> r.body().contains("H2 Console") || r.body().contains("h2-console")),
          new Probe(
              "/.svn/entries", "Subversion metadata", r -> !r.isHtml() && r.body().startsWith("1")),
          new Probe(
              "/backup.sql",
              "database dump",
              r ->
                  !r.isHtml()
                      && (r.body().contains("CREATE TABLE") || r.body().contains("INSERT INTO"))),
          new Probe(
              "/.DS_Store",
              "Finder metadata",
              r -> r.body().length() > 8 && r.body().startsWith("\u0000\u0000\u0000\u0001Bud1")));

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
    for (Probe probe : PROBES) {
      URI uri = target.resolve(probe.path());
      try {
        Response response = client.send(Request.get(uri));
        if (response.status() == 200 && probe.exposes().test(response)) {
          findings.add(
              new Finding(
                  RULE,
                  Confidence.CONFIRMED,
                  uri.toString(),
                  "GET",
                  "",
                  EvidenceText.of(response, "", probe.what() + " served at " + probe.path())));
        }
      } catch (IOException e) {
        // not reachable: not exposed (or not in scope)
      }
    }
    return findings;
  }
}
