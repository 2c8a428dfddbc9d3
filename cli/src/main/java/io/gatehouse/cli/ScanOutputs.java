package io.gatehouse.cli;

import io.gatehouse.dast.report.ReportFormat;
import io.gatehouse.dast.report.Reports;
import io.gatehouse.dast.report.ScanReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The report files of {@code gatehouse scan}: which format goes to which file, and writing them.
 */
final class ScanOutputs {
  /** One report to write. */
  record Output(ReportFormat format, Path file) {}

  private ScanOutputs() {}

  /** Parses {@code FORMAT[:FILE]} values; a format or a file given twice is a usage error. */
  static List<Output> parse(CommandSpec spec, List<String> values, Path directory) {
    List<Output> outputs = new ArrayList<>();
    Set<ReportFormat> formats = new HashSet<>();
    Set<Path> files = new HashSet<>();
    for (String value : values) {
      if (value.isBlank()) {
        continue;
      }
      int colon = value.indexOf(':');
      String name = colon < 0 ? value : value.substring(0, colon);
      Optional<ReportFormat> format = ReportFormat.named(name);
      if (format.isEmpty()) {
        throw new ParameterException(
            spec.commandLine(),
            "--format: unknown format '" + name + "'; use sarif, json, html, junit or markdown");
      }
      Path file =
          colon < 0
              ? directory.resolve(format.get().defaultFileName())
              : Path.of(value.substring(colon + 1));
      if (!formats.add(format.get()) || !files.add(file.toAbsolutePath().normalize())) {
        throw new ParameterException(
            spec.commandLine(), "--format: " + value + " repeats a format or a file");
      }
      outputs.add(new Output(format.get(), file));
    }
    return outputs;
  }

  /** Writes every report; returns false (after saying which) when one could not be written. */
  static boolean write(ScanReport report, List<Output> outputs, PrintWriter err) {
    boolean ok = true;
    for (Output output : outputs) {
      try {
        Reports.write(report, output.format(), output.file());
        err.println("scan: wrote " + output.format().label() + " report " + output.file());
      } catch (IOException | RuntimeException e) {
        err.println(
            "scan: could not write the "
                + output.format().label()
                + " report "
                + output.file()
                + ": "
                + e.getMessage());
        ok = false;
      }
    }
    return ok;
  }

  /** The target URL, which must be an absolute http or https URL with a host. */
  static URI targetOf(CommandSpec spec, String url) {
    try {
      URI uri = new URI(url.strip());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        return uri.getRawPath() == null || uri.getRawPath().isEmpty() ? uri.resolve("/") : uri;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw new ParameterException(
        spec.commandLine(), "URL must be an absolute http or https URL, got '" + url + "'");
  }
}
