package io.gatehouse.deploy.apply;

import io.gatehouse.deploy.access.Authenticator;
import io.gatehouse.deploy.access.Principal;
import io.gatehouse.deploy.project.EnvironmentInUseException;
import io.gatehouse.deploy.server.ApiException;
import io.gatehouse.deploy.server.RequestBodies;
import io.gatehouse.deploy.server.RouteGroup;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;

/** {@code POST /api/v1/apply}: applies a gatehouse.yaml, or plans it with {@code dryRun}. */
public final class ApplyRoutes implements RouteGroup {
  private final Authenticator authenticator;
  private final ApplyService service;

  /** The route over this service. */
  public ApplyRoutes(Authenticator authenticator, ApplyService service) {
    this.authenticator = authenticator;
    this.service = service;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.post("/api/v1/apply", this::apply);
  }

  private void apply(Context ctx) {
    Principal principal = authenticator.authenticate(ctx);
    if (!principal.admin()) {
      throw new ApiException(403, "forbidden", "only an admin may apply a gatehouse.yaml");
    }
    ApplyRequest request = RequestBodies.read(ctx, ApplyRequest.class);
    if (request.document() == null) {
      throw new ApiException(400, "invalid_request", "field 'document' is required");
    }
    boolean dryRun = Boolean.TRUE.equals(request.dryRun());
    ApplyPlan plan;
    try {
      plan =
          service.apply(
              principal,
              request.document(),
              request.files() == null ? Map.of() : request.files(),
              dryRun);
    } catch (ApplyFileException e) {
      throw new ApiException(400, "invalid_document", e.getMessage());
    } catch (EnvironmentInUseException e) {
      throw new ApiException(409, "environment_in_use", e.getMessage());
    }
    if (!dryRun && plan.changed()) {
      // admin flags may have changed; cached principals must not outlive that
      authenticator.forgetAll();
    }
    ctx.json(plan);
  }

  /**
   * {@code POST /api/v1/apply}.
   *
   * @param document the gatehouse.yaml text
   * @param dryRun whether to change nothing
   * @param files the rules files the document's dast gates name, by path, with their text
   */
  record ApplyRequest(String document, Boolean dryRun, Map<String, String> files) {}
}
