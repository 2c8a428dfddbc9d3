package io.gatehouse.deploy.access;

import io.gatehouse.deploy.project.EnvironmentRecord;
import io.gatehouse.deploy.project.ProjectRef;
import io.gatehouse.deploy.project.Projects;
import io.gatehouse.deploy.project.ReviewerRequirement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Who may do what with a project. An admin may do everything. A maintainer (a user, or a member of
 * a team, named maintainer of the project) may read, deploy and maintain; a deployer may read and
 * deploy. A user who may review deployments in any environment of the project (a listed reviewer,
 * or a member of a reviewing team) may read it.
 */
public final class Access {
  // The role and team queries run as plain JDBC on the handle's connection: the role query runs
  // once per request, and JDBI's per-statement work showed as a large share of a request's CPU.
  private static final String ROLES =
      "SELECT DISTINCT r.role FROM project_roles r WHERE r.project_id = ?"
          + " AND (r.user_id = ? OR r.team_id IN"
          + " (SELECT m.team_id FROM team_members m WHERE m.user_id = ?))";
  private static final String PROJECTS_WITH_ROLE =
      "SELECT DISTINCT r.project_id FROM project_roles r WHERE r.user_id = ? OR r.team_id IN"
          + " (SELECT m.team_id FROM team_members m WHERE m.user_id = ?)";

  private final Users users;
  private final Projects projects;

  /** Access decided from these users and projects. */
  public Access(Users users, Projects projects) {
    this.users = users;
    this.projects = projects;
  }

  /** The project with this name (compared without regard to case). */
  public Optional<ProjectRef> project(Handle handle, String name) {
    return projects.find(handle, name);
  }

  /** The project's environment with this name (compared without regard to case). */
  public Optional<EnvironmentRecord> environment(Handle handle, long projectId, String name) {
    return projects.environment(handle, projectId, name);
  }

  /** The names of a team's members; empty for an unknown team. */
  public Set<String> teamMembers(Handle handle, String team) {
    return new TreeSet<>(users.members(handle, team));
  }

  /**
   * The names of the members of each of these teams, sorted, in one query; an unknown team or one
   * without members is missing from the answer.
   */
  public Map<String, List<String>> teamMembers(Handle handle, Collection<String> teams) {
    if (teams.isEmpty()) {
      return Map.of();
    }
    List<String> names = List.copyOf(new TreeSet<>(teams));
    String sql =
        "SELECT t.name, u.name FROM teams t"
            + " JOIN team_members m ON m.team_id = t.id JOIN users u ON u.id = m.user_id"
            + " WHERE t.name IN ("
            + "?, ".repeat(names.size() - 1)
            + "?) ORDER BY t.name, u.name";
    Map<String, List<String>> members = new HashMap<>();
    try (PreparedStatement query = handle.getConnection().prepareStatement(sql)) {
      for (int i = 0; i < names.size(); i++) {
        query.setString(i + 1, names.get(i));
      }
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          members.computeIfAbsent(rs.getString(1), t -> new ArrayList<>()).add(rs.getString(2));
        }
      }
    } catch (SQLException e) {
      throw failed("cannot read the members of teams " + names, e);
    }
    return members;
  }

  /**
   * The projects among {@code candidates} that the principal may read, in their order: the roles of
   * every project come from one query, and only projects without a role are searched for a reviewer
   * requirement naming the principal or one of their teams.
   */
  public List<ProjectRef> readable(
      Handle handle, Principal principal, List<ProjectRef> candidates) {
    if (principal.admin() || candidates.isEmpty()) {
      return List.copyOf(candidates);
    }
    Set<Long> withRole = projectsWithRole(handle, principal);
    List<String> teams = users.teamsOf(handle, principal.userId());
    List<ProjectRef> readable = new ArrayList<>();
    for (ProjectRef project : candidates) {
      if (withRole.contains(project.id())
          || reviews(handle, principal, project.id(), Optional.of(teams))) {
        readable.add(project);
      }
    }
    return readable;
  }

  /** Whether the principal may read the project. */
  public boolean canRead(Handle handle, Principal principal, long projectId) {
    return permissions(handle, principal, projectId).contains(Permission.READ);
  }

  /** Whether the principal may request deployments of the project. */
  public boolean canDeploy(Handle handle, Principal principal, long projectId) {
    return permissions(handle, principal, projectId).contains(Permission.DEPLOY);
  }

  /** Whether the principal may change the project's environments. */
  public boolean canMaintain(Handle handle, Principal principal, long projectId) {
    return permissions(handle, principal, projectId).contains(Permission.MAINTAIN);
  }

  /** Everything the principal may do with the project. */
  public Set<Permission> permissions(Handle handle, Principal principal, long projectId) {
    if (principal.admin()) {
      return EnumSet.allOf(Permission.class);
    }
    List<String> roles = roles(handle, principal, projectId);
    if (roles.contains("maintainer")) {
      return EnumSet.allOf(Permission.class);
    }
    if (roles.contains("deployer")) {
      return EnumSet.of(Permission.READ, Permission.DEPLOY);
    }
    return reviews(handle, principal, projectId, Optional.empty())
        ? EnumSet.of(Permission.READ)
        : EnumSet.noneOf(Permission.class);
  }

  private static Set<Long> projectsWithRole(Handle handle, Principal principal) {
    Set<Long> ids = new HashSet<>();
    try (PreparedStatement query = handle.getConnection().prepareStatement(PROJECTS_WITH_ROLE)) {
      query.setLong(1, principal.userId());
      query.setLong(2, principal.userId());
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getLong(1));
        }
      }
    } catch (SQLException e) {
      throw failed("cannot read the projects of user " + principal.name(), e);
    }
    return ids;
  }

  private static List<String> roles(Handle handle, Principal principal, long projectId) {
    List<String> roles = new ArrayList<>(2);
    try (PreparedStatement query = handle.getConnection().prepareStatement(ROLES)) {
      query.setLong(1, projectId);
      query.setLong(2, principal.userId());
      query.setLong(3, principal.userId());
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          roles.add(rs.getString(1));
        }
      }
    } catch (SQLException e) {
      throw failed("cannot read the roles in project " + projectId, e);
    }
    return roles;
  }

  private static UnableToExecuteStatementException failed(String what, SQLException e) {
    return new UnableToExecuteStatementException(what + ": " + e.getMessage(), e, null);
  }

  /** Whether a reviewer requirement of the project names the principal or one of their teams. */
  private boolean reviews(
      Handle handle, Principal principal, long projectId, Optional<List<String>> knownTeams) {
    List<String> teams = knownTeams.orElse(null);
    for (EnvironmentRecord environment : projects.environments(handle, projectId)) {
      for (ReviewerRequirement requirement : environment.rules().reviewers()) {
        if (requirement.users().contains(principal.name())) {
          return true;
        }
        if (requirement.team().isPresent()) {
          if (teams == null) {
            teams = users.teamsOf(handle, principal.userId());
          }
          if (teams.contains(requirement.team().get())) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
