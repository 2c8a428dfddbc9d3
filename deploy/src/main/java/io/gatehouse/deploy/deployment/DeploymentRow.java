package io.gatehouse.deploy.deployment;

import io.gatehouse.deploy.project.EnvironmentRules;
import io.gatehouse.deploy.review.ReviewRequirement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The working copy of one deployment row inside a transition: read, changed by the rules, written
 * back with a version check. The fields that may be absent are {@code null} here and never leave
 * the package as such.
 */
final class DeploymentRow {
  long id;
  long projectId;
  long environmentId;
  String project = "";
  String environment = "";
  String ref = "";
  String sha = "";
  List<String> images = List.of();
  String description = "";
  Map<String, Object> payload = Map.of();
  long requesterId;
  String requester = "";

  /** The API token that requested it (its job), or 0 when it was requested without one. */
  long jobTokenId;

  DeploymentState state = DeploymentState.WAITING;
  EnvironmentRules rules = EnvironmentRules.none();
  List<ReviewRequirement> requirements = List.of();
  List<StoredReview> reviews = List.of();
  Instant createdAt = Instant.EPOCH;
  Instant updatedAt = Instant.EPOCH;
  int version = 1;
  int eventSeq;
  Instant reviewsCompletedAt;
  Instant waitUntil;
  Instant gatesStartedAt;
  int gateRound;
  List<Deployment.GateStatus> gates = List.of();
  Instant readyAt;
  Instant nextCheckAt;
  String logUrl;
  String statusDescription;
  boolean bypassed;
  Instant succeededAt;
  Instant finishedAt;

  /**
   * Whether the project may have webhooks to notify; false only when the row's lock found none. Not
   * stored.
   */
  boolean webhooks = true;

  /** A whole row: the columns of {@link #mapForJob} and those of the rules' progress. */
  static DeploymentRow map(ResultSet rs) throws SQLException {
    DeploymentRow row = mapForJob(rs);
    row.payload = StoredJson.object(rs.getString("payload"));
    row.rules = StoredJson.rules(rs.getString("rules"));
    row.requirements = StoredJson.requirements(rs.getString("requirements"));
    row.version = rs.getInt("version");
    row.eventSeq = rs.getInt("event_seq");
    row.reviewsCompletedAt = instant(rs, "reviews_completed_at");
    row.gatesStartedAt = instant(rs, "gates_started_at");
    row.gateRound = rs.getInt("gate_round");
    row.gates = StoredJson.gates(rs.getString("gate_status"));
    row.readyAt = instant(rs, "ready_at");
    row.nextCheckAt = instant(rs, "next_check_at");
    row.succeededAt = instant(rs, "succeeded_at");
    row.finishedAt = instant(rs, "finished_at");
    return row;
  }

  /** The columns of {@link DeploymentStore#readForJob}; the rest keep their empty defaults. */
  static DeploymentRow mapForJob(ResultSet rs) throws SQLException {
    DeploymentRow row = new DeploymentRow();
    row.id = rs.getLong("id");
    row.projectId = rs.getLong("project_id");
    row.environmentId = rs.getLong("environment_id");
    row.project = rs.getString("project_name");
    row.environment = rs.getString("environment_name");
    row.ref = rs.getString("ref");
    row.sha = rs.getString("sha");
    row.images = StoredJson.strings(rs.getString("images"));
    row.description = rs.getString("description");
    row.requesterId = rs.getLong("requester_id");
    row.requester = rs.getString("requester");
    row.jobTokenId = rs.getLong("job_token_id");
    row.state = DeploymentState.valueOf(rs.getString("state").toUpperCase(java.util.Locale.ROOT));
    row.reviews = StoredJson.reviews(rs.getString("reviews"));
    row.createdAt = instant(rs, "created_at");
    row.updatedAt = instant(rs, "updated_at");
    row.waitUntil = instant(rs, "wait_until");
    row.logUrl = rs.getString("log_url");
    row.statusDescription = rs.getString("status_description");
    row.bypassed = rs.getBoolean("bypassed");
    return row;
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp timestamp = rs.getTimestamp(column);
    return timestamp == null ? null : timestamp.toInstant();
  }
}
