package io.gatehouse.deploy.server;

import io.gatehouse.deploy.audit.AuditLog;
import io.gatehouse.deploy.deployment.DeploymentProcessor;
import io.gatehouse.deploy.deployment.DeploymentRoutes;
import io.gatehouse.deploy.deployment.DeploymentService;
import io.gatehouse.deploy.deployment.Unwired;
import io.gatehouse.deploy.gate.GateOutcome;
import io.gatehouse.deploy.notify.Notifier;
import io.gatehouse.deploy.persistence.Database;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The services of the control plane wired together: access, projects, deployments, reviews, gates,
 * audit and notifications, their HTTP routes and their background workers.
 */
final class ControlPlane implements AutoCloseable {
  private final List<RouteGroup> routes = new ArrayList<>();
  private final List<AutoCloseable> workers = new ArrayList<>();

  private ControlPlane() {}

  /** Builds the services on this database and starts their workers. */
  static ControlPlane start(
      Database database,
      MeterRegistry registry,
      Clock clock,
      ControlPlaneSettings settings,
      Supplier<URI> serverUri) {
    ControlPlane plane = new ControlPlane();
    // --- access and projects (A) ---
    // --- audit and notifications (D) ---
    // --- gates (C) ---
    // --- deployments and reviews (B) ---
    // Access, projects, ref rules and gates are wired here as their services arrive; until then
    // the stand-ins fail closed.
    DeploymentService deployments =
        DeploymentService.create(
            database.jdbi(),
            clock,
            Unwired.INSTANCE,
            Unwired.INSTANCE,
            Unwired.INSTANCE,
            new AuditLog(),
            new Notifier());
    plane.workers.add(
        DeploymentProcessor.create(
                deployments,
                spec ->
                    context -> GateOutcome.fail("gate type '" + spec.type() + "' is not available"),
                settings.workerInterval(),
                settings.leaseDuration())
            .start());
    plane.routes.add(DeploymentRoutes.create(deployments, Unwired.AUTHENTICATOR));
    return plane;
  }

  /** The routes of every service. */
  List<RouteGroup> routes() {
    return List.copyOf(routes);
  }

  /** Stops the workers, newest first. */
  @Override
  public void close() {
    for (int i = workers.size() - 1; i >= 0; i--) {
      try {
        workers.get(i).close();
      } catch (Exception e) {
        // a worker that cannot stop cleanly must not keep the others running
        Thread.currentThread()
            .getUncaughtExceptionHandler()
            .uncaughtException(Thread.currentThread(), e);
      }
    }
    workers.clear();
  }
}
