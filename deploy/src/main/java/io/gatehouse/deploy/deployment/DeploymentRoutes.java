package io.gatehouse.deploy.deployment;

import io.gatehouse.dast.report.ScanReport;
import io.gatehouse.deploy.access.Principal;
import io.gatehouse.deploy.gate.DastGateReports;
import io.gatehouse.deploy.review.ReviewDecision;
import io.gatehouse.deploy.server.ApiException;
import io.gatehouse.deploy.server.ApiJson;
import io.gatehouse.deploy.server.RequestBodies;
import io.gatehouse.deploy.server.RouteGroup;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;

/**
 * The deployment API under {@code /api/v1/deployments}: requests, listing, reviews, status, cancel,
 * bypass, DAST reports for {@code dast} gates, and the events as server-sent events or by long
 * poll.
 */
public final class DeploymentRoutes implements RouteGroup {
  /** How often an idle event stream sends a comment, so that proxies keep it open. */
  static final Duration HEARTBEAT = Duration.ofSeconds(15);

  /** How often listeners re-read the database, for changes made by other replicas. */
  static final Duration REREAD = Duration.ofSeconds(1);

  /** The longest long poll. */
  static final int MAX_POLL_SECONDS = 60;

  private static final String BASE = "/api/v1/deployments";
  private static final int PAGE = 100;

  private final DeploymentService service;
  private final Function<Context, Principal> authenticator;
  private final String base;
  private final Duration heartbeat;

  private DeploymentRoutes(
      DeploymentService service,
      Function<Context, Principal> authenticator,
      String base,
      Duration heartbeat) {
    this.service = service;
    this.authenticator = authenticator;
    this.base = base;
    this.heartbeat = heartbeat;
  }

  /**
   * The routes of this service.
   *
   * @param authenticator the caller of a request; throws a 401 {@link ApiException} when there is
   *     none
   */
  public static DeploymentRoutes create(
      DeploymentService service, Function<Context, Principal> authenticator) {
    return new DeploymentRoutes(service, authenticator, BASE, HEARTBEAT);
  }

  /**
   * The same routes under another base path, for a second instance beside the first, with another
   * heartbeat interval.
   */
  static DeploymentRoutes create(
      DeploymentService service,
      Function<Context, Principal> authenticator,
      String base,
      Duration heartbeat) {
    return new DeploymentRoutes(service, authenticator, base, heartbeat);
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.post(base, this::create);
    routes.get(base, this::list);
    routes.get(base + "/{id}", ctx -> ctx.json(service.get(caller(ctx), id(ctx))));
    routes.post(base + "/{id}/reviews", this::review);
    routes.post(base + "/{id}/status", this::status);
    routes.post(base + "/{id}/cancel", this::cancel);
    routes.post(base + "/{id}/bypass", this::bypass);
    routes.post(base + "/{id}/dast-report", this::dastReport);
    routes.get(base + "/{id}/events", this::stream);
    routes.get(base + "/{id}/events/poll", this::poll);
  }

  record ReviewBody(String decision, String comment) {}

  record StatusBody(String state, String logUrl, String description) {}

  record CommentBody(String comment) {}

  record PollAnswer(List<DeploymentEvent> events, Deployment deployment) {}

  private void create(Context ctx) {
    Principal principal = caller(ctx);
    DeploymentRequest request = RequestBodies.read(ctx, DeploymentRequest.class);
    ctx.status(201).json(service.create(principal, request));
  }

  private void list(Context ctx) {
    Principal principal = caller(ctx);
    int limit = intParam(ctx, "limit", 50, 1, PAGE);
    Optional<Long> before =
        Optional.ofNullable(ctx.queryParam("before")).map(b -> longParam("before", b));
    Optional<DeploymentState> state =
        Optional.ofNullable(ctx.queryParam("state"))
            .map(
                s ->
                    DeploymentState.parse(s)
                        .orElseThrow(
                            () ->
                                new ApiException(
                                    400, "invalid_request", "unknown state in 'state'")));
    ctx.json(
        service.list(
            principal,
            Optional.ofNullable(ctx.queryParam("project")),
            Optional.ofNullable(ctx.queryParam("environment")),
            state,
            before,
            limit));
  }

  private void review(Context ctx) {
    Principal principal = caller(ctx);
    long id = id(ctx);
    ReviewBody body = RequestBodies.read(ctx, ReviewBody.class);
    ReviewDecision decision =
        ReviewDecision.parse(body.decision() == null ? "" : body.decision())
            .orElseThrow(
                () ->
                    new ApiException(
                        400, "invalid_request", "field 'decision' must be approve or reject"));
    ctx.json(service.review(principal, id, decision, body.comment()));
  }

  private void status(Context ctx) {
    Principal principal = caller(ctx);
    long id = id(ctx);
    StatusBody body = RequestBodies.read(ctx, StatusBody.class);
    ctx.json(
        service.status(
            principal,
            id,
            body.state(),
            Optional.ofNullable(body.logUrl()),
            Optional.ofNullable(body.description())));
  }

  private void cancel(Context ctx) {
    Principal principal = caller(ctx);
    long id = id(ctx);
    CommentBody body = RequestBodies.read(ctx, CommentBody.class);
    ctx.json(service.cancel(principal, id, body.comment()));
  }

  private void bypass(Context ctx) {
    Principal principal = caller(ctx);
    long id = id(ctx);
    CommentBody body = RequestBodies.read(ctx, CommentBody.class);
    ctx.json(service.bypass(principal, id, body.comment()));
  }

  /**
   * The JSON report of {@code gatehouse scan} for a {@code dast} gate in report mode, from the
   * deployment's job; {@code ?gate=NAME} when the deployment has several such gates.
   */
  private void dastReport(Context ctx) throws IOException {
    Principal principal = caller(ctx);
    long id = id(ctx);
    String contentType = ctx.contentType();
    if (contentType == null
        || !contentType.toLowerCase(Locale.ROOT).strip().startsWith("application/json")) {
      throw new ApiException(
          415, "unsupported_media_type", "the report must be sent as application/json");
    }
    byte[] body;
    try (InputStream in = ctx.req().getInputStream()) {
      body = in.readNBytes(DastGateReports.MAX_BYTES + 1);
    }
    ScanReport report = DastGateReports.parse(body);
    Optional<String> gate = Optional.ofNullable(ctx.queryParam("gate"));
    DastGateReports.Accepted accepted = service.dastReport(principal, id, gate, report);
    ctx.status(201).json(accepted);
  }

  private void poll(Context ctx) throws InterruptedException {
    Principal principal = caller(ctx);
    long id = id(ctx);
    long after =
        Optional.ofNullable(ctx.queryParam("after")).map(a -> longParam("after", a)).orElse(0L);
    int timeout = intParam(ctx, "timeout", 30, 0, MAX_POLL_SECONDS);
    long deadline = System.nanoTime() + Duration.ofSeconds(timeout).toNanos();
    BooleanSupplier stopping = serverStopping(ctx);
    try (DeploymentEventBus.Listener listener = service.bus().subscribe(id)) {
      while (true) {
        List<DeploymentEvent> events = service.events(principal, id, after, PAGE);
        long left = deadline - System.nanoTime();
        if (!events.isEmpty() || left <= 0 || stopping.getAsBoolean()) {
          ctx.json(new PollAnswer(events, service.get(principal, id)));
          return;
        }
        listener.await(Duration.ofNanos(Math.min(left, REREAD.toNanos())));
      }
    }
  }

  private void stream(Context ctx) throws InterruptedException {
    Principal principal = caller(ctx);
    long id = id(ctx);
    long after = lastEventId(ctx);
    Deployment deployment = service.get(principal, id);
    BooleanSupplier stopping = serverStopping(ctx);
    ctx.res().setStatus(200);
    ctx.res().setContentType("text/event-stream; charset=utf-8");
    ctx.res().setHeader("X-Accel-Buffering", "no");
    try (DeploymentEventBus.Listener listener = service.bus().subscribe(id)) {
      OutputStream out = ctx.res().getOutputStream();
      out.write(": deployment events\n\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      boolean ended = DeploymentState.parse(deployment.state()).orElseThrow().terminal();
      long nextHeartbeat = System.nanoTime() + heartbeat.toNanos();
      while (true) {
        List<DeploymentEvent> events = service.events(principal, id, after, PAGE);
        for (DeploymentEvent event : events) {
          out.write(frame(event));
          after = event.seq();
          if (DeploymentState.parse(event.state()).orElseThrow().terminal()) {
            out.flush();
            return;
          }
        }
        if ((events.isEmpty() && ended) || stopping.getAsBoolean()) {
          return;
        }
        out.flush();
        if (events.size() == PAGE) {
          continue;
        }
        long now = System.nanoTime();
        if (now >= nextHeartbeat) {
          out.write(": heartbeat\n\n".getBytes(StandardCharsets.UTF_8));
          out.flush();
          nextHeartbeat = now + heartbeat.toNanos();
        }
        listener.await(Duration.ofNanos(Math.min(REREAD.toNanos(), nextHeartbeat - now)));
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  /**
   * Whether the server is shutting down: open streams and polls then end, so that a graceful stop
   * need not wait for their clients.
   */
  private static BooleanSupplier serverStopping(Context ctx) {
    ServletContextHandler handler =
        ServletContextHandler.getServletContextHandler(ctx.req().getServletContext());
    Server server = handler == null ? null : handler.getServer();
    if (server == null) {
      return () -> false;
    }
    return () -> server.isStopping() || server.isStopped();
  }

  private static byte[] frame(DeploymentEvent event) throws IOException {
    String data = ApiJson.mapper().writeValueAsString(event);
    return ("id: " + event.seq() + "\nevent: " + event.type() + "\ndata: " + data + "\n\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static long lastEventId(Context ctx) {
    String header = ctx.header("Last-Event-ID");
    if (header == null || header.isBlank()) {
      return 0;
    }
    try {
      return Math.max(0, Long.parseLong(header.strip()));
    } catch (NumberFormatException e) {
      throw new ApiException(400, "invalid_request", "Last-Event-ID must be an event number");
    }
  }

  private Principal caller(Context ctx) {
    return authenticator.apply(ctx);
  }

  private static long id(Context ctx) {
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

  private static long longParam(String name, String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new ApiException(
          400, "invalid_request", "query parameter '" + name + "' must be a number");
    }
  }

  private static int intParam(Context ctx, String name, int fallback, int min, int max) {
    String value = ctx.queryParam(name);
    if (value == null) {
      return fallback;
    }
    long parsed = longParam(name, value);
    if (parsed < min || parsed > max) {
      throw new ApiException(
          400,
          "invalid_request",
          "query parameter '" + name + "' must be between " + min + " and " + max);
    }
    return (int) parsed;
  }
}
