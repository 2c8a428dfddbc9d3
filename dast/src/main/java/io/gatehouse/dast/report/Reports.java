package io.gatehouse.dast.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Renders a scan report in each format and writes it to a file. */
public final class Reports {
  private Reports() {}

  /** {@code report} in {@code format}. */
  public static String render(ScanReport report, ReportFormat format) {
    return switch (format) {
      case SARIF -> SarifReport.render(report);
      case JSON -> JsonReport.render(report);
      case HTML -> HtmlReport.render(report);
      case JUNIT -> JunitReport.render(report);
      case MARKDOWN -> MarkdownReport.render(report);
    };
  }

  /**
   * Writes {@code report} in {@code format} to {@code file}, whole or not at all: it is written
   * next to the file and then moved over it.
   */
  public static void write(ScanReport report, ReportFormat format, Path file) throws IOException {
    Path absolute = file.toAbsolutePath();
    Path directory = absolute.getParent();
    if (directory != null) {
      Files.createDirectories(directory);
    }
    // created like any new file (the umask decides its permissions), unlike createTempFile's 0600
    Path temporary =
        absolute.resolveSibling(
            "."
                + absolute.getFileName()
                + "."
                + ProcessHandle.current().pid()
                + "."
                + Thread.currentThread().threadId()
                + ".tmp");
    try {
      // getBytes replaces an unpaired surrogate (hostile text, or evidence cut inside a pair)
      // where writeString would throw and lose the whole report
      Files.write(
          temporary,
          render(report, format).getBytes(StandardCharsets.UTF_8),
          StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE);
      Files.move(
          temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }
}
