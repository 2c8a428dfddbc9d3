package io.gatehouse.deploy.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Times every request into {@code http_server_requests_seconds}, tagged by method, route template
 * (not the raw path, so that the series stay bounded), status and outcome, and writes one access
 * log line per request.
 */
final class HttpMetrics {
  private static final Logger access = LoggerFactory.getLogger("io.gatehouse.access");
  private static final String START = "gatehouse.request.start";
  private static final List<String> QUIET_ROUTES = List.of("/healthz", "/readyz", "/metrics");

  private final MeterRegistry registry;

  HttpMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void install(RoutesConfig routes) {
    routes.before(ctx -> ctx.attribute(START, System.nanoTime()));
    routes.after(this::record);
  }

  private void record(Context ctx) {
    Long start = ctx.attribute(START);
    if (start == null) {
      return;
    }
    long nanos = System.nanoTime() - start;
    int status = ctx.statusCode();
    String route = route(ctx);
    Timer.builder("http.server.requests")
        .description("HTTP requests served")
        .tag("method", ctx.method().name())
        .tag("uri", route)
        .tag("status", Integer.toString(status))
        .tag("outcome", outcome(status))
        .publishPercentileHistogram()
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
    if (QUIET_ROUTES.contains(route)) {
      access.debug("{} {} {} {}ms", ctx.method(), ctx.path(), status, nanos / 1_000_000);
    } else {
      access.info("{} {} {} {}ms", ctx.method(), ctx.path(), status, nanos / 1_000_000);
    }
  }

  private static String route(Context ctx) {
    List<Endpoint> matched = ctx.endpoints().list();
    for (int i = matched.size() - 1; i >= 0; i--) {
      Endpoint endpoint = matched.get(i);
      if (endpoint.method.isHttpMethod() && !endpoint.method.equals(HandlerType.HEAD)) {
        return endpoint.path;
      }
    }
    return ctx.statusCode() == 404 ? "NOT_FOUND" : "UNKNOWN";
  }

  private static String outcome(int status) {
    if (status >= 500) {
      return "SERVER_ERROR";
    }
    if (status >= 400) {
      return "CLIENT_ERROR";
    }
    if (status >= 300) {
      return "REDIRECTION";
    }
    return "SUCCESS";
  }
}
