package io.gatehouse.deploy.gate;

import io.gatehouse.deploy.server.ApiException;
import io.gatehouse.deploy.server.RequestBodies;
import io.gatehouse.deploy.server.RouteGroup;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/gates/callbacks/{token}} with {@code {"result":"pass"|"fail","detail":"…"}}:
 * the answer of an asynchronous {@code http} gate. There is no bearer authentication: the token in
 * the path is the credential. An unknown, answered or expired token is a 404; an answer is 204.
 */
public final class GateCallbackRoutes implements RouteGroup {
  private static final Logger log = LoggerFactory.getLogger(GateCallbackRoutes.class);

  private final GateCallbacks callbacks;
  private final Clock clock;

  private GateCallbackRoutes(GateCallbacks callbacks, Clock clock) {
    this.callbacks = callbacks;
    this.clock = clock;
  }

  /** The callback route on this database, timing answers with {@code clock}. */
  public static GateCallbackRoutes create(Jdbi jdbi, Clock clock) {
    return new GateCallbackRoutes(
        new GateCallbacks(Objects.requireNonNull(jdbi, "jdbi")),
        Objects.requireNonNull(clock, "clock"));
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.post(HttpGate.CALLBACK_PATH + "{token}", this::answer);
  }

  /**
   * The body of an answer.
   *
   * @param result {@code pass} or {@code fail}
   * @param detail why, shown to the deployment's reviewers; at most 1000 characters
   */
  record Answer(String result, String detail) {
    Answer {
      if (result == null) {
        throw new IllegalArgumentException("field 'result' is required: \"pass\" or \"fail\"");
      }
      if (!result.equals("pass") && !result.equals("fail")) {
        throw new IllegalArgumentException("field 'result' must be \"pass\" or \"fail\"");
      }
      detail = detail == null ? "" : detail;
      if (detail.length() > GateCallbacks.MAX_DETAIL) {
        throw new IllegalArgumentException(
            "field 'detail' must be at most " + GateCallbacks.MAX_DETAIL + " characters");
      }
      detail = printable(detail);
    }

    private static String printable(String text) {
      StringBuilder out = new StringBuilder(text.length());
      text.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
      return out.toString().strip();
    }
  }

  private void answer(Context ctx) {
    String token = ctx.pathParam("token");
    if (!GateCallbacks.TOKEN.matcher(token).matches()) {
      throw unknown();
    }
    Answer answer = RequestBodies.read(ctx, Answer.class);
    if (!callbacks.answer(
        token, answer.result().equals("pass"), answer.detail(), clock.instant())) {
      throw unknown();
    }
    log.info("gate callback answered: {}", answer.result());
    ctx.status(204);
  }

  private static ApiException unknown() {
    return new ApiException(
        404, "not_found", "no such callback: the token is unknown, already answered or expired");
  }
}
