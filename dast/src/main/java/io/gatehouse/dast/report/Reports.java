package io.gatehouse.dast.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

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
    Path temporary =
        Files.createTempFile(directory, "." + absolute.getFileName().toString(), ".tmp");
    try {
      Files.writeString(temporary, render(report, format), StandardCharsets.UTF_8);
      Files.move(
          temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }
}
