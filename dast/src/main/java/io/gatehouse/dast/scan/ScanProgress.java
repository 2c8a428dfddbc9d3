package io.gatehouse.dast.scan;

import io.gatehouse.dast.findings.Severity;
import java.time.Duration;
import java.util.Map;

/**
 * A snapshot of a running scan.
 *
 * @param phase what it is doing: crawl, probe, active, done
 * @param pages pages crawled
 * @param requests requests sent
 * @param checksDone active checks finished (one check on one parameter)
 * @param checksTotal active checks planned
 * @param findings findings so far, by severity
 * @param elapsed time since the start
 * @param remaining time until the time limit
 */
public record ScanProgress(
    String phase,
    int pages,
    long requests,
    int checksDone,
    int checksTotal,
    Map<Severity, Integer> findings,
    Duration elapsed,
    Duration remaining) {
  public ScanProgress {
    findings = Map.copyOf(findings);
  }

  /** One plain line, for logs and CI. */
  public String line() {
    return fill(
        "[%s] phase=%s pages=%d requests=%d checks=%d/%d findings high=%d medium=%d low=%d"
            + " info=%d time-left=%ds",
        Math.max(0, remaining.toSeconds()));
  }

  /** One short line, for a terminal line redrawn in place. */
  public String compactLine() {
    return fill(
        "%s %-6s %d pages  %d req  checks %d/%d  H%d M%d L%d I%d  %s left",
        format(remaining.isNegative() ? Duration.ZERO : remaining));
  }

  /** {@code pattern} filled with the elapsed time, the counts, then {@code timeLeft}. */
  private String fill(String pattern, Object timeLeft) {
    return String.format(
        pattern,
        format(elapsed),
        phase,
        pages,
        requests,
        checksDone,
        checksTotal,
        findings.getOrDefault(Severity.HIGH, 0),
        findings.getOrDefault(Severity.MEDIUM, 0),
        findings.getOrDefault(Severity.LOW, 0),
        findings.getOrDefault(Severity.INFO, 0),
        timeLeft);
  }

  private static String format(Duration duration) {
    return String.format("%02d:%02d", duration.toMinutes(), duration.toSecondsPart());
  }
}
