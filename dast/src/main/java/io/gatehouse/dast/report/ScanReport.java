package io.gatehouse.dast.report;

import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Findings;
import io.gatehouse.dast.findings.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of a scan, which every report format renders.
 *
 * @param target the URL scanned
 * @param started when the scan started
 * @param finished when it ended
 * @param stopReason why it stopped early (time limit, interrupted), empty when it ran to the end
 * @param stats what it did
 * @param findings the findings, kept worst first (in {@link Findings#ORDER})
 */
public record ScanReport(
    String target,
    Instant started,
    Instant finished,
    Optional<String> stopReason,
    Stats stats,
    List<Finding> findings) {
  public ScanReport {
    findings = findings.stream().sorted(Findings.ORDER).toList();
  }

  /**
   * What a scan did.
   *
   * @param pages pages fetched by the crawler
   * @param endpoints endpoints with parameters found
   * @param injectionPoints parameters on which at least one active check ran to its end
   * @param requests requests sent
   * @param refused requests refused because they were out of scope
   */
  public record Stats(int pages, int endpoints, int injectionPoints, long requests, long refused) {}

  /** Whether the scan stopped before it finished (time limit, interrupt): a partial report. */
  public boolean partial() {
    return stopReason.isPresent();
  }

  /** How long the scan took. */
  public Duration duration() {
    return Duration.between(started, finished);
  }

  /** The findings of {@code severity} or worse. */
  public List<Finding> atLeast(Severity severity) {
    return findings.stream().filter(f -> f.severity().atLeast(severity)).toList();
  }

  /** How many findings have {@code severity}. */
  public long count(Severity severity) {
    return findings.stream().filter(f -> f.severity() == severity).count();
  }
}
