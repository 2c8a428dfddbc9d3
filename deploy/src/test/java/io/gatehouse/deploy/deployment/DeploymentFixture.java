package io.gatehouse.deploy.deployment;

import io.gatehouse.deploy.access.Permission;
import io.gatehouse.deploy.access.Principal;
import io.gatehouse.deploy.audit.AuditLog;
import io.gatehouse.deploy.gate.Gate;
import io.gatehouse.deploy.notify.Notifier;
import io.gatehouse.deploy.persistence.Database;
import io.gatehouse.deploy.persistence.DatabaseConfig;
import io.gatehouse.deploy.project.EnvironmentRules;
import io.gatehouse.deploy.project.GateSpec;
import io.gatehouse.deploy.project.RefPolicy;
import io.gatehouse.testing.DatabaseKind;
import io.gatehouse.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * A database with users, teams, projects and environments inserted directly into their tables, a
 * directory and access rules over them, and a deployment service on a hand-moved clock.
 */
final class DeploymentFixture implements AutoCloseable {
  static final Instant START = Instant.parse("2026-11-22T10:00:00Z");
  static final String SHA = "0123456789abcdef0123456789abcdef01234567";

  final TestDatabase testDatabase;
  final Database database;
  final TestClock clock = new TestClock(START);
  final Directory directory = new Directory();
  final Map<String, Gate> gates = new ConcurrentHashMap<>();
  final DeploymentService service;

  private DeploymentFixture(TestDatabase testDatabase, Database database) {
    this.testDatabase = testDatabase;
    this.database = database;
    this.service = newService();
  }

  static DeploymentFixture create(DatabaseKind kind) {
    TestDatabase testDatabase = kind.create();
    return new DeploymentFixture(testDatabase, open(testDatabase));
  }

  static Database open(TestDatabase db) {
    return Database.open(
        new DatabaseConfig(db.jdbcUrl(), db.user(), db.password(), Duration.ofSeconds(10)),
        new SimpleMeterRegistry());
  }

  /** Another service, as another replica would have, on the same database. */
  DeploymentService newService() {
    return DeploymentService.create(
        jdbi(), clock, directory, directory, directory, new AuditLog(clock), new Notifier(clock));
  }

  DeploymentProcessor processor(DeploymentService on) {
    return DeploymentProcessor.create(
        on, gateFactory(), Duration.ofMillis(50), Duration.ofSeconds(30));
  }

  DeploymentProcessor processor() {
    return processor(service);
  }

  Function<GateSpec, Gate> gateFactory() {
    return spec -> gates.get(spec.name());
  }

  Jdbi jdbi() {
    return database.jdbi();
  }

  Principal user(String name) {
    return user(name, false);
  }

  Principal admin(String name) {
    return user(name, true);
  }

  private Principal user(String name, boolean admin) {
    long id =
        jdbi()
            .withHandle(
                h ->
                    h.createUpdate(
                            "INSERT INTO users (name, admin, created_at) VALUES (:n, :a, :t)")
                        .bind("n", name)
                        .bind("a", admin)
                        .bind("t", START)
                        .executeAndReturnGeneratedKeys("id")
                        .mapTo(Long.class)
                        .one());
    return new Principal(id, name, admin);
  }

  void team(String name, Principal... members) {
    jdbi()
        .useHandle(
            h -> {
              long team =
                  h.createUpdate("INSERT INTO teams (name, created_at) VALUES (:n, :t)")
                      .bind("n", name)
                      .bind("t", START)
                      .executeAndReturnGeneratedKeys("id")
                      .mapTo(Long.class)
                      .one();
              for (Principal member : members) {
                h.execute(
                    "INSERT INTO team_members (team_id, user_id) VALUES (?, ?)",
                    team,
                    member.userId());
              }
            });
  }

  long project(String name) {
    return jdbi()
        .withHandle(
            h ->
                h.createUpdate(
                        "INSERT INTO projects (name, name_key, created_at) VALUES (:n, :k, :t)")
                    .bind("n", name)
                    .bind("k", name.toLowerCase(java.util.Locale.ROOT))
                    .bind("t", START)
                    .executeAndReturnGeneratedKeys("id")
                    .mapTo(Long.class)
                    .one());
  }

  long environment(long projectId, String project, String name, EnvironmentRules rules) {
    long id =
        jdbi()
            .withHandle(
                h ->
                    h.createUpdate(
                            "INSERT INTO environments (project_id, name, name_key, rules,"
                                + " created_at, updated_at) VALUES (:p, :n, :k, '{}', :t, :t)")
                        .bind("p", projectId)
                        .bind("n", name)
                        .bind("k", name.toLowerCase(java.util.Locale.ROOT))
                        .bind("t", START)
                        .executeAndReturnGeneratedKeys("id")
                        .mapTo(Long.class)
                        .one());
    directory.environments.put(
        project + "/" + name,
        new DeploymentTarget(projectId, project, id, name, rules, List.of("main")));
    return id;
  }

  DeploymentRequest request(String project, String environment) {
    return new DeploymentRequest(
        project,
        environment,
        "refs/heads/main",
        SHA,
        List.of("registry.example.com/shop/web:1.0"),
        "release",
        Map.of("replicas", 2));
  }

  @Override
  public void close() {
    database.close();
  }

  /** Projects and rights kept in memory; team members read from the database. */
  static final class Directory implements ProjectDirectory, DeploymentAccess, RefCheck {
    final Map<String, DeploymentTarget> environments = new ConcurrentHashMap<>();
    final Map<Long, Set<String>> readers = new ConcurrentHashMap<>();
    final Map<Long, Set<String>> deployers = new ConcurrentHashMap<>();
    final Map<Long, Set<String>> maintainers = new ConcurrentHashMap<>();

    void grant(Map<Long, Set<String>> role, long projectId, Principal... users) {
      Set<String> names = role.computeIfAbsent(projectId, p -> ConcurrentHashMap.newKeySet());
      for (Principal user : users) {
        names.add(user.name());
      }
    }

    @Override
    public Optional<DeploymentTarget> target(Handle handle, String project, String environment) {
      return Optional.ofNullable(environments.get(project + "/" + environment));
    }

    @Override
    public Map<String, List<String>> teamMembers(Handle handle, Collection<String> teams) {
      Map<String, List<String>> members = new HashMap<>();
      for (String team : teams) {
        members.put(
            team,
            handle
                .createQuery(
                    "SELECT u.name FROM users u JOIN team_members m ON m.user_id = u.id"
                        + " JOIN teams t ON t.id = m.team_id WHERE t.name = :team")
                .bind("team", team)
                .mapTo(String.class)
                .list());
      }
      return members;
    }

    private boolean has(Map<Long, Set<String>> role, Principal principal, long projectId) {
      return role.getOrDefault(projectId, Set.of()).contains(principal.name());
    }

    @Override
    public Set<Permission> permissions(Handle handle, Principal principal, long projectId) {
      Set<Permission> held = EnumSet.noneOf(Permission.class);
      if (canRead(principal, projectId)) {
        held.add(Permission.READ);
      }
      if (canDeploy(principal, projectId)) {
        held.add(Permission.DEPLOY);
      }
      if (canMaintain(principal, projectId)) {
        held.add(Permission.MAINTAIN);
      }
      return held;
    }

    boolean canRead(Principal principal, long projectId) {
      return principal.admin()
          || has(readers, principal, projectId)
          || canDeploy(principal, projectId);
    }

    boolean canDeploy(Principal principal, long projectId) {
      return principal.admin()
          || has(deployers, principal, projectId)
          || has(maintainers, principal, projectId);
    }

    boolean canMaintain(Principal principal, long projectId) {
      return principal.admin() || has(maintainers, principal, projectId);
    }

    @Override
    public Collection<Long> readableProjects(Principal principal) {
      return environments.values().stream()
          .map(DeploymentTarget::projectId)
          .distinct()
          .filter(p -> canRead(principal, p))
          .toList();
    }

    @Override
    public Optional<String> refusal(DeploymentTarget target, String ref) {
      var refs = target.rules().deploymentRefs();
      if (refs.policy() == RefPolicy.ANY) {
        return Optional.empty();
      }
      List<String> patterns =
          refs.policy() == RefPolicy.PROTECTED_BRANCHES
              ? target.protectedBranches().stream().map(b -> "refs/heads/" + b).toList()
              : java.util.stream.Stream.concat(
                      refs.branches().stream().map(b -> "refs/heads/" + b),
                      refs.tags().stream().map(t -> "refs/tags/" + t))
                  .toList();
      for (String pattern : patterns) {
        if (Pattern.matches(Pattern.quote(pattern).replace("*", "\\E[^/]*\\Q"), ref)) {
          return Optional.empty();
        }
      }
      return Optional.of("ref " + ref + " may not be deployed to '" + target.environment() + "'");
    }
  }
}
