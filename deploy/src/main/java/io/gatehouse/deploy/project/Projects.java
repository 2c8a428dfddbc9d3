package io.gatehouse.deploy.project;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.gatehouse.deploy.server.ApiJson;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Projects and their environments, read and written inside the caller's transaction. */
public final class Projects {
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  private static final String PROJECT_COLUMNS = "id, name, repository, protected_branches";
  private static final String ENVIRONMENT_COLUMNS = "id, project_id, name, rules, version";

  private final Clock clock;

  /** Projects whose change times come from {@code clock}. */
  public Projects(Clock clock) {
    this.clock = clock;
  }

  /** The project with this name, compared without regard to case. */
  public Optional<ProjectRef> find(Handle handle, String name) {
    return handle
        .createQuery("SELECT " + PROJECT_COLUMNS + " FROM projects WHERE name_key = :key")
        .bind("key", ProjectNames.key(name))
        .map((rs, ctx) -> project(rs))
        .findOne();
  }

  /** The project with this id. */
  public Optional<ProjectRef> find(Handle handle, long id) {
    return handle
        .createQuery("SELECT " + PROJECT_COLUMNS + " FROM projects WHERE id = :id")
        .bind("id", id)
        .map((rs, ctx) -> project(rs))
        .findOne();
  }

  /** Every project, by name. */
  public List<ProjectRef> list(Handle handle) {
    return handle
        .createQuery("SELECT " + PROJECT_COLUMNS + " FROM projects ORDER BY name_key")
        .map((rs, ctx) -> project(rs))
        .list();
  }

  /** Creates a project. */
  public ProjectRef create(
      Handle handle, String name, String repository, List<String> protectedBranches) {
    long id =
        handle
            .createUpdate(
                "INSERT INTO projects (name, name_key, repository, protected_branches, created_at)"
                    + " VALUES (:name, :key, :repository, :branches, :at)")
            .bind("name", name)
            .bind("key", ProjectNames.key(name))
            .bind("repository", repository)
            .bind("branches", json(protectedBranches))
            .bind("at", clock.instant().atOffset(ZoneOffset.UTC))
            .executeAndReturnGeneratedKeys("id")
            .mapTo(Long.class)
            .one();
    return new ProjectRef(id, name, repository, protectedBranches);
  }

  /** Updates a project's name (case only), repository and protected branches. */
  public void update(Handle handle, ProjectRef project) {
    handle
        .createUpdate(
            "UPDATE projects SET name = :name, repository = :repository,"
                + " protected_branches = :branches WHERE id = :id")
        .bind("name", project.name())
        .bind("repository", project.repository())
        .bind("branches", json(project.protectedBranches()))
        .bind("id", project.id())
        .execute();
  }

  /** A project's environments, by name. */
  public List<EnvironmentRecord> environments(Handle handle, long projectId) {
    return handle
        .createQuery(
            "SELECT "
                + ENVIRONMENT_COLUMNS
                + " FROM environments WHERE project_id = :project ORDER BY name_key")
        .bind("project", projectId)
        .map((rs, ctx) -> environment(rs))
        .list();
  }

  /** A project's environment, the name compared without regard to case. */
  public Optional<EnvironmentRecord> environment(Handle handle, long projectId, String name) {
    return handle
        .createQuery(
            "SELECT "
                + ENVIRONMENT_COLUMNS
                + " FROM environments WHERE project_id = :project AND name_key = :key")
        .bind("project", projectId)
        .bind("key", ProjectNames.key(name))
        .map((rs, ctx) -> environment(rs))
        .findOne();
  }

  /**
   * Creates or updates an environment; the rules must be valid already.
   *
   * @return whether anything changed
   */
  public Change saveEnvironment(
      Handle handle, long projectId, String name, EnvironmentRules rules) {
    Optional<EnvironmentRecord> existing = environment(handle, projectId, name);
    String text = EnvironmentRulesJson.write(rules);
    var now = clock.instant().atOffset(ZoneOffset.UTC);
    if (existing.isEmpty()) {
      handle
          .createUpdate(
              "INSERT INTO environments (project_id, name, name_key, rules, created_at,"
                  + " updated_at) VALUES (:project, :name, :key, :rules, :at, :at)")
          .bind("project", projectId)
          .bind("name", name)
          .bind("key", ProjectNames.key(name))
          .bind("rules", text)
          .bind("at", now)
          .execute();
      return Change.CREATED;
    }
    EnvironmentRecord current = existing.get();
    if (current.name().equals(name) && EnvironmentRulesJson.write(current.rules()).equals(text)) {
      return Change.UNCHANGED;
    }
    handle
        .createUpdate(
            "UPDATE environments SET name = :name, rules = :rules, version = version + 1,"
                + " updated_at = :at WHERE id = :id")
        .bind("name", name)
        .bind("rules", text)
        .bind("at", now)
        .bind("id", current.id())
        .execute();
    return Change.UPDATED;
  }

  /**
   * Deletes an environment.
   *
   * @throws EnvironmentInUseException if a deployment to it is waiting, approved or in progress
   */
  public void deleteEnvironment(Handle handle, EnvironmentRecord environment) {
    if (hasDeploymentsTable(handle)) {
      long active =
          handle
              .createQuery(
                  "SELECT COUNT(*) FROM deployments WHERE environment_id = :id"
                      + " AND state IN ('waiting', 'approved', 'in_progress')")
              .bind("id", environment.id())
              .mapTo(Long.class)
              .one();
      if (active > 0) {
        throw new EnvironmentInUseException(environment.name(), active);
      }
    }
    handle
        .createUpdate("DELETE FROM environments WHERE id = :id")
        .bind("id", environment.id())
        .execute();
  }

  /** What saving did. */
  public enum Change {
    /** The environment is new. */
    CREATED,
    /** Its name or rules changed. */
    UPDATED,
    /** It was already so. */
    UNCHANGED
  }

  private static boolean hasDeploymentsTable(Handle handle) {
    try (ResultSet tables =
        handle.getConnection().getMetaData().getTables(null, null, "deployments", null)) {
      return tables.next();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the database's tables", e);
    }
  }

  private static ProjectRef project(ResultSet rs) throws SQLException {
    return new ProjectRef(
        rs.getLong("id"),
        rs.getString("name"),
        rs.getString("repository"),
        strings(rs.getString("protected_branches")));
  }

  private static EnvironmentRecord environment(ResultSet rs) throws SQLException {
    return new EnvironmentRecord(
        rs.getLong("id"),
        rs.getLong("project_id"),
        rs.getString("name"),
        EnvironmentRulesJson.readStored(rs.getString("rules")),
        rs.getInt("version"));
  }

  private static List<String> strings(String json) {
    try {
      return ApiJson.mapper().readValue(json, STRINGS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored protected branches are not a JSON list", e);
    }
  }

  private static String json(List<String> values) {
    try {
      return ApiJson.mapper().writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a list of strings always serialises", e);
    }
  }
}
