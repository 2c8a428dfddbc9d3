package io.gatehouse.deploy.project;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.gatehouse.deploy.access.Access;
import io.gatehouse.deploy.access.Authenticator;
import io.gatehouse.deploy.access.Permission;
import io.gatehouse.deploy.access.Principal;
import io.gatehouse.deploy.access.Users;
import io.gatehouse.deploy.audit.AuditEvent;
import io.gatehouse.deploy.audit.AuditLog;
import io.gatehouse.deploy.server.ApiException;
import io.gatehouse.deploy.server.RequestBodies;
import io.gatehouse.deploy.server.RouteGroup;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The HTTP API of projects and environments: {@code /api/v1/projects}, {@code
 * /api/v1/projects/{project}}, {@code /api/v1/projects/{project}/environments[/{environment}]}. A
 * project the caller may not read answers 404, as if it did not exist.
 */
public final class ProjectRoutes implements RouteGroup {
  private static final String PROJECT = "/api/v1/projects/{project}";
  private static final String ENVIRONMENT = PROJECT + "/environments/{environment}";

  private final Jdbi jdbi;
  private final Authenticator authenticator;
  private final Access access;
  private final Users users;
  private final Projects projects;
  private final AuditLog audit;

  /** The routes over these services. */
  public ProjectRoutes(
      Jdbi jdbi,
      Authenticator authenticator,
      Access access,
      Users users,
      Projects projects,
      AuditLog audit) {
    this.jdbi = jdbi;
    this.authenticator = authenticator;
    this.access = access;
    this.users = users;
    this.projects = projects;
    this.audit = audit;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get("/api/v1/projects", this::listProjects);
    routes.get(PROJECT, this::getProject);
    routes.get(PROJECT + "/environments", this::listEnvironments);
    routes.get(ENVIRONMENT, this::getEnvironment);
    routes.put(ENVIRONMENT, this::putEnvironment);
    routes.delete(ENVIRONMENT, this::deleteEnvironment);
  }

  private void listProjects(Context ctx) {
    Principal principal = authenticator.authenticate(ctx);
    List<ProjectView> list =
        jdbi.withHandle(
            handle ->
                access.readable(handle, principal, projects.list(handle)).stream()
                    .map(project -> view(handle, project))
                    .toList());
    ctx.json(new ProjectList(list));
  }

  private void getProject(Context ctx) {
    Principal principal = authenticator.authenticate(ctx);
    ctx.json(
        jdbi.withHandle(handle -> view(handle, readable(handle, principal, ctx, Permission.READ))));
  }

  private void listEnvironments(Context ctx) {
    Principal principal = authenticator.authenticate(ctx);
    ctx.json(
        jdbi.withHandle(
            handle -> {
              ProjectRef project = readable(handle, principal, ctx, Permission.READ);
              boolean maintainer = access.canMaintain(handle, principal, project.id());
              return new EnvironmentList(
                  projects.environments(handle, project.id()).stream()
                      .map(environment -> view(project, environment, maintainer))
                      .toList());
            }));
  }

  private void getEnvironment(Context ctx) {
    Principal principal = authenticator.authenticate(ctx);
    ctx.json(
        jdbi.withHandle(
            handle -> {
              ProjectRef project = readable(handle, principal, ctx, Permission.READ);
              boolean maintainer = access.canMaintain(handle, principal, project.id());
              return view(project, environment(handle, project, ctx), maintainer);
            }));
  }

  private void putEnvironment(Context ctx) {
    Principal principal = authenticator.authenticate(ctx);
    String name = ctx.pathParam("environment");
    ProjectNames.environmentProblem(name)
        .ifPresent(
            problem -> {
              throw new ApiException(400, "invalid_request", "environment name " + problem);
            });
    JsonNode body = RequestBodies.read(ctx, JsonNode.class);
    EnvironmentRules rules = rules(body);
    Result result =
        jdbi.inTransaction(
            handle -> {
              ProjectRef project = readable(handle, principal, ctx, Permission.MAINTAIN);
              Optional<EnvironmentRecord> before = projects.environment(handle, project.id(), name);
              checkBypass(principal, rules, before);
              try {
                RulesReferences.check(handle, users, rules);
              } catch (InvalidRulesException e) {
                throw invalid(e);
              }
              Projects.Change change = projects.saveEnvironment(handle, project.id(), name, rules);
              if (change != Projects.Change.UNCHANGED) {
                audit.append(
                    handle,
                    new AuditEvent(
                        principal.name(),
                        "environment.update",
                        "environment/" + project.name() + "/" + name,
                        Optional.of(project.name()),
                        Optional.empty(),
                        Map.of(
                            "rules", EnvironmentRulesJson.tree(rules), "change", change.name())));
              }
              EnvironmentRecord saved =
                  projects.environment(handle, project.id(), name).orElseThrow();
              return new Result(change, view(project, saved));
            });
    ctx.status(result.change() == Projects.Change.CREATED ? 201 : 200).json(result.view());
  }

  private void deleteEnvironment(Context ctx) {
    Principal principal = authenticator.authenticate(ctx);
    jdbi.useTransaction(
        handle -> {
          ProjectRef project = readable(handle, principal, ctx, Permission.MAINTAIN);
          EnvironmentRecord environment = environment(handle, project, ctx);
          try {
            projects.deleteEnvironment(handle, environment);
          } catch (EnvironmentInUseException e) {
            throw new ApiException(409, "environment_in_use", e.getMessage());
          }
          audit.append(
              handle,
              new AuditEvent(
                  principal.name(),
                  "environment.delete",
                  "environment/" + project.name() + "/" + environment.name(),
                  Optional.of(project.name()),
                  Optional.empty(),
                  Map.of()));
        });
    ctx.status(204);
  }

  private static void checkBypass(
      Principal principal, EnvironmentRules rules, Optional<EnvironmentRecord> before) {
    boolean alreadyAllowed = before.map(env -> env.rules().allowBypass()).orElse(false);
    if (rules.allowBypass() && !alreadyAllowed && !principal.admin()) {
      throw new ApiException(403, "bypass_admin_only", "only an admin may set allowBypass to true");
    }
  }

  private static EnvironmentRules rules(JsonNode body) {
    try {
      return EnvironmentRulesJson.read(body);
    } catch (InvalidRulesException e) {
      throw invalid(e);
    }
  }

  private static ApiException invalid(InvalidRulesException e) {
    return new ApiException(400, "invalid_rules", e.getMessage());
  }

  /**
   * The path's project when the principal holds {@code needed} on it: 404 when it may not even read
   * it, 403 when it may read but not do more.
   */
  private ProjectRef readable(Handle handle, Principal principal, Context ctx, Permission needed) {
    ApiException missing = new ApiException(404, "not_found", "no such project");
    ProjectRef project = projects.find(handle, ctx.pathParam("project")).orElseThrow(() -> missing);
    Set<Permission> held = access.permissions(handle, principal, project.id());
    if (!held.contains(Permission.READ)) {
      throw missing;
    }
    if (!held.contains(needed)) {
      throw new ApiException(
          403, "forbidden", "only a maintainer of the project or an admin may do this");
    }
    return project;
  }

  private EnvironmentRecord environment(Handle handle, ProjectRef project, Context ctx) {
    return projects
        .environment(handle, project.id(), ctx.pathParam("environment"))
        .orElseThrow(() -> new ApiException(404, "not_found", "no such environment"));
  }

  private ProjectView view(Handle handle, ProjectRef project) {
    return new ProjectView(
        project.name(),
        project.repository(),
        project.protectedBranches(),
        projects.environments(handle, project.id()).stream().map(EnvironmentRecord::name).toList());
  }

  private static EnvironmentView view(ProjectRef project, EnvironmentRecord environment) {
    return view(project, environment, true);
  }

  /**
   * An environment as the API shows it. The header values of {@code http} gates often carry
   * credentials, so only those who may change the rules see them; everyone else sees {@code
   * (hidden)}.
   */
  static EnvironmentView view(
      ProjectRef project, EnvironmentRecord environment, boolean showGateHeaders) {
    JsonNode rules = EnvironmentRulesJson.tree(environment.rules());
    if (!showGateHeaders) {
      hideGateHeaders(rules);
    }
    return new EnvironmentView(project.name(), environment.name(), rules);
  }

  private static void hideGateHeaders(JsonNode rules) {
    for (JsonNode gate : rules.path("gates")) {
      if (gate.path("parameters").path("headers") instanceof ObjectNode headers) {
        headers.properties().forEach(header -> header.setValue(TextNode.valueOf("(hidden)")));
      }
    }
  }

  private record Result(Projects.Change change, EnvironmentView view) {}

  /** A project as the API shows it. */
  record ProjectView(
      String name, String repository, List<String> protectedBranches, List<String> environments) {}

  /** {@code GET /api/v1/projects}. */
  record ProjectList(List<ProjectView> projects) {}

  /** An environment as the API shows it. */
  record EnvironmentView(String project, String name, JsonNode rules) {}

  /** {@code GET /api/v1/projects/{project}/environments}. */
  record EnvironmentList(List<EnvironmentView> environments) {}
}
