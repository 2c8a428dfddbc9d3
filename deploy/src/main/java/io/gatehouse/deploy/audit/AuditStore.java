package io.gatehouse.deploy.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/** Reads the stored audit log. */
final class AuditStore {
  private static final int FETCH_SIZE = 500;

  private final Jdbi jdbi;

  AuditStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  List<AuditHead> heads() {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT chain, seq, hash FROM audit_heads ORDER BY chain")
                .map((rs, ctx) -> new AuditHead(rs.getInt(1), rs.getLong(2), rs.getString(3)))
                .list());
  }

  /**
   * Passes every entry, optionally only of one project and from a time on, to {@code sink} in chain
   * then seq order, from one consistent read.
   */
  void export(Optional<String> project, Optional<Instant> since, Consumer<AuditEntry> sink) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT chain, seq, at_micros, actor, action, subject, project, reason, inputs,"
                + " prev_hash, hash FROM audit_entries WHERE 1 = 1");
    project.ifPresent(p -> sql.append(" AND project = :project"));
    since.ifPresent(s -> sql.append(" AND at_micros >= :since"));
    sql.append(" ORDER BY chain, seq");
    jdbi.useTransaction(
        h -> {
          Query query = h.createQuery(sql.toString()).setFetchSize(FETCH_SIZE);
          project.ifPresent(p -> query.bind("project", p));
          since.ifPresent(s -> query.bind("since", AuditHash.micros(s)));
          query.map((rs, ctx) -> entry(rs)).useStream(stream -> stream.forEach(sink));
        });
  }

  static AuditEntry entry(ResultSet rs) throws SQLException {
    return new AuditEntry(
        rs.getInt("chain"),
        rs.getLong("seq"),
        AuditHash.instant(rs.getLong("at_micros")),
        rs.getString("actor"),
        rs.getString("action"),
        rs.getString("subject"),
        Optional.ofNullable(rs.getString("project")),
        Optional.ofNullable(rs.getString("reason")),
        rs.getString("inputs"),
        rs.getString("prev_hash"),
        rs.getString("hash"));
  }
}
