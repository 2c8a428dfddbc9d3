package io.gatehouse.deploy.access;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The users and teams of the installation, read and written inside the caller's transaction. */
public final class Users {
  private final Clock clock;

  /** Users whose creation times come from {@code clock}. */
  public Users(Clock clock) {
    this.clock = clock;
  }

  /** The user with this exact name. */
  public Optional<UserRecord> find(Handle handle, String name) {
    return handle
        .createQuery("SELECT id, name, admin FROM users WHERE name = :name")
        .bind("name", name)
        .map(
            (rs, ctx) ->
                new UserRecord(rs.getLong("id"), rs.getString("name"), rs.getBoolean("admin")))
        .findOne();
  }

  /** Every user, by name. */
  public List<UserRecord> list(Handle handle) {
    return handle
        .createQuery("SELECT id, name, admin FROM users ORDER BY name")
        .map(
            (rs, ctx) ->
                new UserRecord(rs.getLong("id"), rs.getString("name"), rs.getBoolean("admin")))
        .list();
  }

  /** Whether any user exists. */
  public boolean any(Handle handle) {
    return handle.createQuery("SELECT COUNT(*) FROM users").mapTo(Long.class).one() > 0;
  }

  /** How many admins exist. */
  public long admins(Handle handle) {
    return handle
        .createQuery("SELECT COUNT(*) FROM users WHERE admin = TRUE")
        .mapTo(Long.class)
        .one();
  }

  /**
   * Creates a user.
   *
   * @throws IllegalArgumentException if the name breaks {@link UserNames}
   */
  public UserRecord create(Handle handle, String name, boolean admin) {
    UserNames.problem(name)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException("user name " + problem);
            });
    long id =
        handle
            .createUpdate("INSERT INTO users (name, admin, created_at) VALUES (:name, :admin, :at)")
            .bind("name", name)
            .bind("admin", admin)
            .bind("at", clock.instant().atOffset(ZoneOffset.UTC))
            .executeAndReturnGeneratedKeys("id")
            .mapTo(Long.class)
            .one();
    return new UserRecord(id, name, admin);
  }

  /** Sets whether a user is an admin. */
  public void setAdmin(Handle handle, long userId, boolean admin) {
    handle
        .createUpdate("UPDATE users SET admin = :admin WHERE id = :id")
        .bind("admin", admin)
        .bind("id", userId)
        .execute();
  }

  /** The names of the teams {@code userId} belongs to, sorted. */
  public List<String> teamsOf(Handle handle, long userId) {
    return handle
        .createQuery(
            "SELECT t.name FROM teams t JOIN team_members m ON m.team_id = t.id"
                + " WHERE m.user_id = :user ORDER BY t.name")
        .bind("user", userId)
        .mapTo(String.class)
        .list();
  }

  /** Every team with its members' names, both sorted. */
  public Map<String, List<String>> teams(Handle handle) {
    Map<String, List<String>> teams = new LinkedHashMap<>();
    handle
        .createQuery(
            "SELECT t.name AS team, u.name AS member FROM teams t"
                + " LEFT JOIN team_members m ON m.team_id = t.id"
                + " LEFT JOIN users u ON u.id = m.user_id ORDER BY t.name, u.name")
        .map(
            (rs, ctx) -> {
              List<String> members =
                  teams.computeIfAbsent(rs.getString("team"), k -> new ArrayList<>());
              String member = rs.getString("member");
              if (member != null) {
                members.add(member);
              }
              return member;
            })
        .list();
    return teams;
  }

  /** The id of the team with this name. */
  public Optional<Long> teamId(Handle handle, String team) {
    return handle
        .createQuery("SELECT id FROM teams WHERE name = :name")
        .bind("name", team)
        .mapTo(Long.class)
        .findOne();
  }

  /** The members of a team, sorted; empty for an unknown team. */
  public List<String> members(Handle handle, String team) {
    return handle
        .createQuery(
            "SELECT u.name FROM users u JOIN team_members m ON m.user_id = u.id"
                + " JOIN teams t ON t.id = m.team_id WHERE t.name = :team ORDER BY u.name")
        .bind("team", team)
        .mapTo(String.class)
        .list();
  }

  /**
   * Creates a team.
   *
   * @throws IllegalArgumentException if the name breaks {@link UserNames}
   */
  public long createTeam(Handle handle, String name) {
    UserNames.problem(name)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException("team name " + problem);
            });
    return handle
        .createUpdate("INSERT INTO teams (name, created_at) VALUES (:name, :at)")
        .bind("name", name)
        .bind("at", clock.instant().atOffset(ZoneOffset.UTC))
        .executeAndReturnGeneratedKeys("id")
        .mapTo(Long.class)
        .one();
  }

  /** Makes exactly these users the members of a team. */
  public void setMembers(Handle handle, long teamId, List<Long> userIds) {
    handle
        .createUpdate("DELETE FROM team_members WHERE team_id = :team")
        .bind("team", teamId)
        .execute();
    for (long userId : userIds) {
      handle
          .createUpdate("INSERT INTO team_members (team_id, user_id) VALUES (:team, :user)")
          .bind("team", teamId)
          .bind("user", userId)
          .execute();
    }
  }
}
