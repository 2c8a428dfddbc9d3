package io.gatehouse.deploy.deployment;

import io.gatehouse.deploy.review.ReviewRequirement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** The SQL of deployments, reviews and events; every method runs on the caller's handle. */
final class DeploymentStore {
  // The statements of every transition run as plain JDBC on the handle's connection: JDBI's
  // per-statement work (binding by name, argument lookup, statement context) showed as a large
  // share of a request's CPU. The connection caches them as prepared statements.
  private static final String MUTABLE_FIELDS =
      "state = ?, updated_at = ?, event_seq = ?, reviews = ?, reviews_completed_at = ?,"
          + " wait_until = ?, gates_started_at = ?, gate_round = ?, gate_status = ?, ready_at = ?,"
          + " next_check_at = ?, log_url = ?, status_description = ?, bypassed = ?,"
          + " succeeded_at = ?, finished_at = ?";
  private static final int MUTABLE_COUNT = 16;
  private static final String UPDATE =
      "UPDATE deployments SET version = version + 1, " + MUTABLE_FIELDS;
  private static final String UPDATE_KEEPING_LEASE = UPDATE + " WHERE id = ? AND version = ?";
  private static final String UPDATE_RELEASING_LEASE =
      UPDATE + ", lease_owner = NULL, lease_until = NULL WHERE id = ? AND version = ?";
  private static final String INSERT =
      "INSERT INTO deployments (id, project_id, environment_id, project_name, environment_name,"
          + " ref, sha, images, description, payload, requester_id, requester, job_token_id,"
          + " rules, requirements, created_at, version, state, updated_at, event_seq, reviews,"
          + " reviews_completed_at, wait_until, gates_started_at, gate_round, gate_status,"
          + " ready_at, next_check_at, log_url, status_description, bypassed, succeeded_at,"
          + " finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1"
          + ", ?".repeat(MUTABLE_COUNT)
          + ")";
  private static final String LOCK =
      "SELECT d.*, CASE WHEN EXISTS (SELECT 1 FROM webhooks w"
          + " WHERE w.project_id = d.project_id) THEN 1 ELSE 0 END AS has_webhooks"
          + " FROM deployments d WHERE d.id = ? FOR UPDATE";
  private static final String INSERT_REVIEW =
      "INSERT INTO reviews (deployment_id, user_id, reviewer, decision, comment, reviewed_at)"
          + " VALUES (?, ?, ?, ?, ?, ?)";
  private static final String INSERT_EVENT =
      "INSERT INTO deployment_events (deployment_id, seq, type, state, actor, occurred_at, detail)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?)";

  private static final String AUDIENCE =
      "SELECT project_id, requirements FROM deployments WHERE id = ?";
  private static final String READ = "SELECT * FROM deployments WHERE id = ?";
  private static final String READ_FOR_JOB =
      "SELECT id, project_id, environment_id, project_name, environment_name, ref, sha, images,"
          + " description, requester_id, requester, job_token_id, state, reviews, created_at,"
          + " updated_at, wait_until, log_url, status_description, bypassed"
          + " FROM deployments WHERE id = ?";
  private static final String EVENTS =
      "SELECT seq, type, state, actor, occurred_at, detail FROM deployment_events"
          + " WHERE deployment_id = ? AND seq > ? ORDER BY seq LIMIT ?";

  private DeploymentStore() {}

  /** A new deployment id, taken before the deployment is written. */
  static long nextId(Handle h) {
    try {
      Connection connection = h.getConnection();
      String sql =
          connection.getMetaData().getDatabaseProductName().equals("H2")
              ? "SELECT NEXT VALUE FOR deployment_ids"
              : "SELECT nextval('deployment_ids')";
      try (PreparedStatement statement = connection.prepareStatement(sql);
          ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw failed("cannot take a deployment id", e);
    }
  }

  /** Writes a new deployment, in its state after its request, as version 1. */
  static void insert(Handle h, DeploymentRow row) {
    try (PreparedStatement insert = h.getConnection().prepareStatement(INSERT)) {
      insert.setLong(1, row.id);
      insert.setLong(2, row.projectId);
      insert.setLong(3, row.environmentId);
      insert.setString(4, row.project);
      insert.setString(5, row.environment);
      insert.setString(6, row.ref);
      insert.setString(7, row.sha);
      insert.setString(8, StoredJson.write(row.images));
      insert.setString(9, row.description);
      insert.setString(10, StoredJson.write(row.payload));
      insert.setLong(11, row.requesterId);
      insert.setString(12, row.requester);
      if (row.jobTokenId == 0) {
        insert.setNull(13, java.sql.Types.BIGINT);
      } else {
        insert.setLong(13, row.jobTokenId);
      }
      insert.setString(14, StoredJson.write(row.rules));
      insert.setString(15, StoredJson.write(row.requirements));
      setInstant(insert, 16, row.createdAt);
      bindMutable(insert, 17, row);
      insert.executeUpdate();
    } catch (SQLException e) {
      throw failed("cannot write deployment " + row.id, e);
    }
  }

  /** Writes the row if its version is still {@code expectedVersion}; the lease stays. */
  static boolean update(Handle h, DeploymentRow row, int expectedVersion, boolean releaseLease) {
    String sql = releaseLease ? UPDATE_RELEASING_LEASE : UPDATE_KEEPING_LEASE;
    try (PreparedStatement update = h.getConnection().prepareStatement(sql)) {
      int next = bindMutable(update, 1, row);
      update.setLong(next, row.id);
      update.setInt(next + 1, expectedVersion);
      return update.executeUpdate() == 1;
    } catch (SQLException e) {
      throw failed("cannot write deployment " + row.id, e);
    }
  }

  /** Binds the fields a transition changes from {@code first} on; returns the next index. */
  private static int bindMutable(PreparedStatement statement, int first, DeploymentRow row)
      throws SQLException {
    int i = first;
    statement.setString(i++, row.state.wire());
    setInstant(statement, i++, row.updatedAt);
    statement.setInt(i++, row.eventSeq);
    statement.setString(i++, StoredJson.write(row.reviews));
    setInstant(statement, i++, row.reviewsCompletedAt);
    setInstant(statement, i++, row.waitUntil);
    setInstant(statement, i++, row.gatesStartedAt);
    statement.setInt(i++, row.gateRound);
    statement.setString(i++, StoredJson.write(row.gates));
    setInstant(statement, i++, row.readyAt);
    setInstant(statement, i++, row.nextCheckAt);
    setText(statement, i++, row.logUrl);
    setText(statement, i++, row.statusDescription);
    statement.setBoolean(i++, row.bypassed);
    setInstant(statement, i++, row.succeededAt);
    setInstant(statement, i++, row.finishedAt);
    return i;
  }

  private static void setInstant(PreparedStatement statement, int index, Instant value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.TIMESTAMP);
    } else {
      statement.setTimestamp(index, Timestamp.from(value));
    }
  }

  private static void setText(PreparedStatement statement, int index, String value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.VARCHAR);
    } else {
      statement.setString(index, value);
    }
  }

  /** A failed statement, reported as JDBI reports one, so that the transaction's retry applies. */
  private static UnableToExecuteStatementException failed(String what, SQLException e) {
    return new UnableToExecuteStatementException(what + ": " + e.getMessage(), e, null);
  }

  /**
   * Reads and locks a deployment, and learns in the same statement whether its project has
   * webhooks, so that a transition without any skips the outbox.
   */
  static Optional<DeploymentRow> lock(Handle h, long id) {
    try (PreparedStatement lock = h.getConnection().prepareStatement(LOCK)) {
      lock.setLong(1, id);
      try (ResultSet rs = lock.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        DeploymentRow row = DeploymentRow.map(rs);
        row.webhooks = rs.getInt("has_webhooks") == 1;
        return Optional.of(row);
      }
    } catch (SQLException e) {
      throw failed("cannot lock deployment " + id, e);
    }
  }

  /** Who may see a deployment without a project right: its project and reviewer requirements. */
  static Optional<Audience> audience(Handle h, long id) {
    try (PreparedStatement query = h.getConnection().prepareStatement(AUDIENCE)) {
      query.setLong(1, id);
      try (ResultSet rs = query.executeQuery()) {
        return rs.next()
            ? Optional.of(new Audience(rs.getLong(1), StoredJson.requirements(rs.getString(2))))
            : Optional.empty();
      }
    } catch (SQLException e) {
      throw failed("cannot read the audience of deployment " + id, e);
    }
  }

  /** A deployment's project and its reviewer requirements. */
  record Audience(long projectId, List<ReviewRequirement> requirements) {
    /** Whether the user is an eligible reviewer of the deployment. */
    boolean eligible(String user) {
      return requirements.stream().anyMatch(r -> r.eligible().contains(user));
    }
  }

  /**
   * The columns a deployment's job is judged and served by: identity, commit, images, requester,
   * job token, state and reviews. The rules, requirements, gate status and payload stay unread (and
   * empty in the row): their JSON is most of the cost of reading a whole row.
   */
  static Optional<DeploymentRow> readForJob(Handle h, long id) {
    try (PreparedStatement query = h.getConnection().prepareStatement(READ_FOR_JOB)) {
      query.setLong(1, id);
      try (ResultSet rs = query.executeQuery()) {
        return rs.next() ? Optional.of(DeploymentRow.mapForJob(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw failed("cannot read deployment " + id, e);
    }
  }

  static Optional<DeploymentRow> read(Handle h, long id) {
    try (PreparedStatement query = h.getConnection().prepareStatement(READ)) {
      query.setLong(1, id);
      try (ResultSet rs = query.executeQuery()) {
        return rs.next() ? Optional.of(DeploymentRow.map(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw failed("cannot read deployment " + id, e);
    }
  }

  static void insertReview(Handle h, long deploymentId, StoredReview review) {
    try (PreparedStatement insert = h.getConnection().prepareStatement(INSERT_REVIEW)) {
      insert.setLong(1, deploymentId);
      insert.setLong(2, review.userId());
      insert.setString(3, review.reviewer());
      insert.setString(4, review.decision().wire());
      insert.setString(5, review.comment());
      setInstant(insert, 6, review.at());
      insert.executeUpdate();
    } catch (SQLException e) {
      throw failed("cannot write a review of deployment " + deploymentId, e);
    }
  }

  static void insertEvents(Handle h, List<DeploymentEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    try (PreparedStatement insert = h.getConnection().prepareStatement(INSERT_EVENT)) {
      for (DeploymentEvent e : events) {
        insert.setLong(1, e.deploymentId());
        insert.setLong(2, e.seq());
        insert.setString(3, e.type());
        insert.setString(4, e.state());
        insert.setString(5, e.actor());
        setInstant(insert, 6, e.at());
        insert.setString(7, e.detail());
        insert.addBatch();
      }
      insert.executeBatch();
    } catch (SQLException e) {
      throw failed("cannot write deployment events", e);
    }
  }

  static List<DeploymentEvent> events(Handle h, long deploymentId, long afterSeq, int limit) {
    List<DeploymentEvent> events = new ArrayList<>();
    try (PreparedStatement query = h.getConnection().prepareStatement(EVENTS)) {
      query.setLong(1, deploymentId);
      query.setLong(2, afterSeq);
      query.setInt(3, limit);
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          events.add(
              new DeploymentEvent(
                  rs.getLong(1),
                  deploymentId,
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getTimestamp(5).toInstant(),
                  rs.getString(6)));
        }
      }
    } catch (SQLException e) {
      throw failed("cannot read the events of deployment " + deploymentId, e);
    }
    return events;
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
