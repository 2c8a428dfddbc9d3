package io.gatehouse.deploy.server;

import io.javalin.config.RoutesConfig;

/**
 * A set of HTTP routes the server serves beside its own: each capability of the control plane
 * registers its API through one.
 */
@FunctionalInterface
public interface RouteGroup {
  /** Adds this group's routes. */
  void register(RoutesConfig routes);
}
