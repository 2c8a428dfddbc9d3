package io.gatehouse.deploy.federation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * The federated credentials of projects, read and written inside the caller's transaction. Each
 * credential acts as a workload user named {@code <project>/<name>} ({@code users.workload}), a
 * deployer of its project only: never an admin, never a reviewer, and without any token but the
 * short-lived ones token exchange hands out.
 */
public final class FederatedCredentials {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<TreeMap<String, String>> CLAIMS = new TypeReference<>() {};
  private static final String SELECT =
      "SELECT c.id, c.project_id, p.name AS project, c.name, c.issuer, c.audience, c.subject,"
          + " c.claims, c.role, c.user_id FROM federated_credentials c"
          + " JOIN projects p ON p.id = c.project_id";

  private final Clock clock;

  /** Credentials whose change times come from {@code clock}. */
  public FederatedCredentials(Clock clock) {
    this.clock = clock;
  }

  /** A project's credentials, by name. */
  public List<FederatedCredential> list(Handle handle, long projectId) {
    return handle
        .createQuery(SELECT + " WHERE c.project_id = :project ORDER BY c.name")
        .bind("project", projectId)
        .map((rs, ctx) -> read(rs))
        .list();
  }

  /** Every credential that trusts this issuer (compared exactly), by project and name. */
  public List<FederatedCredential> forIssuer(Handle handle, String issuer) {
    return handle
        .createQuery(SELECT + " WHERE c.issuer = :issuer ORDER BY p.name_key, c.name")
        .bind("issuer", issuer)
        .map((rs, ctx) -> read(rs))
        .list();
  }

  /**
   * What {@link #replace} did to one credential.
   *
   * @param name the credential's name
   * @param action {@code create}, {@code update}, {@code delete} or {@code unchanged}
   */
  public record Change(String name, String action) {}

  /**
   * Makes {@code specs} exactly the project's credentials: new ones are created with their workload
   * user (or the user of an earlier credential of that name), changed ones updated, missing ones
   * deleted. A deleted credential's role is removed and its unexpired tokens are revoked; its user
   * stays, for the history that names it.
   *
   * @throws IllegalArgumentException for more than {@link CredentialSpec#MAX_PER_PROJECT} or a name
   *     given twice
   */
  public List<Change> replace(
      Handle handle, long projectId, String project, List<CredentialSpec> specs) {
    if (specs.size() > CredentialSpec.MAX_PER_PROJECT) {
      throw new IllegalArgumentException(
          "a project holds at most " + CredentialSpec.MAX_PER_PROJECT + " federated credentials");
    }
    Map<String, FederatedCredential> existing = new LinkedHashMap<>();
    list(handle, projectId).forEach(c -> existing.put(c.spec().name(), c));
    List<Change> changes = new ArrayList<>();
    Set<String> declared =
        specs.stream().map(CredentialSpec::name).collect(Collectors.toCollection(HashSet::new));
    if (declared.size() != specs.size()) {
      throw new IllegalArgumentException("a credential name is declared twice");
    }
    for (CredentialSpec spec : specs) {
      FederatedCredential current = existing.get(spec.name());
      if (current == null) {
        create(handle, projectId, project, spec);
        changes.add(new Change(spec.name(), "create"));
      } else if (current.spec().equals(spec)) {
        changes.add(new Change(spec.name(), "unchanged"));
      } else {
        update(handle, current.id(), spec);
        revokeTokens(handle, current.userId());
        changes.add(new Change(spec.name(), "update"));
      }
    }
    for (FederatedCredential old : existing.values()) {
      if (!declared.contains(old.spec().name())) {
        delete(handle, old);
        changes.add(new Change(old.spec().name(), "delete"));
      }
    }
    return changes;
  }

  private void create(Handle handle, long projectId, String project, CredentialSpec spec) {
    long userId = workloadUser(handle, FederatedCredential.workloadName(project, spec.name()));
    var now = clock.instant().atOffset(ZoneOffset.UTC);
    handle
        .createUpdate(
            "INSERT INTO federated_credentials (project_id, name, issuer, audience, subject,"
                + " claims, role, user_id, created_at, updated_at) VALUES (:project, :name,"
                + " :issuer, :audience, :subject, :claims, :role, :user, :at, :at)")
        .bind("project", projectId)
        .bind("name", spec.name())
        .bind("issuer", spec.issuer())
        .bind("audience", spec.audience())
        .bind("subject", spec.subject().orElse(null))
        .bind("claims", claimsJson(spec))
        .bind("role", spec.role())
        .bind("user", userId)
        .bind("at", now)
        .execute();
    handle
        .createUpdate("DELETE FROM project_roles WHERE project_id = :project AND user_id = :user")
        .bind("project", projectId)
        .bind("user", userId)
        .execute();
    handle
        .createUpdate(
            "INSERT INTO project_roles (project_id, role, user_id) VALUES (:project, 'deployer',"
                + " :user)")
        .bind("project", projectId)
        .bind("user", userId)
        .execute();
  }

  private long workloadUser(Handle handle, String name) {
    Optional<Long> existing =
        handle
            .createQuery("SELECT id FROM users WHERE name = :name AND workload = TRUE")
            .bind("name", name)
            .mapTo(Long.class)
            .findOne();
    if (existing.isPresent()) {
      return existing.get();
    }
    return handle
        .createUpdate(
            "INSERT INTO users (name, admin, workload, created_at) VALUES (:name, FALSE, TRUE,"
                + " :at)")
        .bind("name", name)
        .bind("at", clock.instant().atOffset(ZoneOffset.UTC))
        .executeAndReturnGeneratedKeys("id")
        .mapTo(Long.class)
        .one();
  }

  private void update(Handle handle, long id, CredentialSpec spec) {
    handle
        .createUpdate(
            "UPDATE federated_credentials SET issuer = :issuer, audience = :audience,"
                + " subject = :subject, claims = :claims, role = :role, updated_at = :at"
                + " WHERE id = :id")
        .bind("issuer", spec.issuer())
        .bind("audience", spec.audience())
        .bind("subject", spec.subject().orElse(null))
        .bind("claims", claimsJson(spec))
        .bind("role", spec.role())
        .bind("at", clock.instant().atOffset(ZoneOffset.UTC))
        .bind("id", id)
        .execute();
  }

  private void delete(Handle handle, FederatedCredential credential) {
    handle
        .createUpdate("DELETE FROM federated_credentials WHERE id = :id")
        .bind("id", credential.id())
        .execute();
    handle
        .createUpdate("DELETE FROM project_roles WHERE project_id = :project AND user_id = :user")
        .bind("project", credential.projectId())
        .bind("user", credential.userId())
        .execute();
    revokeTokens(handle, credential.userId());
  }

  /** Revokes the workload user's tokens, so a changed or deleted trust takes effect at once. */
  private void revokeTokens(Handle handle, long userId) {
    handle
        .createUpdate(
            "UPDATE api_tokens SET revoked_at = :at WHERE user_id = :user AND revoked_at IS NULL")
        .bind("at", clock.instant().atOffset(ZoneOffset.UTC))
        .bind("user", userId)
        .execute();
  }

  private static String claimsJson(CredentialSpec spec) {
    try {
      return JSON.writeValueAsString(spec.sortedClaims());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings is always JSON", e);
    }
  }

  private static FederatedCredential read(ResultSet rs) throws SQLException {
    Map<String, String> claims;
    try {
      claims = JSON.readValue(rs.getString("claims"), CLAIMS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored claims of credential " + rs.getLong("id"), e);
    }
    CredentialSpec spec =
        new CredentialSpec(
            rs.getString("name"),
            rs.getString("issuer"),
            rs.getString("audience"),
            Optional.ofNullable(rs.getString("subject")),
            claims,
            rs.getString("role"));
    return new FederatedCredential(
        rs.getLong("id"),
        rs.getLong("project_id"),
        rs.getString("project"),
        spec,
        rs.getLong("user_id"));
  }
}
