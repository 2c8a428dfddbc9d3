package io.gatehouse.deploy.oidc;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * A project's stored deployment token settings, for those that write them (the settings route and
 * {@code gatehouse apply}). A server remembers what it read for up to a second, so a change takes
 * effect on every replica within that second.
 */
public final class ProjectTokenSettings {
  private ProjectTokenSettings() {}

  /** The project's stored settings; empty when it uses {@link TokenSettings#DEFAULT}. */
  public static Optional<TokenSettings> stored(Handle handle, long projectId) {
    return handle
        .createQuery(
            "SELECT subject_claims, algorithm FROM deployment_token_settings"
                + " WHERE project_id = :id")
        .bind("id", projectId)
        .map(
            (rs, ctx) ->
                new TokenSettings(
                    Arrays.asList(rs.getString(1).split(",")),
                    SigningAlgorithm.parse(rs.getString(2)).orElse(SigningAlgorithm.ES256)))
        .findOne();
  }

  /** Stores the project's settings, replacing any. */
  public static void store(
      Handle handle, long projectId, TokenSettings settings, String actor, Instant now) {
    String claims = String.join(",", settings.subjectClaims());
    int updated =
        handle
            .createUpdate(
                "UPDATE deployment_token_settings SET subject_claims = :claims, algorithm ="
                    + " :algorithm, updated_by = :actor, updated_at = :now WHERE project_id = :id")
            .bind("claims", claims)
            .bind("algorithm", settings.algorithm().name())
            .bind("actor", actor)
            .bind("now", now.atOffset(ZoneOffset.UTC))
            .bind("id", projectId)
            .execute();
    if (updated == 0) {
      handle
          .createUpdate(
              "INSERT INTO deployment_token_settings (project_id, subject_claims, algorithm,"
                  + " updated_by, updated_at) VALUES (:id, :claims, :algorithm, :actor, :now)")
          .bind("claims", claims)
          .bind("algorithm", settings.algorithm().name())
          .bind("actor", actor)
          .bind("now", now.atOffset(ZoneOffset.UTC))
          .bind("id", projectId)
          .execute();
    }
  }

  /** Returns the project to the default settings. */
  public static void reset(Handle handle, long projectId) {
    handle
        .createUpdate("DELETE FROM deployment_token_settings WHERE project_id = :id")
        .bind("id", projectId)
        .execute();
  }
}
