package io.gatehouse.deploy.server;

import io.gatehouse.deploy.access.Access;
import io.gatehouse.deploy.access.AccessRoutes;
import io.gatehouse.deploy.access.ApiTokens;
import io.gatehouse.deploy.access.Authenticator;
import io.gatehouse.deploy.access.FirstAdmin;
import io.gatehouse.deploy.access.Principal;
import io.gatehouse.deploy.access.UserRecord;
import io.gatehouse.deploy.access.Users;
import io.gatehouse.deploy.apply.ApplyRoutes;
import io.gatehouse.deploy.apply.ApplyService;
import io.gatehouse.deploy.apply.DemoSeed;
import io.gatehouse.deploy.audit.AuditLog;
import io.gatehouse.deploy.audit.AuditRoutes;
import io.gatehouse.deploy.audit.AuditWriter;
import io.gatehouse.deploy.deployment.DeploymentProcessor;
import io.gatehouse.deploy.deployment.DeploymentRoutes;
import io.gatehouse.deploy.deployment.DeploymentService;
import io.gatehouse.deploy.federation.FederatedCredentials;
import io.gatehouse.deploy.federation.FederationRoutes;
import io.gatehouse.deploy.federation.TokenExchange;
import io.gatehouse.deploy.gate.GateCallbackRoutes;
import io.gatehouse.deploy.gate.GateEnvironment;
import io.gatehouse.deploy.gate.Gates;
import io.gatehouse.deploy.gate.StoredImagePolicy;
import io.gatehouse.deploy.keys.Envelope;
import io.gatehouse.deploy.keys.MasterKeyCheck;
import io.gatehouse.deploy.notify.DeliverySettings;
import io.gatehouse.deploy.notify.DeliveryWorker;
import io.gatehouse.deploy.notify.Notifier;
import io.gatehouse.deploy.notify.WebhookStore;
import io.gatehouse.deploy.oidc.DeploymentTokens;
import io.gatehouse.deploy.oidc.IssuerRoutes;
import io.gatehouse.deploy.oidc.SigningKeys;
import io.gatehouse.deploy.persistence.Database;
import io.gatehouse.deploy.project.ProjectRoutes;
import io.gatehouse.deploy.project.Projects;
import io.gatehouse.deploy.secret.EnvironmentSecrets;
import io.gatehouse.deploy.secret.MasterKeyRotation;
import io.gatehouse.deploy.secret.MasterKeyRoutes;
import io.gatehouse.deploy.secret.SecretRoutes;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    // --- shared: master keys; every sealed value (secrets, signing keys) goes through this ---
    Envelope envelope = new Envelope(settings.masterKeys(), new SecureRandom());
    MasterKeyCheck.verify(database.jdbi(), envelope, clock);
    // --- shared: audit log and webhook declarations (D) ---
    AuditLog audit = new AuditLog(clock);
    WebhookStore webhooks = new WebhookStore(clock);
    // --- access and projects (A) ---
    Users users = new Users(clock);
    Projects projects = new Projects(clock);
    ApiTokens tokens = new ApiTokens(clock, new SecureRandom());
    Authenticator authenticator = new Authenticator(database.jdbi(), clock);
    Access access = new Access(users, projects);
    FirstAdmin.ensure(database.jdbi(), users, tokens, audit, settings.bootstrapAdminToken())
        .ifPresent(ControlPlane::announceFirstAdmin);
    plane.routes.add(new AccessRoutes(database.jdbi(), clock, authenticator, users, tokens, audit));
    plane.routes.add(
        new ProjectRoutes(database.jdbi(), authenticator, access, users, projects, audit));
    ApplyService apply = new ApplyService(database.jdbi(), users, projects, audit, webhooks, clock);
    plane.routes.add(new ApplyRoutes(authenticator, apply));
    if (settings.demo()) {
      seedDemo(database, users, tokens, apply);
    }
    // --- audit routes and webhook delivery (D) ---
    plane.routes.add(new AuditRoutes(database.jdbi(), authenticator::authenticate));
    plane.workers.add(
        DeliveryWorker.start(
            database.jdbi(),
            clock,
            DeliverySettings.defaults().withInterval(settings.workerInterval())));
    // --- gates (C) ---
    plane.routes.add(GateCallbackRoutes.create(database.jdbi(), clock));
    // --- deployments and reviews (B) ---
    DeploymentDirectory directory = new DeploymentDirectory(database.jdbi(), access, projects);
    DeploymentService deployments =
        DeploymentService.create(
            database.jdbi(), clock, directory, directory, directory, audit, new Notifier(clock));
    Gates gates =
        Gates.create(
            new GateEnvironment(
                GateEnvironment.defaultHttpClient(),
                serverUri,
                DeploymentService.history(database.jdbi()),
                StoredImagePolicy.on(database.jdbi()),
                clock,
                database.jdbi(),
                EnvironmentSecrets.on(database.jdbi(), envelope, audit)::secret));
    plane.workers.add(gates);
    plane.workers.add(
        DeploymentProcessor.create(
                deployments, gates::gate, settings.workerInterval(), settings.leaseDuration())
            .start());
    plane.routes.add(DeploymentRoutes.create(deployments, authenticator::authenticate));
    // --- secrets and variables ---
    plane.routes.add(
        SecretRoutes.create(
            database.jdbi(),
            authenticator::authenticate,
            access,
            deployments,
            audit,
            envelope,
            clock));
    // Every column of sealed values a master key rotation re-wraps; add new ones here.
    MasterKeyRotation rotation =
        new MasterKeyRotation(
            database.jdbi(),
            envelope,
            List.of(
                new MasterKeyRotation.Target("environment_secrets", "id", "sealed_value"),
                new MasterKeyRotation.Target("signing_keys", "id", "private_key"),
                new MasterKeyRotation.Target("master_key_check", "singleton", "sealed")),
            MasterKeyRotation.DEFAULT_BATCH);
    rotation.checkSchema();
    plane.routes.add(
        new MasterKeyRoutes(
            database.jdbi(),
            authenticator::authenticate,
            rotation,
            settings.masterKeys().primaryFingerprint(),
            audit));
    // --- federated credentials ---
    FederatedCredentials federated = new FederatedCredentials(clock);
    plane.routes.add(
        new FederationRoutes(
            database.jdbi(),
            authenticator,
            access,
            federated,
            new TokenExchange(
                database.jdbi(), clock, federated, tokens, audit, settings.federation())));
    // --- OIDC issuer ---
    SigningKeys signingKeys =
        SigningKeys.open(
                database.jdbi(), envelope, clock, new SecureRandom(), audit, settings.issuer())
            .startSchedule();
    plane.workers.add(signingKeys);
    DeploymentTokens deploymentTokens =
        new DeploymentTokens(
            database.jdbi(),
            deployments::forJob,
            signingKeys,
            new AuditWriter(database.jdbi(), audit),
            clock,
            new SecureRandom(),
            () -> settings.issuerUrl().orElseGet(serverUri));
    plane.routes.add(
        new IssuerRoutes(
            deploymentTokens,
            signingKeys,
            authenticator::authenticate,
            access,
            database.jdbi(),
            audit,
            clock));
    return plane;
  }

  /**
   * Shows a generated first-admin token to the operator, once: on standard error, apart from the
   * log.
   */
  @SuppressWarnings("SystemOut")
  private static void announceFirstAdmin(String token) {
    System.err.println(
        "Created the first admin user 'admin'. Its API token is shown only this once; store it"
            + " now:\n  "
            + token);
  }

  private static void seedDemo(
      Database database, Users users, ApiTokens tokens, ApplyService apply) {
    UserRecord admin =
        database
            .jdbi()
            .withHandle(handle -> users.find(handle, "admin"))
            .filter(UserRecord::admin)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "--demo needs the user 'admin' to be an admin of this database"));
    Map<String, String> created =
        DemoSeed.seed(
            apply, database.jdbi(), users, tokens, new Principal(admin.id(), admin.name(), true));
    announceDemo(created);
  }

  /** Shows the demonstration users' new tokens, once, on standard error, apart from the log. */
  @SuppressWarnings("SystemOut")
  private static void announceDemo(Map<String, String> tokens) {
    StringBuilder text =
        new StringBuilder(
            "Demo: project 'shop' with environments dev, staging and prod is ready. New tokens,"
                + " shown only now:\n");
    tokens.forEach((user, token) -> text.append(String.format("  %-18s %s%n", user, token)));
    text.append("Try: docs/quickstart.md");
    System.err.println(text);
  }

  /** The routes of every service. */
  List<RouteGroup> routes() {
    return List.copyOf(routes);
  }

  /** Stops the workers, newest first; one that cannot stop cleanly does not keep the others. */
  @Override
  public void close() {
    for (int i = workers.size() - 1; i >= 0; i--) {
      GatehouseServer.closeQuietly(workers.get(i));
    }
    workers.clear();
  }
}
