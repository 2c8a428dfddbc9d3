package io.gatehouse.deploy.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.deploy.persistence.Database;
import io.gatehouse.deploy.persistence.Installation;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane process: HTTP on Jetty with virtual threads, the database migrated at start,
 * health, readiness, metrics, version and a home page, plus the {@link RouteGroup}s of each
 * capability.
 *
 * <p>{@link #close()} stops gracefully: the listener closes at once, requests in flight may finish
 * within {@link ServerConfig#shutdownTimeout()}, then the database pool closes.
 */
public final class GatehouseServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GatehouseServer.class);
  private static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final ServerConfig config;
  private final Database database;
  private final Installation installation;
  private final PrometheusMeterRegistry registry;
  private final List<AutoCloseable> binders = new ArrayList<>();
  private ControlPlane controlPlane;
  private Javalin app;
  private int port;

  private GatehouseServer(
      ServerConfig config,
      Database database,
      Installation installation,
      PrometheusMeterRegistry registry) {
    this.config = config;
    this.database = database;
    this.installation = installation;
    this.registry = registry;
  }

  /** Starts the server with the control plane on its default settings. */
  public static GatehouseServer start(ServerConfig config) {
    return start(config, ControlPlaneSettings.defaults(), List.of(), Clock.systemUTC());
  }

  /** Starts the server with the control plane on its default settings plus extra routes. */
  public static GatehouseServer start(ServerConfig config, List<RouteGroup> groups, Clock clock) {
    return start(config, ControlPlaneSettings.defaults(), groups, clock);
  }

  /**
   * Connects to and migrates the database, then starts listening.
   *
   * @throws io.gatehouse.deploy.persistence.DatabaseUnavailableException if the database cannot be
   *     used
   * @throws ServerStartException if the address cannot be listened on
   */
  public static GatehouseServer start(
      ServerConfig config, ControlPlaneSettings settings, List<RouteGroup> groups, Clock clock) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Database database;
    try {
      database = Database.open(config.database(), registry);
    } catch (RuntimeException e) {
      registry.close();
      throw e;
    }
    GatehouseServer server =
        new GatehouseServer(
            config, database, Installation.ensure(database.jdbi(), clock), registry);
    try {
      server.bindJvmMetrics();
      server.controlPlane =
          ControlPlane.start(
              database,
              registry,
              clock,
              settings,
              () -> settings.publicUrl().orElseGet(server::uri));
      List<RouteGroup> all = new ArrayList<>(server.controlPlane.routes());
      all.addAll(groups);
      server.listen(all);
      return server;
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /** The port the server listens on (the real one when 0 was asked for). */
  public int port() {
    return port;
  }

  /** The base URI clients use, e.g. {@code http://127.0.0.1:8080}. */
  public URI uri() {
    String host = config.bind();
    if (host.equals("0.0.0.0") || host.equals("::")) {
      host = "127.0.0.1";
    } else if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + port());
  }

  /**
   * Every HTTP route served, as {@code "METHOD /path/{param}"}, in registration order; for checks
   * that the API description covers them all.
   */
  public synchronized List<String> routes() {
    if (app == null) {
      return List.of();
    }
    return app.unsafe.internalRouter.allHttpHandlers().stream()
        .map(parsed -> parsed.endpoint.method.name() + " " + parsed.endpoint.path)
        .toList();
  }

  /** This database's installation identity. */
  public Installation installation() {
    return installation;
  }

  /** Stops gracefully; see the class description. Safe to call more than once. */
  @Override
  public synchronized void close() {
    if (app != null) {
      app.stop();
      app = null;
    }
    if (controlPlane != null) {
      controlPlane.close();
      controlPlane = null;
    }
    for (AutoCloseable binder : binders) {
      closeQuietly(binder);
    }
    binders.clear();
    database.close();
    registry.close();
  }

  private void listen(List<RouteGroup> groups) {
    ObjectMapper mapper = ApiJson.mapper();
    Javalin created = Javalin.create(cfg -> configure(cfg, mapper, groups));
    try {
      app = created.start(config.bind(), config.port());
      port = app.port();
    } catch (RuntimeException e) {
      created.stop();
      throw new ServerStartException(
          "cannot listen on " + config.bind() + ":" + config.port() + ": " + bindFailure(e), e);
    }
    log.info("Gatehouse {} listening on {}", GatehouseVersion.current(), uri());
  }

  private void configure(JavalinConfig cfg, ObjectMapper mapper, List<RouteGroup> groups) {
    cfg.startup.showJavalinBanner = false;
    cfg.startup.showOldJavalinVersionWarning = false;
    cfg.concurrency.useVirtualThreads = true;
    cfg.jsonMapper(new JavalinJackson(mapper, true));
    cfg.http.maxRequestSize = config.maxRequestBytes();
    cfg.http.prefer405over404 = true;
    cfg.jetty.modifyHttpConfiguration(
        http -> {
          http.setSendServerVersion(false);
          http.setSendXPoweredBy(false);
        });
    cfg.jetty.modifyServer(
        server -> {
          server.setStopTimeout(config.shutdownTimeout().toMillis());
          server.setStopAtShutdown(false);
          server.setHandler(new GracefulHandler());
        });
    RoutesConfig routes = cfg.routes;
    new HttpMetrics(registry).install(routes);
    ErrorResponses.install(routes);
    routes.before(GatehouseServer::securityHeaders);
    routes.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
    routes.get("/readyz", this::readiness);
    routes.get(
        "/metrics", ctx -> ctx.contentType(PROMETHEUS_CONTENT_TYPE).result(registry.scrape()));
    routes.get("/api/v1/version", ctx -> ctx.json(versionDocument()));
    routes.get(
        "/api/v1/openapi.json",
        ctx -> ctx.contentType("application/json").result(OpenApiDocument.bytes()));
    routes.get("/", this::home);
    routes.get(
        "/assets/gatehouse.css",
        ctx -> ctx.contentType("text/css; charset=utf-8").result(HomePage.STYLESHEET));
    routes.get(
        "/assets/favicon.svg", ctx -> ctx.contentType("image/svg+xml").result(HomePage.FAVICON));
    for (RouteGroup group : groups) {
      group.register(routes);
    }
  }

  private static void securityHeaders(Context ctx) {
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Cache-Control", "no-store");
    ctx.header("Content-Security-Policy", HomePage.CONTENT_SECURITY_POLICY);
  }

  private void readiness(Context ctx) {
    if (database.ready()) {
      ctx.json(Map.of("status", "ready"));
    } else {
      ErrorResponses.write(ctx, 503, "not_ready", "the database does not answer");
    }
  }

  private Map<String, Object> versionDocument() {
    Map<String, Object> version = new LinkedHashMap<>();
    version.put("name", "gatehouse");
    version.put("version", GatehouseVersion.current());
    version.put("database", database.kind().name().toLowerCase(Locale.ROOT));
    version.put("installation", installation.id().toString());
    return version;
  }

  private void home(Context ctx) {
    ctx.html(
        HomePage.render(
            GatehouseVersion.current(),
            database.kind().name().toLowerCase(Locale.ROOT),
            installation));
  }

  private void bindJvmMetrics() {
    new ClassLoaderMetrics().bindTo(registry);
    JvmMemoryMetrics memory = new JvmMemoryMetrics();
    memory.bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    binders.add(gc);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  private static String bindFailure(RuntimeException e) {
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    String message = String.valueOf(cause.getMessage());
    if (message.contains("Address already in use")) {
      return "the address is already in use";
    }
    if (message.contains("Cannot assign requested address")) {
      return "no such local address";
    }
    return message;
  }

  static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      log.warn("cannot release {}: {}", closeable, e.getMessage());
    }
  }
}
