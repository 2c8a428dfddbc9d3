package io.gatehouse.deploy.deployment;

import io.gatehouse.deploy.access.Permission;
import io.gatehouse.deploy.access.Principal;
import io.gatehouse.deploy.server.ApiException;
import io.javalin.http.Context;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;

/**
 * The stand-in for the access and project services where they are not wired in: it fails closed,
 * knowing no caller, no project and no right.
 */
public final class Unwired implements ProjectDirectory, DeploymentAccess, RefCheck {
  /** The one instance. */
  public static final Unwired INSTANCE = new Unwired();

  private Unwired() {}

  /** Refuses every caller with a 401. */
  public static final Function<Context, Principal> AUTHENTICATOR =
      ctx -> {
        throw new ApiException(401, "unauthenticated", "authentication is not available");
      };

  @Override
  public Optional<DeploymentTarget> target(Handle handle, String project, String environment) {
    return Optional.empty();
  }

  @Override
  public Map<String, List<String>> teamMembers(Handle handle, Collection<String> teams) {
    return Map.of();
  }

  @Override
  public Set<Permission> permissions(Handle handle, Principal principal, long projectId) {
    return Set.of();
  }

  @Override
  public Collection<Long> readableProjects(Principal principal) {
    return List.of();
  }

  @Override
  public Optional<String> refusal(DeploymentTarget target, String ref) {
    return Optional.of("the ref rules are not available");
  }
}
