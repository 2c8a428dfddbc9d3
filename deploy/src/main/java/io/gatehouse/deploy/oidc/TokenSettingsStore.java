package io.gatehouse.deploy.oidc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * The projects' token settings, each remembered for at most {@link #CACHE_NANOS} (one second), so
 * that issuing a token does not read them every time; a change on this replica takes effect at
 * once, on other replicas within that second.
 */
final class TokenSettingsStore {
  static final long CACHE_NANOS = 1_000_000_000L;
  private static final int MAX_CACHED = 10_000;
  private static final String READ =
      "SELECT s.subject_claims, s.algorithm FROM deployment_token_settings s"
          + " JOIN projects p ON p.id = s.project_id WHERE p.name = ?";

  private final LongSupplier ticker;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  TokenSettingsStore(LongSupplier ticker) {
    this.ticker = ticker;
  }

  /** The settings of the project with this exact name; the defaults when it has none. */
  TokenSettings of(Handle handle, String project) {
    Cached cached = cache.get(project);
    long now = ticker.getAsLong();
    if (cached != null && now - cached.loadedAt() < CACHE_NANOS) {
      return cached.settings();
    }
    TokenSettings settings = read(handle.getConnection(), project).orElse(TokenSettings.DEFAULT);
    if (cache.size() >= MAX_CACHED) {
      cache.clear();
    }
    cache.put(project, new Cached(settings, now));
    return settings;
  }

  /** Stores a project's settings. */
  void put(
      Handle handle,
      long projectId,
      String project,
      TokenSettings settings,
      String actor,
      Instant now) {
    ProjectTokenSettings.store(handle, projectId, settings, actor, now);
    forget(project);
  }

  /** Forgets what was remembered of a project. */
  void forget(String project) {
    cache.remove(project);
  }

  private static Optional<TokenSettings> read(Connection connection, String project) {
    try (PreparedStatement query = connection.prepareStatement(READ)) {
      query.setString(1, project);
      try (ResultSet rs = query.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new TokenSettings(
                Arrays.asList(rs.getString(1).split(",")),
                SigningAlgorithm.parse(rs.getString(2)).orElse(SigningAlgorithm.ES256)));
      }
    } catch (SQLException e) {
      throw new UnableToExecuteStatementException(
          "cannot read the token settings of a project: " + e.getMessage(), e, null);
    }
  }

  private record Cached(TokenSettings settings, long loadedAt) {}
}
