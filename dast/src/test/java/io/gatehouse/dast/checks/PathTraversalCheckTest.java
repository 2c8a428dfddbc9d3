package io.gatehouse.dast.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.dast.crawl.Endpoint;
import io.gatehouse.dast.crawl.Parameter;
import io.gatehouse.dast.http.HttpSettings;
import io.gatehouse.dast.http.ScanHttpClient;
import io.gatehouse.dast.http.Scope;
import io.gatehouse.dast.testapp.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Path traversal on a Windows-style server: file names resolved as Windows resolves them (back
 * slashes, drive letters, {@code ..} stopping at the drive's root, names in any case) against a
 * drive on disk that holds a real {@code Windows\win.ini}.
 */
class PathTraversalCheckTest {
  private static final String WIN_INI =
      """
      ; for 16-bit app support\r
      [fonts]\r
      [extensions]\r
      [mci extensions]\r
      [files]\r
      [Mail]\r
      MAPI=1\r
      """;

  @TempDir static Path drive;
  private static TestServer site;
  private static ScanHttpClient client;

  @BeforeAll
  static void start() throws IOException {
    Files.createDirectories(drive.resolve("windows"));
    Files.writeString(drive.resolve("windows").resolve("win.ini"), WIN_INI);
    Path documents = Files.createDirectories(drive.resolve("inetpub").resolve("documents"));
    Files.writeString(documents.resolve("report.txt"), "Quarterly report");
    site = TestServer.start();
    site.route(
        "/vuln/document",
        e -> {
          String name = e.query("name", "");
          Optional<Path> file = windowsPath(name);
          if (file.isPresent() && Files.isRegularFile(file.get())) {
            e.send(200, "text/plain", Files.readString(file.get()));
          } else {
            e.send(404, "text/html", "<p>no document</p>");
          }
        });
    site.route(
        "/safe/document",
        e -> {
          String name = e.query("name", "");
          if (Set.of("report.txt").contains(name)) {
            e.send(200, "text/plain", Files.readString(documents.resolve(name)));
          } else {
            e.send(404, "text/html", "<p>no document named " + escape(name) + "</p>");
          }
        });
    client =
        ScanHttpClient.create(HttpSettings.defaults(Scope.of(site.base(), List.of(), List.of())));
  }

  @AfterAll
  static void stop() {
    client.close();
    site.close();
  }

  /**
   * {@code name} resolved as Windows would from {@code C:\inetpub\documents}: on the drive, with
   * {@code ..} stopping at its root; a drive-absolute name starts from the root.
   */
  private static Optional<Path> windowsPath(String name) {
    String path = name.replace('/', '\\').toLowerCase(Locale.ROOT);
    Deque<String> segments = new ArrayDeque<>(List.of("inetpub", "documents"));
    if (path.startsWith("c:\\") || path.startsWith("\\")) {
      segments.clear();
      path = path.substring(path.indexOf('\\') + 1);
    }
    for (String segment : path.split("\\\\", 100)) {
      if (segment.equals("..")) {
        segments.pollLast();
      } else if (!segment.isEmpty() && !segment.equals(".")) {
        if (segment.contains(":")) {
          return Optional.empty();
        }
        segments.addLast(segment);
      }
    }
    Path file = drive;
    for (String segment : segments) {
      file = file.resolve(segment);
    }
    return Optional.of(file);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;");
  }

  private static InjectionPoint point(String path) {
    Parameter parameter = new Parameter(Parameter.Location.QUERY, "name", "report.txt");
    return new InjectionPoint(new Endpoint("GET", site.uri(path), List.of(parameter)), parameter);
  }

  @Test
  void test_windowsServerServingWinIni_reportedWithItsSignature() throws IOException {
    assertThat(new PathTraversalCheck().test(point("/vuln/document"), client))
        .hasValueSatisfying(
            f -> {
              assertThat(f.rule().id()).isEqualTo("path-traversal");
              assertThat(f.evidence().detail()).contains("win.ini");
            });
  }

  @Test
  void test_allowListEchoingTheName_notReported() throws IOException {
    assertThat(new PathTraversalCheck().test(point("/safe/document"), client)).isEmpty();
  }

  @Test
  void payloads_includeRelativeAndDriveAbsoluteWinIni() {
    assertThat(PathTraversalCheck.payloads("report.txt"))
        .anyMatch(p -> p.endsWith("..\\windows\\win.ini"))
        .contains("C:\\Windows\\win.ini");
  }
}
