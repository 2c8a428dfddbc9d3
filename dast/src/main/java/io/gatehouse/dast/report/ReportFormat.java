package io.gatehouse.dast.report;

import java.util.Locale;
import java.util.Optional;

/** The formats a scan report is written in. */
public enum ReportFormat {
  SARIF("gatehouse-dast.sarif"),
  JSON("gatehouse-dast.json"),
  HTML("gatehouse-dast.html"),
  JUNIT("gatehouse-dast.junit.xml"),
  MARKDOWN("gatehouse-dast.md");

  private final String defaultFileName;

  ReportFormat(String defaultFileName) {
    this.defaultFileName = defaultFileName;
  }

  /** The file name used in an output directory. */
  public String defaultFileName() {
    return defaultFileName;
  }

  /** The lower-case name used on the command line. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The format named {@code name} (any case), if there is one. */
  public static Optional<ReportFormat> named(String name) {
    for (ReportFormat format : values()) {
      if (format.label().equals(name.strip().toLowerCase(Locale.ROOT))) {
        return Optional.of(format);
      }
    }
    return Optional.empty();
  }
}
