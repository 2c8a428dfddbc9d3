package io.gatehouse.deploy.secret;

import io.gatehouse.deploy.access.Access;
import io.gatehouse.deploy.access.Permission;
import io.gatehouse.deploy.access.Principal;
import io.gatehouse.deploy.audit.AuditEvent;
import io.gatehouse.deploy.audit.AuditLog;
import io.gatehouse.deploy.deployment.Deployment;
import io.gatehouse.deploy.deployment.DeploymentService;
import io.gatehouse.deploy.keys.Envelope;
import io.gatehouse.deploy.keys.SealedValueException;
import io.gatehouse.deploy.project.EnvironmentRecord;
import io.gatehouse.deploy.project.ProjectRef;
import io.gatehouse.deploy.secret.EnvironmentValues.Kind;
import io.gatehouse.deploy.server.ApiException;
import io.gatehouse.deploy.server.RequestBodies;
import io.gatehouse.deploy.server.RouteGroup;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API of environment secrets and variables, and their release to a deployment's job:
 *
 * <ul>
 *   <li>{@code GET|PUT|DELETE
 *       /api/v1/projects/{project}/environments/{environment}/secrets[/{name}]}: maintainers and
 *       admins; a secret's value is never answered;
 *   <li>the same for {@code /variables}, whose values are answered;
 *   <li>{@code GET /api/v1/deployments/{id}/secrets}: the environment's secrets and variables, only
 *       to the deployment's job while it is approved or in progress.
 * </ul>
 *
 * <p>Every write and every release is in the audit log with the names, never a value.
 */
public final class SecretRoutes implements RouteGroup {
  private static final Logger log = LoggerFactory.getLogger(SecretRoutes.class);
  private static final String ENVIRONMENT = "/api/v1/projects/{project}/environments/{environment}";

  private final Jdbi jdbi;
  private final Function<Context, Principal> authenticator;
  private final Access access;
  private final DeploymentService deployments;
  private final AuditLog audit;
  private final EnvironmentValues values;

  private SecretRoutes(
      Jdbi jdbi,
      Function<Context, Principal> authenticator,
      Access access,
      DeploymentService deployments,
      AuditLog audit,
      EnvironmentValues values) {
    this.jdbi = jdbi;
    this.authenticator = authenticator;
    this.access = access;
    this.deployments = deployments;
    this.audit = audit;
    this.values = values;
  }

  /**
   * The routes over these services.
   *
   * @param authenticator the caller of a request; throws a 401 {@link ApiException} when there is
   *     none
   * @param envelope seals and opens secrets
   * @param clock stamps when values were set
   */
  public static SecretRoutes create(
      Jdbi jdbi,
      Function<Context, Principal> authenticator,
      Access access,
      DeploymentService deployments,
      AuditLog audit,
      Envelope envelope,
      Clock clock) {
    return new SecretRoutes(
        jdbi, authenticator, access, deployments, audit, new EnvironmentValues(envelope, clock));
  }

  @Override
  public void register(RoutesConfig routes) {
    for (Kind kind : Kind.values()) {
      String base = ENVIRONMENT + "/" + kind.plural;
      routes.get(base, ctx -> list(ctx, kind));
      routes.get(base + "/{name}", ctx -> get(ctx, kind));
      routes.put(base + "/{name}", ctx -> put(ctx, kind));
      routes.delete(base + "/{name}", ctx -> delete(ctx, kind));
    }
    routes.get("/api/v1/deployments/{id}/secrets", this::release);
  }

  /** {@code PUT} body. */
  record ValueBody(String value) {}

  /** A secret as the API shows it: never its value. */
  record SecretView(String name, String updatedBy, Instant createdAt, Instant updatedAt) {}

  /** A variable as the API shows it. */
  record VariableView(
      String name, String value, String updatedBy, Instant createdAt, Instant updatedAt) {}

  /** {@code GET .../secrets}. */
  record SecretList(String project, String environment, List<SecretView> secrets) {}

  /** {@code GET .../variables}. */
  record VariableList(String project, String environment, List<VariableView> variables) {}

  /** {@code GET /api/v1/deployments/{id}/secrets}. */
  record ReleasedView(Map<String, String> secrets, Map<String, String> variables) {}

  private void list(Context ctx, Kind kind) {
    Principal principal = authenticator.apply(ctx);
    ctx.json(
        jdbi.withHandle(
            handle -> {
              Target target = maintained(handle, principal, ctx);
              List<ValueTable.Row> rows = values.list(handle, kind, target.environment().id());
              String project = target.project().name();
              String environment = target.environment().name();
              return kind == Kind.SECRET
                  ? new SecretList(
                      project, environment, rows.stream().map(SecretRoutes::secret).toList())
                  : new VariableList(
                      project, environment, rows.stream().map(SecretRoutes::variable).toList());
            }));
  }

  private void get(Context ctx, Kind kind) {
    Principal principal = authenticator.apply(ctx);
    String name = name(ctx, kind);
    ctx.json(
        jdbi.withHandle(
            handle -> {
              Target target = maintained(handle, principal, ctx);
              ValueTable.Row row =
                  values
                      .find(handle, kind, target.environment().id(), name)
                      .orElseThrow(() -> missing(kind, name));
              return kind == Kind.SECRET ? secret(row) : variable(row);
            }));
  }

  private void put(Context ctx, Kind kind) {
    Principal principal = authenticator.apply(ctx);
    String name = name(ctx, kind);
    ValueBody body = RequestBodies.read(ctx, ValueBody.class);
    if (body.value() == null) {
      throw new ApiException(400, "invalid_request", "field 'value' is required");
    }
    Written written =
        jdbi.inTransaction(
            handle -> {
              Target target = maintained(handle, principal, ctx);
              long environmentId = target.environment().id();
              EnvironmentValues.Change change =
                  values.set(handle, kind, environmentId, name, body.value(), principal.name());
              audit.append(
                  handle,
                  event(principal, kind.word + ".set", target)
                      .withInputs(
                          Map.of("name", name, "change", change.name().toLowerCase(Locale.ROOT))));
              ValueTable.Row row = values.find(handle, kind, environmentId, name).orElseThrow();
              return new Written(change, kind == Kind.SECRET ? secret(row) : variable(row));
            });
    ctx.status(written.change() == EnvironmentValues.Change.CREATED ? 201 : 200)
        .json(written.view());
  }

  private void delete(Context ctx, Kind kind) {
    Principal principal = authenticator.apply(ctx);
    String name = name(ctx, kind);
    jdbi.useTransaction(
        handle -> {
          Target target = maintained(handle, principal, ctx);
          if (!values.delete(handle, kind, target.environment().id(), name)) {
            throw missing(kind, name);
          }
          audit.append(
              handle,
              event(principal, kind.word + ".delete", target).withInputs(Map.of("name", name)));
        });
    ctx.status(204);
  }

  private void release(Context ctx) {
    Principal principal = authenticator.apply(ctx);
    long id = deploymentId(ctx);
    EnvironmentValues.Released released =
        jdbi.inTransaction(
            handle -> {
              Deployment deployment = deployments.forJob(handle, principal, id);
              Target target = target(handle, deployment.project(), deployment.environment());
              EnvironmentValues.Released values = open(handle, target, id);
              audit.append(
                  handle,
                  new AuditEvent(
                      principal.name(),
                      "deployment.secrets.read",
                      "deployment/" + id,
                      Optional.of(target.project().name()),
                      Optional.empty(),
                      Map.of(
                          "environment", target.environment().name(),
                          "secrets", List.copyOf(values.secrets().keySet()),
                          "variables", List.copyOf(values.variables().keySet()))));
              return values;
            });
    ctx.json(new ReleasedView(released.secrets(), released.variables()));
  }

  private EnvironmentValues.Released open(Handle handle, Target target, long deploymentId) {
    try {
      return values.release(handle, target.environment().id());
    } catch (SealedValueException e) {
      log.warn(
          "deployment {}: a secret of environment {}/{} does not open with the configured master"
              + " keys",
          deploymentId,
          target.project().name(),
          target.environment().name());
      throw new ApiException(
          500,
          "secret_unreadable",
          "a secret of this environment cannot be opened with the server's master keys; an admin"
              + " must check the master key configuration");
    }
  }

  /**
   * The path's project and environment when the principal may maintain the project: 404 when it may
   * not even read it, 403 when it may read but not maintain it.
   */
  private Target maintained(Handle handle, Principal principal, Context ctx) {
    ApiException missing = new ApiException(404, "not_found", "no such project");
    ProjectRef project =
        access.project(handle, ctx.pathParam("project")).orElseThrow(() -> missing);
    Set<Permission> held = access.permissions(handle, principal, project.id());
    if (!held.contains(Permission.READ)) {
      throw missing;
    }
    EnvironmentRecord environment =
        access
            .environment(handle, project.id(), ctx.pathParam("environment"))
            .orElseThrow(() -> new ApiException(404, "not_found", "no such environment"));
    if (!held.contains(Permission.MAINTAIN)) {
      throw new ApiException(
          403,
          "forbidden",
          "only a maintainer of the project or an admin may read or change its secrets and"
              + " variables");
    }
    return new Target(project, environment);
  }

  private Target target(Handle handle, String projectName, String environmentName) {
    ProjectRef project =
        access
            .project(handle, projectName)
            .orElseThrow(() -> new ApiException(404, "not_found", "no such deployment"));
    EnvironmentRecord environment =
        access
            .environment(handle, project.id(), environmentName)
            .orElseThrow(() -> new ApiException(404, "not_found", "no such deployment"));
    return new Target(project, environment);
  }

  private static AuditEvent event(Principal principal, String action, Target target) {
    return AuditEvent.of(
            principal.name(),
            action,
            "environment/" + target.project().name() + "/" + target.environment().name())
        .withProject(target.project().name());
  }

  private static String name(Context ctx, Kind kind) {
    String name = ctx.pathParam("name");
    ValueNames.problem(name)
        .ifPresent(
            problem -> {
              throw new ApiException(400, "invalid_name", "a " + kind.word + "'s name " + problem);
            });
    return name;
  }

  private static ApiException missing(Kind kind, String name) {
    return new ApiException(404, "not_found", "no " + kind.word + " named " + name);
  }

  private static long deploymentId(Context ctx) {
    String text = ctx.pathParam("id");
    try {
      long id = Long.parseLong(text);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // not a number: no such deployment
    }
    throw new ApiException(404, "not_found", "no such deployment");
  }

  private static SecretView secret(ValueTable.Row row) {
    return new SecretView(row.name(), row.updatedBy(), row.createdAt(), row.updatedAt());
  }

  private static VariableView variable(ValueTable.Row row) {
    return new VariableView(
        row.name(), row.stored(), row.updatedBy(), row.createdAt(), row.updatedAt());
  }

  private record Target(ProjectRef project, EnvironmentRecord environment) {}

  private record Written(EnvironmentValues.Change change, Object view) {}
}
