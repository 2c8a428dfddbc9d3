package io.gatehouse.dast.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.http.HttpSettings;
import io.gatehouse.dast.http.ScanHttpClient;
import io.gatehouse.dast.http.Scope;
import io.gatehouse.dast.testapp.TestServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sensitive-path probes against real servers: real files, soft-404 sites, hostile pages. */
class SensitivePathsCheckTest {
  private TestServer site;

  @BeforeEach
  void start() throws Exception {
    site = TestServer.start();
    site.route("/", e -> e.html("<p>home</p>"));
  }

  @AfterEach
  void stop() {
    site.close();
  }

  private List<String> probe(String start) {
    URI target = site.uri(start);
    try (ScanHttpClient client =
        ScanHttpClient.create(
            HttpSettings.defaults(Scope.of(target, List.of(), List.of())).withLimits(500, 4))) {
      return new SensitivePathsCheck()
          .probe(target, List.of(target), client).stream()
              .map(Finding::url)
              .map(url -> URI.create(url).getPath())
              .toList();
    }
  }

  @Test
  void bases_rootAppDirectoryAndFile_rootThenStartDirectory() {
    assertThat(SensitivePathsCheck.bases(URI.create("http://h/")))
        .containsExactly(URI.create("http://h/"));
    assertThat(SensitivePathsCheck.bases(URI.create("http://h")))
        .containsExactly(URI.create("http://h/"));
    assertThat(SensitivePathsCheck.bases(URI.create("http://h/app/")))
        .containsExactly(URI.create("http://h/"), URI.create("http://h/app/"));
    assertThat(SensitivePathsCheck.bases(URI.create("http://h/app")))
        .containsExactly(URI.create("http://h/"), URI.create("http://h/app/"));
    assertThat(SensitivePathsCheck.bases(URI.create("http://h/app/login.jsp?x=1")))
        .containsExactly(URI.create("http://h/"), URI.create("http://h/app/"));
  }

  @Test
  void absentSibling_keepsDirectoryExtensionAndTrailingSlash() {
    String absent = SensitivePathsCheck.ABSENT;
    assertThat(SensitivePathsCheck.absentSibling(".git/HEAD")).isEqualTo(".git/" + absent);
    assertThat(SensitivePathsCheck.absentSibling("h2-console/")).isEqualTo(absent + "/");
    assertThat(SensitivePathsCheck.absentSibling("backup.sql")).isEqualTo(absent + ".sql");
    assertThat(SensitivePathsCheck.absentSibling(".env")).isEqualTo(absent);
  }

  @Test
  void probe_h2ConsoleSoft404EchoingThePath_notReported() {
    site.fallback(
        e ->
            e.html(
                "<h1>Not found</h1><p>"
                    + e.http().getRequestURI().getPath()
                    + " is not here (no H2 Console, h2-console)</p>"));
    assertThat(probe("/")).isEmpty();
  }

  @Test
  void probe_soft404SharingTheSignature_notReported() {
    site.fallback(
        e ->
            e.send(
                200,
                "text/plain",
                "ERROR=not_found\nPATH=" + e.http().getRequestURI().getPath() + "\n"));
    assertThat(probe("/")).isEmpty();
  }

  @Test
  void probe_filesUnderTheStartDirectory_reportedThere() {
    site.route("/app/", e -> e.html("<p>app</p>"));
    site.route("/app/.env", e -> e.send(200, "text/plain", "DB_PASSWORD=hunter2\n"));
    site.route("/app/.git/HEAD", e -> e.send(200, "text/plain", "ref: refs/heads/main\n"));
    site.fallback(e -> e.html("<p>Page " + e.http().getRequestURI().getPath() + " not found</p>"));
    assertThat(probe("/app/")).containsExactlyInAnyOrder("/app/.env", "/app/.git/HEAD");
    assertThat(site.paths()).contains("/.env", "/app/.env", "/app/h2-console/");
  }

  @Test
  void probe_realFileBesideSoft404Site_reported() {
    site.route(
        "/.git/config",
        e -> e.send(200, "text/plain", "[core]\n\trepositoryformatversion = 0\n\tbare = false\n"));
    site.fallback(e -> e.html("<p>Page " + e.http().getRequestURI().getPath() + " not found</p>"));
    assertThat(probe("/")).containsExactly("/.git/config");
  }

  @Test
  void probe_signatureWordsWithoutTheFileFormat_notReported() {
    site.route("/.git/config", e -> e.send(200, "text/plain", "see [core] settings"));
    site.route("/.svn/entries", e -> e.send(200, "text/plain", "1 entry was not found"));
    site.route("/backup.sql", e -> e.send(200, "text/plain", "we never INSERT INTO logs here"));
    site.route("/actuator/heapdump", e -> e.send(200, "text/plain", "JAVA PROFILE"));
    assertThat(probe("/")).isEmpty();
  }

  @Test
  void probe_hugeHostilePages_finishQuickly() {
    String lines = "[core]\n".repeat(100_000) + " ".repeat(200_000) + "\n".repeat(200_000);
    site.fallback(e -> e.send(200, "text/plain", lines + e.http().getRequestURI().getPath()));
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThat(probe("/")).isEmpty());
  }
}
