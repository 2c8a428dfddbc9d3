package io.gatehouse.deploy.gate;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The latest result of a {@code dast} gate of a deployment, as the deployment's readers see it.
 *
 * @param gate the gate's name
 * @param mode {@code scan} (the server scans) or {@code report} (the job uploaded a report)
 * @param state {@code running}, {@code done} or {@code error} (the scan could not run, or was cut
 *     off; the gate scans again)
 * @param result {@code pass} or {@code fail} once done
 * @param detail the gate's detail
 * @param startedAt when the scan started or the report came
 * @param finishedAt when the scan ended
 * @param summary the counts, once done
 * @param findings the findings judged under the gate's rules, failing ones first, at most {@value
 *     DastGateResults#MAX_SHOWN}
 */
public record DastGateResult(
    String gate,
    String mode,
    String state,
    Optional<String> result,
    String detail,
    Instant startedAt,
    Optional<Instant> finishedAt,
    Optional<Summary> summary,
    List<Finding> findings) {
  public DastGateResult {
    findings = List.copyOf(findings);
  }

  /**
   * What the scan did and found.
   *
   * @param target the URL scanned
   * @param partial whether the scan stopped before its end (time limit)
   * @param stopReason why it stopped early
   * @param high reported findings of severity high
   * @param medium of severity medium
   * @param low of severity low
   * @param info of severity info
   * @param failing findings that fail under the rules
   * @param warnings findings the rules set to warn
   * @param suppressed findings the rules ignore
   * @param requests requests sent
   * @param pages pages crawled
   * @param durationSeconds how long it took
   * @param total findings in all, ignored ones included
   */
  public record Summary(
      String target,
      boolean partial,
      Optional<String> stopReason,
      long high,
      long medium,
      long low,
      long info,
      long failing,
      long warnings,
      long suppressed,
      long requests,
      long pages,
      double durationSeconds,
      long total) {}

  /**
   * One finding, judged.
   *
   * @param ruleId the rule
   * @param name the rule's name
   * @param severity high, medium, low or info
   * @param confidence confirmed, high, medium or low
   * @param status fail, pass, warn or ignored under the gate's rules
   * @param justification the rules entry's justification, if one decided
   * @param cwe the CWE number
   * @param url where
   * @param method the HTTP method
   * @param parameter the parameter, empty for none
   * @param detail what shows it
   */
  public record Finding(
      String ruleId,
      String name,
      String severity,
      String confidence,
      String status,
      Optional<String> justification,
      int cwe,
      String url,
      String method,
      String parameter,
      String detail) {}
}
