package io.gatehouse.deploy.apply;

import io.gatehouse.deploy.access.Principal;
import io.gatehouse.deploy.access.UserRecord;
import io.gatehouse.deploy.access.Users;
import io.gatehouse.deploy.audit.AuditEvent;
import io.gatehouse.deploy.audit.AuditLog;
import io.gatehouse.deploy.federation.FederatedCredentials;
import io.gatehouse.deploy.notify.WebhookSpec;
import io.gatehouse.deploy.notify.WebhookStore;
import io.gatehouse.deploy.oidc.ProjectTokenSettings;
import io.gatehouse.deploy.oidc.TokenSettings;
import io.gatehouse.deploy.project.EnvironmentInUseException;
import io.gatehouse.deploy.project.EnvironmentRecord;
import io.gatehouse.deploy.project.InvalidRulesException;
import io.gatehouse.deploy.project.ProjectNames;
import io.gatehouse.deploy.project.ProjectRef;
import io.gatehouse.deploy.project.Projects;
import io.gatehouse.deploy.project.RulesReferences;
import io.gatehouse.deploy.server.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Applies a {@code gatehouse.yaml} in one transaction: all of it or nothing. Declared users are
 * created or updated (never deleted); declared teams get exactly the members listed; declared
 * projects get exactly the environments, roles and webhooks listed (an environment left out is
 * deleted, unless deployments to it are under way); the {@code images} section replaces the stored
 * image policy. Things not declared are left alone.
 */
public final class ApplyService {
  /** The name documents are given in errors. */
  public static final String DOCUMENT = "gatehouse.yaml";

  /**
   * Leaves out the roles of workload users: those belong to federated credentials, which the {@code
   * federatedCredentials} section manages.
   */
  private static final String WORKLOAD_FREE =
      " AND (user_id IS NULL OR user_id NOT IN (SELECT id FROM users WHERE workload = TRUE))";

  private final Jdbi jdbi;
  private final Users users;
  private final Projects projects;
  private final AuditLog audit;
  private final WebhookStore webhooks;
  private final Clock clock;
  private final FederatedCredentials credentials;

  /** An apply service over these stores. */
  public ApplyService(
      Jdbi jdbi,
      Users users,
      Projects projects,
      AuditLog audit,
      WebhookStore webhooks,
      Clock clock) {
    this.jdbi = jdbi;
    this.users = users;
    this.projects = projects;
    this.audit = audit;
    this.webhooks = webhooks;
    this.clock = clock;
    this.credentials = new FederatedCredentials(clock);
  }

  /**
   * Applies a document.
   *
   * @param principal who applies it; must be an admin
   * @param document the YAML text
   * @param dryRun compute the plan, then roll everything back
   * @return what changed, or would have
   * @throws ApiException 403 for a non-admin
   * @throws ApplyFileException (nothing changed) when the document is invalid, names an unknown
   *     user or team, or would leave no admin
   * @throws EnvironmentInUseException (nothing changed) when it would delete an environment with
   *     deployments under way
   */
  public ApplyPlan apply(Principal principal, String document, boolean dryRun) {
    return apply(principal, document, Map.of(), dryRun);
  }

  /**
   * Applies a document with the rules files its {@code dast} gates name, as {@link
   * #apply(Principal, String, boolean)} does.
   *
   * @param files the contents of the rules files, by the path the document names them with
   */
  public ApplyPlan apply(
      Principal principal, String document, Map<String, String> files, boolean dryRun) {
    if (!principal.admin()) {
      throw new ApiException(403, "forbidden", "only an admin may apply a gatehouse.yaml");
    }
    ApplyDocument parsed = ApplyFileReader.read(DOCUMENT, document, files);
    return jdbi.withHandle(
        handle -> {
          handle.begin();
          try {
            ApplyPlan plan = new ApplyPlan(dryRun, run(handle, principal, parsed, dryRun));
            if (dryRun) {
              handle.rollback();
            } else {
              handle.commit();
            }
            return plan;
          } catch (RuntimeException e) {
            handle.rollback();
            throw e;
          }
        });
  }

  private List<ApplyPlan.Change> run(
      Handle handle, Principal principal, ApplyDocument document, boolean dryRun) {
    Run run = new Run(handle, principal);
    document.users().forEach(run::user);
    if (users.admins(handle) == 0) {
      throw new ApplyFileException(DOCUMENT, "users", "the document would leave no admin");
    }
    document.teams().forEach(run::team);
    document.projects().forEach(run::project);
    document.imagePolicy().ifPresent(run::imagePolicy);
    document.federatedCredentials().forEach(run::federation);
    audit.append(
        handle,
        new AuditEvent(
            principal.name(),
            "apply",
            "gatehouse.yaml",
            Optional.empty(),
            Optional.empty(),
            Map.of(
                "dryRun",
                dryRun,
                "changes",
                run.changes.stream()
                    .filter(change -> !change.action().equals(ApplyPlan.UNCHANGED))
                    .map(change -> change.kind() + " " + change.name() + " " + change.action())
                    .toList())));
    return run.changes;
  }

  /** One application of one document inside its transaction. */
  private final class Run {
    private final Handle handle;
    private final Principal principal;
    private final List<ApplyPlan.Change> changes = new ArrayList<>();

    Run(Handle handle, Principal principal) {
      this.handle = handle;
      this.principal = principal;
    }

    void user(ApplyDocument.UserSpec spec) {
      Optional<UserRecord> existing = users.find(handle, spec.name());
      if (existing.isEmpty()) {
        users.create(handle, spec.name(), spec.admin());
        record("user", spec.name(), "create", "user.create", "user/" + spec.name(), null);
      } else if (existing.get().admin() != spec.admin()) {
        users.setAdmin(handle, existing.get().id(), spec.admin());
        record("user", spec.name(), "update", "user.update", "user/" + spec.name(), null);
      } else {
        changes.add(new ApplyPlan.Change("user", spec.name(), ApplyPlan.UNCHANGED));
      }
    }

    void team(ApplyDocument.TeamSpec spec) {
      List<Long> members = new ArrayList<>();
      for (int i = 0; i < spec.members().size(); i++) {
        members.add(userId(spec.members().get(i), spec.path() + ".members[" + i + "]"));
      }
      Optional<Long> existing = users.teamId(handle, spec.name());
      if (existing.isEmpty()) {
        users.setMembers(handle, users.createTeam(handle, spec.name()), members);
        changes.add(new ApplyPlan.Change("team", spec.name(), "create"));
      } else if (!new TreeSet<>(users.members(handle, spec.name()))
          .equals(new TreeSet<>(spec.members()))) {
        users.setMembers(handle, existing.get(), members);
        changes.add(new ApplyPlan.Change("team", spec.name(), "update"));
      } else {
        changes.add(new ApplyPlan.Change("team", spec.name(), ApplyPlan.UNCHANGED));
      }
    }

    void project(ApplyDocument.ProjectSpec spec) {
      Set<Role> roles = roles(spec);
      Optional<ProjectRef> existing = projects.find(handle, spec.name());
      ProjectRef project;
      String action;
      if (existing.isEmpty()) {
        project = projects.create(handle, spec.name(), spec.repository(), spec.protectedBranches());
        action = "create";
      } else {
        ProjectRef wanted =
            new ProjectRef(
                existing.get().id(), spec.name(), spec.repository(), spec.protectedBranches());
        boolean same = wanted.equals(existing.get()) && roles.equals(currentRoles(wanted.id()));
        if (!same) {
          projects.update(handle, wanted);
        }
        project = wanted;
        action = same ? ApplyPlan.UNCHANGED : "update";
      }
      if (!action.equals(ApplyPlan.UNCHANGED)) {
        replaceRoles(project.id(), roles);
      }
      changes.add(new ApplyPlan.Change("project", spec.name(), action));
      environments(project, spec);
      webhooks(project, spec.webhooks());
      deploymentToken(project, spec.deploymentToken());
    }

    /** The project's token settings become exactly those declared, or the defaults. */
    private void deploymentToken(ProjectRef project, Optional<TokenSettings> wanted) {
      Optional<TokenSettings> current = ProjectTokenSettings.stored(handle, project.id());
      if (current.equals(wanted)) {
        if (wanted.isPresent()) {
          changes.add(
              new ApplyPlan.Change(
                  "deployment token settings", project.name(), ApplyPlan.UNCHANGED));
        }
        return;
      }
      if (wanted.isPresent()) {
        ProjectTokenSettings.store(
            handle, project.id(), wanted.get(), principal.name(), clock.instant());
      } else {
        ProjectTokenSettings.reset(handle, project.id());
      }
      String action = current.isEmpty() ? "create" : wanted.isEmpty() ? "delete" : "update";
      changes.add(new ApplyPlan.Change("deployment token settings", project.name(), action));
    }

    private void environments(ProjectRef project, ApplyDocument.ProjectSpec spec) {
      Set<String> declared = new HashSet<>();
      for (ApplyDocument.EnvironmentSpec environment : spec.environments()) {
        declared.add(ProjectNames.key(environment.name()));
        try {
          RulesReferences.check(handle, users, environment.rules());
        } catch (InvalidRulesException e) {
          throw new ApplyFileException(DOCUMENT, environment.path() + "." + e.path(), e.reason());
        }
        Projects.Change change =
            projects.saveEnvironment(handle, project.id(), environment.name(), environment.rules());
        String name = project.name() + "/" + environment.name();
        if (change == Projects.Change.UNCHANGED) {
          changes.add(new ApplyPlan.Change("environment", name, ApplyPlan.UNCHANGED));
        } else {
          record(
              "environment",
              name,
              change == Projects.Change.CREATED ? "create" : "update",
              "environment.update",
              "environment/" + name,
              project.name());
        }
      }
      for (EnvironmentRecord existing : projects.environments(handle, project.id())) {
        if (!declared.contains(ProjectNames.key(existing.name()))) {
          projects.deleteEnvironment(handle, existing);
          String name = project.name() + "/" + existing.name();
          record(
              "environment",
              name,
              "delete",
              "environment.delete",
              "environment/" + name,
              project.name());
        }
      }
    }

    private void webhooks(ProjectRef project, List<WebhookSpec> specs) {
      String digest = specs.isEmpty() ? "" : digest(specs);
      String current =
          handle
              .createQuery("SELECT webhooks_digest FROM projects WHERE id = :id")
              .bind("id", project.id())
              .mapTo(String.class)
              .one();
      if (current.equals(digest)) {
        if (!digest.isEmpty()) {
          changes.add(new ApplyPlan.Change("webhook", project.name(), ApplyPlan.UNCHANGED));
        }
        return;
      }
      webhooks.replace(handle, project.id(), specs);
      handle
          .createUpdate("UPDATE projects SET webhooks_digest = :digest WHERE id = :id")
          .bind("digest", digest)
          .bind("id", project.id())
          .execute();
      String action = current.isEmpty() ? "create" : digest.isEmpty() ? "delete" : "update";
      changes.add(new ApplyPlan.Change("webhook", project.name(), action));
    }

    void imagePolicy(String document) {
      Optional<String> current =
          handle
              .createQuery("SELECT document FROM image_policy WHERE singleton = 1")
              .mapTo(String.class)
              .findOne();
      if (current.isPresent() && current.get().equals(document)) {
        changes.add(new ApplyPlan.Change("imagePolicy", "images", ApplyPlan.UNCHANGED));
        return;
      }
      var now = clock.instant().atOffset(ZoneOffset.UTC);
      if (current.isEmpty()) {
        handle
            .createUpdate(
                "INSERT INTO image_policy (singleton, document, updated_at) VALUES (1, :doc, :at)")
            .bind("doc", document)
            .bind("at", now)
            .execute();
      } else {
        handle
            .createUpdate(
                "UPDATE image_policy SET document = :doc, updated_at = :at WHERE singleton = 1")
            .bind("doc", document)
            .bind("at", now)
            .execute();
      }
      changes.add(
          new ApplyPlan.Change("imagePolicy", "images", current.isEmpty() ? "create" : "update"));
    }

    void federation(ApplyDocument.FederationSpec spec) {
      ProjectRef project =
          projects
              .find(handle, spec.project())
              .orElseThrow(
                  () ->
                      new ApplyFileException(
                          DOCUMENT,
                          spec.path(),
                          "no project named '" + spec.project() + "' is declared or exists"));
      for (FederatedCredentials.Change change :
          credentials.replace(handle, project.id(), project.name(), spec.credentials())) {
        String name = project.name() + "/" + change.name();
        if (change.action().equals(ApplyPlan.UNCHANGED)) {
          changes.add(new ApplyPlan.Change("federatedCredential", name, ApplyPlan.UNCHANGED));
        } else {
          record(
              "federatedCredential",
              name,
              change.action(),
              "federated-credential." + change.action(),
              "federated-credential/" + name,
              project.name());
        }
      }
    }

    private Set<Role> roles(ApplyDocument.ProjectSpec spec) {
      Set<Role> roles = new HashSet<>();
      addRoles(roles, "maintainer", spec.maintainers(), spec.path() + ".maintainers");
      addRoles(roles, "deployer", spec.deployers(), spec.path() + ".deployers");
      return roles;
    }

    private void addRoles(Set<Role> roles, String role, ApplyDocument.RoleSpec spec, String path) {
      for (int i = 0; i < spec.users().size(); i++) {
        roles.add(new Role(role, userId(spec.users().get(i), path + ".users[" + i + "]"), 0));
      }
      for (int i = 0; i < spec.teams().size(); i++) {
        String team = spec.teams().get(i);
        long id =
            users
                .teamId(handle, team)
                .orElseThrow(
                    () ->
                        new ApplyFileException(
                            DOCUMENT,
                            path + ".teams[" + spec.teams().indexOf(team) + "]",
                            "no team named '" + team + "' is declared or exists"));
        roles.add(new Role(role, 0, id));
      }
    }

    private Set<Role> currentRoles(long projectId) {
      return new HashSet<>(
          handle
              .createQuery(
                  "SELECT role, COALESCE(user_id, 0) AS user_id, COALESCE(team_id, 0) AS team_id"
                      + " FROM project_roles WHERE project_id = :project"
                      + WORKLOAD_FREE)
              .bind("project", projectId)
              .map(
                  (rs, ctx) ->
                      new Role(rs.getString("role"), rs.getLong("user_id"), rs.getLong("team_id")))
              .list());
    }

    private void replaceRoles(long projectId, Set<Role> roles) {
      handle
          .createUpdate("DELETE FROM project_roles WHERE project_id = :project" + WORKLOAD_FREE)
          .bind("project", projectId)
          .execute();
      for (Role role : roles) {
        handle
            .createUpdate(
                "INSERT INTO project_roles (project_id, role, user_id, team_id)"
                    + " VALUES (:project, :role, :user, :team)")
            .bind("project", projectId)
            .bind("role", role.role())
            .bind("user", role.userId() == 0 ? null : role.userId())
            .bind("team", role.teamId() == 0 ? null : role.teamId())
            .execute();
      }
    }

    private long userId(String name, String path) {
      return users
          .find(handle, name)
          .map(UserRecord::id)
          .orElseThrow(
              () ->
                  new ApplyFileException(
                      DOCUMENT, path, "no user named '" + name + "' is declared or exists"));
    }

    private void record(
        String kind,
        String name,
        String action,
        String auditAction,
        String subject,
        String project) {
      changes.add(new ApplyPlan.Change(kind, name, action));
      audit.append(
          handle,
          new AuditEvent(
              principal.name(),
              auditAction,
              subject,
              Optional.ofNullable(project),
              Optional.of("apply"),
              Map.of("action", action)));
    }
  }

  private record Role(String role, long userId, long teamId) {}

  private static String digest(List<WebhookSpec> specs) {
    StringBuilder canonical = new StringBuilder();
    for (WebhookSpec spec : specs) {
      canonical
          .append(spec.url())
          .append('\n')
          .append(spec.secret())
          .append('\n')
          .append(String.join(",", new TreeSet<>(spec.events())))
          .append('\n');
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of()
          .formatHex(sha.digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
