package io.gatehouse.deploy.deployment;

import io.gatehouse.deploy.review.ReviewRequirement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.Update;

/** The SQL of deployments, reviews and events; every method runs on the caller's handle. */
final class DeploymentStore {
  private static final String UPDATE_FIELDS =
      "UPDATE deployments SET state = :state, updated_at = :updatedAt, version = version + 1,"
          + " event_seq = :eventSeq, reviews = :reviews, reviews_completed_at = :reviewsCompletedAt,"
          + " wait_until = :waitUntil, gates_started_at = :gatesStartedAt,"
          + " gate_round = :gateRound, gate_status = :gateStatus, ready_at = :readyAt,"
          + " next_check_at = :nextCheckAt, log_url = :logUrl,"
          + " status_description = :statusDescription, bypassed = :bypassed,"
          + " succeeded_at = :succeededAt, finished_at = :finishedAt";

  private DeploymentStore() {}

  /** A new deployment id, taken before the deployment is written. */
  static long nextId(Handle h) {
    String sql;
    try {
      sql =
          h.getConnection().getMetaData().getDatabaseProductName().equals("H2")
              ? "SELECT NEXT VALUE FOR deployment_ids"
              : "SELECT nextval('deployment_ids')";
    } catch (SQLException e) {
      throw new IllegalStateException("cannot tell the database product", e);
    }
    return h.createQuery(sql).mapTo(Long.class).one();
  }

  /** Writes a new deployment, in its state after its request, as version 1. */
  static void insert(Handle h, DeploymentRow row) {
    Update insert =
        h.createUpdate(
            "INSERT INTO deployments (id, project_id, environment_id, project_name,"
                + " environment_name, ref, sha, images, description, payload, requester_id,"
                + " requester, state, rules, requirements, reviews, created_at, updated_at, version,"
                + " event_seq, reviews_completed_at, wait_until, gates_started_at, gate_round,"
                + " gate_status, ready_at, next_check_at, log_url, status_description, bypassed,"
                + " succeeded_at, finished_at) VALUES (:id, :projectId, :environmentId, :project,"
                + " :environment, :ref, :sha, :images, :description, :payload, :requesterId,"
                + " :requester, :state, :rules, :requirements, :reviews, :createdAt, :updatedAt, 1,"
                + " :eventSeq, :reviewsCompletedAt, :waitUntil, :gatesStartedAt, :gateRound,"
                + " :gateStatus, :readyAt, :nextCheckAt, :logUrl, :statusDescription, :bypassed,"
                + " :succeededAt, :finishedAt)");
    insert
        .bind("id", row.id)
        .bind("projectId", row.projectId)
        .bind("environmentId", row.environmentId)
        .bind("project", row.project)
        .bind("environment", row.environment)
        .bind("ref", row.ref)
        .bind("sha", row.sha)
        .bind("images", StoredJson.write(row.images))
        .bind("description", row.description)
        .bind("payload", StoredJson.write(row.payload))
        .bind("requesterId", row.requesterId)
        .bind("requester", row.requester)
        .bind("rules", StoredJson.write(row.rules))
        .bind("requirements", StoredJson.write(row.requirements))
        .bindByType("createdAt", row.createdAt, Instant.class);
    bindMutable(insert, row);
    insert.execute();
  }

  /** Writes the row if its version is still {@code expectedVersion}; the lease stays. */
  static boolean update(Handle h, DeploymentRow row, int expectedVersion, boolean releaseLease) {
    String sql =
        UPDATE_FIELDS
            + (releaseLease ? ", lease_owner = NULL, lease_until = NULL" : "")
            + " WHERE id = :id AND version = :expected";
    Update update = h.createUpdate(sql);
    bindMutable(update, row);
    update.bind("id", row.id).bind("expected", expectedVersion);
    return update.execute() == 1;
  }

  private static void bindMutable(Update statement, DeploymentRow row) {
    statement
        .bind("state", row.state.wire())
        .bind("reviews", StoredJson.write(row.reviews))
        .bindByType("updatedAt", row.updatedAt, Instant.class)
        .bind("eventSeq", row.eventSeq)
        .bindByType("reviewsCompletedAt", row.reviewsCompletedAt, Instant.class)
        .bindByType("waitUntil", row.waitUntil, Instant.class)
        .bindByType("gatesStartedAt", row.gatesStartedAt, Instant.class)
        .bind("gateRound", row.gateRound)
        .bind("gateStatus", StoredJson.write(row.gates))
        .bindByType("readyAt", row.readyAt, Instant.class)
        .bindByType("nextCheckAt", row.nextCheckAt, Instant.class)
        .bindByType("logUrl", row.logUrl, String.class)
        .bindByType("statusDescription", row.statusDescription, String.class)
        .bind("bypassed", row.bypassed)
        .bindByType("succeededAt", row.succeededAt, Instant.class)
        .bindByType("finishedAt", row.finishedAt, Instant.class);
  }

  /**
   * Reads and locks a deployment, and learns in the same statement whether its project has
   * webhooks, so that a transition without any skips the outbox.
   */
  static Optional<DeploymentRow> lock(Handle h, long id) {
    return h.createQuery(
            "SELECT d.*, CASE WHEN EXISTS (SELECT 1 FROM webhooks w"
                + " WHERE w.project_id = d.project_id) THEN 1 ELSE 0 END AS has_webhooks"
                + " FROM deployments d WHERE d.id = :id FOR UPDATE")
        .bind("id", id)
        .map(
            (rs, ctx) -> {
              DeploymentRow row = DeploymentRow.map(rs);
              row.webhooks = rs.getInt("has_webhooks") == 1;
              return row;
            })
        .findOne();
  }

  /** Who may see a deployment without a project right: its project and reviewer requirements. */
  static Optional<Audience> audience(Handle h, long id) {
    return h.createQuery("SELECT project_id, requirements FROM deployments WHERE id = :id")
        .bind("id", id)
        .map(
            (rs, ctx) ->
                new Audience(
                    rs.getLong("project_id"),
                    StoredJson.requirements(rs.getString("requirements"))))
        .findOne();
  }

  /** A deployment's project and its reviewer requirements. */
  record Audience(long projectId, List<ReviewRequirement> requirements) {
    /** Whether the user is an eligible reviewer of the deployment. */
    boolean eligible(String user) {
      return requirements.stream().anyMatch(r -> r.eligible().contains(user));
    }
  }

  static Optional<DeploymentRow> read(Handle h, long id) {
    return h.createQuery("SELECT * FROM deployments WHERE id = :id")
        .bind("id", id)
        .map((rs, ctx) -> DeploymentRow.map(rs))
        .findOne();
  }

  static void insertReview(Handle h, long deploymentId, StoredReview review) {
    h.createUpdate(
            "INSERT INTO reviews (deployment_id, user_id, reviewer, decision, comment, reviewed_at)"
                + " VALUES (:id, :userId, :reviewer, :decision, :comment, :at)")
        .bind("id", deploymentId)
        .bind("userId", review.userId())
        .bind("reviewer", review.reviewer())
        .bind("decision", review.decision().wire())
        .bind("comment", review.comment())
        .bindByType("at", review.at(), Instant.class)
        .execute();
  }

  static void insertEvents(Handle h, List<DeploymentEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    PreparedBatch batch =
        h.prepareBatch(
            "INSERT INTO deployment_events (deployment_id, seq, type, state, actor, occurred_at,"
                + " detail) VALUES (:deploymentId, :seq, :type, :state, :actor, :at, :detail)");
    for (DeploymentEvent e : events) {
      batch
          .bind("deploymentId", e.deploymentId())
          .bind("seq", e.seq())
          .bind("type", e.type())
          .bind("state", e.state())
          .bind("actor", e.actor())
          .bindByType("at", e.at(), Instant.class)
          .bind("detail", e.detail())
          .add();
    }
    batch.execute();
  }

  static List<DeploymentEvent> events(Handle h, long deploymentId, long afterSeq, int limit) {
    return h.createQuery(
            "SELECT seq, type, state, actor, occurred_at, detail FROM deployment_events"
                + " WHERE deployment_id = :id AND seq > :after ORDER BY seq LIMIT :limit")
        .bind("id", deploymentId)
        .bind("after", afterSeq)
        .bind("limit", limit)
        .map(
            (rs, ctx) ->
                new DeploymentEvent(
                    rs.getLong("seq"),
                    deploymentId,
                    rs.getString("type"),
                    rs.getString("state"),
                    rs.getString("actor"),
                    rs.getTimestamp("occurred_at").toInstant(),
                    rs.getString("detail")))
        .list();
  }

  static void lockEnvironment(Handle h, long environmentId) {
    h.createQuery("SELECT id FROM environments WHERE id = :id FOR UPDATE")
        .bind("id", environmentId)
        .mapTo(Long.class)
        .findOne();
  }

  /** Whether another deployment of the environment holds its lock. */
  static boolean lockHeld(Handle h, long environmentId, long exceptId) {
    return h.createQuery(
                "SELECT COUNT(*) FROM deployments WHERE environment_id = :env"
                    + " AND state IN ('approved', 'in_progress') AND id <> :id")
            .bind("env", environmentId)
            .bind("id", exceptId)
            .mapTo(Long.class)
            .one()
        > 0;
  }

  /** Whether an older waiting deployment of the environment has passed every rule but the lock. */
  static boolean olderReady(Handle h, long environmentId, long id) {
    return h.createQuery(
                "SELECT COUNT(*) FROM deployments WHERE environment_id = :env AND state = 'waiting'"
                    + " AND ready_at IS NOT NULL AND id < :id")
            .bind("env", environmentId)
            .bind("id", id)
            .mapTo(Long.class)
            .one()
        > 0;
  }

  /** The older waiting deployments of the environment, locked, oldest first. */
  static List<DeploymentRow> lockOlderWaiting(Handle h, long environmentId, long id) {
    return h.createQuery(
            "SELECT * FROM deployments WHERE environment_id = :env AND state = 'waiting'"
                + " AND id < :id ORDER BY id FOR UPDATE")
        .bind("env", environmentId)
        .bind("id", id)
        .map((rs, ctx) -> DeploymentRow.map(rs))
        .list();
  }

  /** Makes the environment's deployments waiting for the lock due now. */
  static int wakeLockWaiters(Handle h, long environmentId, Instant now) {
    return h.createUpdate(
            "UPDATE deployments SET next_check_at = :now WHERE environment_id = :env"
                + " AND state = 'waiting' AND ready_at IS NOT NULL")
        .bindByType("now", now, Instant.class)
        .bind("env", environmentId)
        .execute();
  }

  static List<Long> due(Handle h, Instant now, int limit) {
    return h.createQuery(
            "SELECT id FROM deployments WHERE state = 'waiting' AND next_check_at <= :now"
                + " AND (lease_until IS NULL OR lease_until < :now)"
                + " ORDER BY next_check_at, id LIMIT :limit")
        .bindByType("now", now, Instant.class)
        .bind("limit", limit)
        .mapTo(Long.class)
        .list();
  }

  /** Takes the lease of a due deployment; false when another replica holds it or it is not due. */
  static boolean claim(Handle h, long id, String owner, Instant now, Instant until) {
    return h.createUpdate(
                "UPDATE deployments SET lease_owner = :owner, lease_until = :until WHERE id = :id"
                    + " AND state = 'waiting' AND next_check_at <= :now"
                    + " AND (lease_until IS NULL OR lease_until < :now)")
            .bind("owner", owner)
            .bindByType("until", until, Instant.class)
            .bindByType("now", now, Instant.class)
            .bind("id", id)
            .execute()
        == 1;
  }

  static void release(Handle h, long id, String owner) {
    h.createUpdate(
            "UPDATE deployments SET lease_owner = NULL, lease_until = NULL"
                + " WHERE id = :id AND lease_owner = :owner")
        .bind("id", id)
        .bind("owner", owner)
        .execute();
  }

  static List<DeploymentRow> list(Handle h, ListFilter filter) {
    StringBuilder sql = new StringBuilder("SELECT * FROM deployments WHERE 1 = 1");
    filter
        .project()
        .ifPresent(
            p ->
                sql.append(
                    " AND project_id IN (SELECT id FROM projects WHERE LOWER(name) = :project)"));
    filter
        .environment()
        .ifPresent(
            e ->
                sql.append(
                    " AND environment_id IN"
                        + " (SELECT id FROM environments WHERE LOWER(name) = :environment)"));
    filter.state().ifPresent(s -> sql.append(" AND state = :state"));
    filter.before().ifPresent(b -> sql.append(" AND id < :before"));
    filter
        .readable()
        .ifPresent(r -> sql.append(r.isEmpty() ? " AND 1 = 0" : " AND project_id IN (<readable>)"));
    sql.append(" ORDER BY id DESC LIMIT :limit");
    Query query = h.createQuery(sql.toString()).bind("limit", filter.limit() + 1);
    filter.project().ifPresent(p -> query.bind("project", p.toLowerCase(Locale.ROOT)));
    filter.environment().ifPresent(e -> query.bind("environment", e.toLowerCase(Locale.ROOT)));
    filter.state().ifPresent(s -> query.bind("state", s.wire()));
    filter.before().ifPresent(b -> query.bind("before", b));
    filter
        .readable()
        .filter(r -> !r.isEmpty())
        .ifPresent(r -> query.bindList("readable", List.copyOf(r)));
    return query.map((rs, ctx) -> DeploymentRow.map(rs)).list();
  }

  /** A listing's filters; {@code readable} empty means every project. */
  record ListFilter(
      Optional<String> project,
      Optional<String> environment,
      Optional<DeploymentState> state,
      Optional<Long> before,
      Optional<Collection<Long>> readable,
      int limit) {}

  /** Succeeded deployments of a commit to an environment (by name), newest first. */
  static List<Success> successes(Handle h, long projectId, String environment, String sha) {
    return h.createQuery(
            "SELECT d.images, d.succeeded_at FROM deployments d"
                + " WHERE d.environment_id IN (SELECT e.id FROM environments e"
                + " WHERE e.project_id = :project AND LOWER(e.name) = :environment)"
                + " AND d.sha = :sha AND d.succeeded_at IS NOT NULL ORDER BY d.succeeded_at DESC")
        .bind("project", projectId)
        .bind("sha", sha)
        .bind("environment", environment.toLowerCase(Locale.ROOT))
        .map(
            (rs, ctx) ->
                new Success(
                    rs.getTimestamp("succeeded_at").toInstant(),
                    StoredJson.strings(rs.getString("images"))))
        .list();
  }

  /** When a deployment succeeded and with which images. */
  record Success(Instant at, List<String> images) {}
}
