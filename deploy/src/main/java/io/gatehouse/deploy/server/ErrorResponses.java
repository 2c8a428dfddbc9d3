package io.gatehouse.deploy.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into {@code {"error":{"code","message"}}}. What the client reads and what the
 * log records are decided apart: an unexpected exception reaches the client only as a reference to
 * the log line that holds the details. No response echoes the request body.
 */
final class ErrorResponses {
  private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MAX_PATH_IN_MESSAGE = 120;

  private ErrorResponses() {}

  static void install(RoutesConfig routes) {
    routes.exception(
        ApiException.class, (e, ctx) -> write(ctx, e.status(), e.code(), e.getMessage()));
    routes.exception(
        HttpResponseException.class,
        (e, ctx) -> write(ctx, e.getStatus(), codeFor(e.getStatus()), clientMessage(e, ctx)));
    routes.exception(Exception.class, ErrorResponses::unexpected);
    routes.error(404, ctx -> writeIfEmpty(ctx, 404, "no route for " + describe(ctx)));
    routes.error(405, ctx -> writeIfEmpty(ctx, 405, "method not allowed: " + describe(ctx)));
  }

  /** Writes the error body with this status. */
  static void write(Context ctx, int status, String code, String message) {
    ctx.status(status).json(new ErrorBody(new ErrorBody.Detail(code, message)));
  }

  /** The error document; a record so that its fields keep their order. */
  record ErrorBody(Detail error) {
    record Detail(String code, String message) {}
  }

  private static void unexpected(Exception e, Context ctx) {
    String reference = HexFormat.of().formatHex(RANDOM.generateSeed(6));
    log.error("{} failed (reference {})", describe(ctx), reference, e);
    write(
        ctx,
        500,
        "internal_error",
        "internal error; the server log has the details under reference " + reference);
  }

  private static void writeIfEmpty(Context ctx, int status, String message) {
    String result = ctx.result();
    if (result == null || result.isEmpty()) {
      write(ctx, status, codeFor(status), message);
    }
  }

  private static String clientMessage(HttpResponseException e, Context ctx) {
    // Javalin's own wording for these two is replaced by ours, which every client sees alike.
    if (e.getStatus() == 404) {
      return "no route for " + describe(ctx);
    }
    if (e.getStatus() == 405) {
      return "method not allowed: " + describe(ctx);
    }
    String message = e.getMessage();
    return message == null || message.isBlank() ? "request refused" : message;
  }

  private static String describe(Context ctx) {
    String path = ctx.path();
    if (path.length() > MAX_PATH_IN_MESSAGE) {
      path = path.substring(0, MAX_PATH_IN_MESSAGE) + "…";
    }
    return ctx.method() + " " + path;
  }

  static String codeFor(int status) {
    return switch (status) {
      case 400 -> "invalid_request";
      case 401 -> "unauthenticated";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 408 -> "request_timeout";
      case 409 -> "conflict";
      case 413 -> "payload_too_large";
      case 415 -> "unsupported_media_type";
      case 429 -> "too_many_requests";
      case 503 -> "unavailable";
      default -> status >= 500 ? "internal_error" : "invalid_request";
    };
  }
}
