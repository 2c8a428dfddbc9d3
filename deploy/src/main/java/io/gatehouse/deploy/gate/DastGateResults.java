package io.gatehouse.deploy.gate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Severity;
import io.gatehouse.dast.report.ScanReport;
import io.gatehouse.dast.triage.Baseline;
import io.gatehouse.dast.triage.Status;
import io.gatehouse.dast.triage.Triage;
import io.gatehouse.dast.triage.Verdict;
import io.gatehouse.deploy.server.ApiJson;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The results of {@code dast} gates, in table {@code dast_gate_results}: one row per scan started
 * or report uploaded. A running scan holds {@code running_key}, which is unique, so that a scan of
 * one deployment's gate never runs twice at once, even on several server replicas.
 */
public final class DastGateResults {
  /** The most findings kept and shown per result. */
  public static final int MAX_SHOWN = 500;

  static final int MAX_DETAIL = 1000;
  private static final int LISTED_IN_DETAIL = 3;
  private static final TypeReference<List<DastGateResult.Finding>> FINDINGS =
      new TypeReference<>() {};

  private final Jdbi jdbi;

  DastGateResults(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * One row.
   *
   * @param id the row's id
   * @param state running, done or error
   * @param startedAt when it started
   * @param leaseUntil when a running scan counts as abandoned
   * @param finishedAt when it ended
   * @param result pass or fail, once done
   * @param detail the gate's detail
   */
  record Stored(
      long id,
      String state,
      Instant startedAt,
      Instant leaseUntil,
      Optional<Instant> finishedAt,
      Optional<String> result,
      String detail) {}

  /**
   * Findings judged under a gate's rules.
   *
   * @param pass whether the gate passes on them
   * @param detail why
   * @param summary the counts
   * @param findings the findings to show, failing ones first
   */
  record Judged(
      boolean pass,
      String detail,
      DastGateResult.Summary summary,
      List<DastGateResult.Finding> findings) {}

  /** Judges a scan's report under the gate's rules and threshold. */
  static Judged judge(ScanReport scan, DastGate.Settings settings) {
    ScanReport report =
        scan.withTriage(Triage.of(settings.failOn(), settings.rules(), Baseline.none()));
    List<Finding> failing = report.failing();
    DastGateResult.Summary summary =
        new DastGateResult.Summary(
            report.target(),
            report.partial(),
            report.stopReason(),
            report.count(Severity.HIGH),
            report.count(Severity.MEDIUM),
            report.count(Severity.LOW),
            report.count(Severity.INFO),
            failing.size(),
            report.count(Status.WARN),
            report.count(Status.IGNORED),
            report.stats().requests(),
            report.stats().pages(),
            report.duration().toMillis() / 1000.0,
            report.findings().size());
    boolean cutShort = report.partial() && !settings.allowPartial();
    boolean pass = failing.isEmpty() && !cutShort;
    String notes = settings.notes().stream().map(note -> "; " + note).reduce("", String::concat);
    String detail =
        Parameters.shown(detail(report, failing, cutShort), MAX_DETAIL - notes.length()) + notes;
    return new Judged(pass, detail, summary, shown(report));
  }

  private static String detail(ScanReport report, List<Finding> failing, boolean cutShort) {
    StringBuilder text = new StringBuilder();
    text.append(report.reported().size())
        .append(" finding(s) (high ")
        .append(report.count(Severity.HIGH))
        .append(", medium ")
        .append(report.count(Severity.MEDIUM))
        .append(", low ")
        .append(report.count(Severity.LOW))
        .append(", info ")
        .append(report.count(Severity.INFO))
        .append("), ")
        .append(failing.size())
        .append(" failing");
    long warnings = report.count(Status.WARN);
    long suppressed = report.count(Status.IGNORED);
    if (warnings + suppressed > 0) {
      text.append(", ").append(warnings).append(" warning(s), ");
      text.append(suppressed).append(" suppressed by the rules");
    }
    if (!failing.isEmpty()) {
      text.append(": ");
      List<String> listed = new ArrayList<>();
      for (Finding f : failing.subList(0, Math.min(LISTED_IN_DETAIL, failing.size()))) {
        listed.add(
            f.rule().id()
                + " at "
                + f.method()
                + " "
                + f.url()
                + f.parameterName().map(p -> " [" + p + "]").orElse(""));
      }
      text.append(String.join("; ", listed));
      if (failing.size() > LISTED_IN_DETAIL) {
        text.append("; and ").append(failing.size() - LISTED_IN_DETAIL).append(" more");
      }
    }
    if (report.partial()) {
      text.append(cutShort ? "; the scan did not finish (" : "; partial scan (")
          .append(report.stopReason().orElse("stopped"))
          .append(cutShort ? "), which fails unless allowPartial is set" : ", allowed)");
    }
    return Parameters.shown(text.toString(), MAX_DETAIL);
  }

  private static List<DastGateResult.Finding> shown(ScanReport report) {
    Comparator<Finding> failingFirst =
        Comparator.comparingInt((Finding f) -> report.verdict(f).fails() ? 0 : 1);
    return report.findings().stream()
        .sorted(failingFirst)
        .limit(MAX_SHOWN)
        .map(f -> shown(f, report.verdict(f)))
        .toList();
  }

  private static DastGateResult.Finding shown(Finding f, Verdict verdict) {
    return new DastGateResult.Finding(
        f.rule().id(),
        f.rule().name(),
        f.severity().label(),
        f.confidence().label(),
        verdict.status().label(),
        verdict.justification(),
        f.rule().cwe(),
        f.url(),
        f.method(),
        f.parameter(),
        f.evidence().detail());
  }

  // --- the table ---

  /** The latest row of this deployment's gate. */
  Optional<Stored> latest(long deployment, String gate) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT id, state, started_at, lease_until, finished_at, result, detail FROM"
                        + " dast_gate_results WHERE deployment_id = :d AND gate_name = :g ORDER BY"
                        + " id DESC LIMIT 1")
                .bind("d", deployment)
                .bind("g", gate)
                .map((rs, ctx) -> stored(rs))
                .findOne());
  }

  /**
   * Records a scan as started, unless one of this deployment's gate is running already.
   *
   * @return the row's id; empty when another scan holds the gate
   */
  Optional<Long> start(
      long deployment, String gate, String target, Instant now, Instant leaseUntil) {
    try {
      return Optional.of(
          jdbi.withHandle(
              h ->
                  h.createUpdate(
                          "INSERT INTO dast_gate_results (deployment_id, gate_name, mode, state,"
                              + " running_key, started_at, lease_until, detail) VALUES (:d, :g,"
                              + " 'scan', 'running', :key, :now, :lease, :detail)")
                      .bind("d", deployment)
                      .bind("g", gate)
                      .bind("key", runningKey(deployment, gate))
                      .bind("now", stored(now))
                      .bind("lease", stored(leaseUntil))
                      .bind("detail", Parameters.shown("scanning " + target, MAX_DETAIL))
                      .executeAndReturnGeneratedKeys("id")
                      .mapTo(Long.class)
                      .one()));
    } catch (JdbiException e) {
      if (duplicate(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Records a finished scan's judged findings, and makes the deployment due for evaluation. */
  void finish(long id, long deployment, Judged judged, Instant now) {
    jdbi.useTransaction(
        h -> {
          h.createUpdate(
                  "UPDATE dast_gate_results SET state = 'done', running_key = NULL, finished_at ="
                      + " :now, result = :result, detail = :detail, summary = :summary, findings ="
                      + " :findings WHERE id = :id")
              .bind("now", stored(now))
              .bind("result", judged.pass() ? "pass" : "fail")
              .bind("detail", judged.detail())
              .bind("summary", json(judged.summary()))
              .bind("findings", json(judged.findings()))
              .bind("id", id)
              .execute();
          recheck(h, deployment, now);
        });
  }

  /** Records a scan that could not run or was cut off, and makes the deployment due. */
  void error(long id, long deployment, String detail, Instant now) {
    jdbi.useTransaction(
        h -> {
          h.createUpdate(
                  "UPDATE dast_gate_results SET state = 'error', running_key = NULL, finished_at ="
                      + " :now, detail = :detail WHERE id = :id")
              .bind("now", stored(now))
              .bind("detail", Parameters.shown(detail, MAX_DETAIL))
              .bind("id", id)
              .execute();
          recheck(h, deployment, now);
        });
  }

  /** Marks a running scan whose lease ran out (its server stopped) as cut off. */
  void abandon(long id, Instant now) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "UPDATE dast_gate_results SET state = 'error', running_key = NULL, finished_at"
                        + " = :now, detail = :detail WHERE id = :id AND state = 'running'")
                .bind("now", stored(now))
                .bind("detail", "the scan was cut off before it ended (its server stopped)")
                .bind("id", id)
                .execute());
  }

  /** Stores an uploaded report's judged findings on the caller's transaction. */
  static void insertReport(
      Handle h, long deployment, String gate, String target, Judged judged, Instant now) {
    h.createUpdate(
            "INSERT INTO dast_gate_results (deployment_id, gate_name, mode, state, started_at,"
                + " lease_until, finished_at, result, detail, summary, findings) VALUES (:d, :g,"
                + " 'report', 'done', :now, :now, :now, :result, :detail, :summary, :findings)")
        .bind("d", deployment)
        .bind("g", gate)
        .bind("now", stored(now))
        .bind("result", judged.pass() ? "pass" : "fail")
        .bind("detail", judged.detail())
        .bind("summary", json(judged.summary()))
        .bind("findings", json(judged.findings()))
        .execute();
  }

  /** The latest result of each {@code dast} gate of a deployment, by gate name. */
  public static List<DastGateResult> forDeployment(Handle h, long deployment) {
    Map<String, DastGateResult> latest = new LinkedHashMap<>();
    h.createQuery(
            "SELECT gate_name, mode, state, result, detail, started_at, finished_at, summary,"
                + " findings FROM dast_gate_results WHERE deployment_id = :d ORDER BY id DESC"
                + " LIMIT 200")
        .bind("d", deployment)
        .map((rs, ctx) -> view(rs))
        .forEach(r -> latest.putIfAbsent(r.gate(), r));
    return List.copyOf(latest.values());
  }

  private static DastGateResult view(ResultSet rs) throws SQLException {
    String summary = rs.getString("summary");
    String findings = rs.getString("findings");
    try {
      return new DastGateResult(
          rs.getString("gate_name"),
          rs.getString("mode"),
          rs.getString("state"),
          Optional.ofNullable(rs.getString("result")),
          Optional.ofNullable(rs.getString("detail")).orElse(""),
          rs.getTimestamp("started_at").toInstant(),
          Optional.ofNullable(rs.getTimestamp("finished_at")).map(Timestamp::toInstant),
          summary == null
              ? Optional.empty()
              : Optional.of(ApiJson.mapper().readValue(summary, DastGateResult.Summary.class)),
          findings == null ? List.of() : ApiJson.mapper().readValue(findings, FINDINGS));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored DAST result cannot be read", e);
    }
  }

  private static void recheck(Handle h, long deployment, Instant now) {
    h.createUpdate(
            "UPDATE deployments SET next_check_at = :now WHERE id = :id AND state = 'waiting'")
        .bind("now", stored(now))
        .bind("id", deployment)
        .execute();
  }

  private static Stored stored(ResultSet rs) throws SQLException {
    return new Stored(
        rs.getLong("id"),
        rs.getString("state"),
        rs.getTimestamp("started_at").toInstant(),
        rs.getTimestamp("lease_until").toInstant(),
        Optional.ofNullable(rs.getTimestamp("finished_at")).map(Timestamp::toInstant),
        Optional.ofNullable(rs.getString("result")),
        Optional.ofNullable(rs.getString("detail")).orElse(""));
  }

  private static String json(Object value) {
    try {
      return ApiJson.mapper().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a DAST result cannot be written as JSON", e);
    }
  }

  private static String runningKey(long deployment, String gate) {
    return deployment + ":" + gate;
  }

  private static boolean duplicate(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  private static Instant stored(Instant at) {
    return at.truncatedTo(ChronoUnit.MILLIS);
  }
}
