package io.gatehouse.dast.report;

import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Findings;
import io.gatehouse.dast.findings.Severity;
import io.gatehouse.dast.triage.Status;
import io.gatehouse.dast.triage.Triage;
import io.gatehouse.dast.triage.Verdict;
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
 * @param findings the findings, kept worst first (in {@link Findings#ORDER}), ignored ones included
 * @param triage which findings fail: the threshold, the rules file and the baseline
 */
public record ScanReport(
    String target,
    Instant started,
    Instant finished,
    Optional<String> stopReason,
    Stats stats,
    List<Finding> findings,
    Triage triage) {
  public ScanReport {
    findings = findings.stream().sorted(Findings.ORDER).toList();
  }

  /** A report whose findings of {@link Severity#HIGH} fail, with no rules file and no baseline. */
  public ScanReport(
      String target,
      Instant started,
      Instant finished,
      Optional<String> stopReason,
      Stats stats,
      List<Finding> findings) {
    this(target, started, finished, stopReason, stats, findings, Triage.failOn(Severity.HIGH));
  }

  /** This report judged by {@code other} instead. */
  public ScanReport withTriage(Triage other) {
    return new ScanReport(target, started, finished, stopReason, stats, findings, other);
  }

  /** The decision about {@code finding}. */
  public Verdict verdict(Finding finding) {
    return triage.judge(finding);
  }

  /** The findings that fail the scan. */
  public List<Finding> failing() {
    return findings.stream().filter(f -> verdict(f).fails()).toList();
  }

  /** The findings that are reported: all but the ignored ones. */
  public List<Finding> reported() {
    return findings.stream().filter(f -> !verdict(f).ignored()).toList();
  }

  /** The findings the rules file ignores, listed as suppressed. */
  public List<Finding> suppressed() {
    return findings.stream().filter(f -> verdict(f).ignored()).toList();
  }

  /** How many findings have {@code status}. */
  public long count(Status status) {
    return findings.stream().filter(f -> verdict(f).status() == status).count();
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

  /** How many reported (not ignored) findings have {@code severity}. */
  public long count(Severity severity) {
    return reported().stream().filter(f -> f.severity() == severity).count();
  }
}
