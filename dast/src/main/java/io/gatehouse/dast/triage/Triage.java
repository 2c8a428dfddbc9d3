package io.gatehouse.dast.triage;

import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Severity;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides which findings fail a scan: the rules file first (ignore, warn, fail), then the baseline
 * (a finding already in it does not fail), then the {@code --fail-on} threshold.
 */
public final class Triage {
  private final Optional<Severity> failOn;
  private final RulesFile rules;
  private final Baseline baseline;

  private Triage(Optional<Severity> failOn, RulesFile rules, Baseline baseline) {
    this.failOn = Objects.requireNonNull(failOn, "failOn");
    this.rules = Objects.requireNonNull(rules, "rules");
    this.baseline = Objects.requireNonNull(baseline, "baseline");
  }

  /** Findings of {@code failOn} or worse fail (none when empty), under the rules and baseline. */
  public static Triage of(Optional<Severity> failOn, RulesFile rules, Baseline baseline) {
    return new Triage(failOn, rules, baseline);
  }

  /** Findings of {@code failOn} or worse fail; no rules file, no baseline. */
  public static Triage failOn(Severity failOn) {
    return new Triage(Optional.of(failOn), RulesFile.none(), Baseline.none());
  }

  /** The threshold, empty for {@code --fail-on none}. */
  public Optional<Severity> threshold() {
    return failOn;
  }

  /** Whether a baseline was given, so that findings are either new or in it. */
  public boolean hasBaseline() {
    return baseline.present();
  }

  /** The decision about {@code finding}. */
  public Verdict judge(Finding finding) {
    Optional<RulesFile.Entry> entry = rules.match(finding);
    Optional<String> justification = entry.flatMap(RulesFile.Entry::justification);
    Action action = entry.map(RulesFile.Entry::action).orElse(null);
    if (action == Action.IGNORE) {
      return new Verdict(Status.IGNORED, justification);
    }
    if (baseline.contains(finding.fingerprint())) {
      return new Verdict(Status.BASELINE, justification);
    }
    if (action == Action.WARN) {
      return new Verdict(Status.WARN, justification);
    }
    boolean fails =
        action == Action.FAIL || failOn.map(t -> finding.severity().atLeast(t)).orElse(false);
    return new Verdict(fails ? Status.FAIL : Status.PASS, justification);
  }
}
