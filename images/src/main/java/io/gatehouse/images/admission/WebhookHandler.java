package io.gatehouse.images.admission;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/** Routes the webhook's few paths; every answer is JSON except the metrics. */
final class WebhookHandler extends Handler.Abstract {
  private static final String JSON = "application/json";
  private static final byte[] HEALTHY = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
  private static final byte[] READY = "{\"status\":\"ready\"}".getBytes(StandardCharsets.UTF_8);
  private static final byte[] NOT_READY =
      "{\"status\":\"not ready\",\"reason\":\"namespace labels are not synced yet\"}"
          .getBytes(StandardCharsets.UTF_8);

  private final AdmissionController controller;
  private final AdmissionMetrics metrics;
  private final int maxRequestBytes;
  private final BooleanSupplier ready;

  WebhookHandler(
      AdmissionController controller,
      AdmissionMetrics metrics,
      int maxRequestBytes,
      BooleanSupplier ready) {
    this.controller = controller;
    this.metrics = metrics;
    this.maxRequestBytes = maxRequestBytes;
    this.ready = ready;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    String method = request.getMethod();
    switch (path) {
      case "/validate", "/mutate" -> {
        if (!method.equals("POST")) {
          send(response, callback, 405, JSON, error("method_not_allowed", "use POST"));
        } else {
          review(request, response, callback, path.equals("/mutate"));
        }
      }
      case "/healthz" -> get(method, response, callback, JSON, HEALTHY);
      case "/readyz" -> readiness(method, response, callback);
      case "/metrics" ->
          get(
              method,
              response,
              callback,
              "text/plain; version=0.0.4; charset=utf-8",
              metrics.scrape().getBytes(StandardCharsets.UTF_8));
      default -> send(response, callback, 404, JSON, error("not_found", "no such path"));
    }
    return true;
  }

  private void review(Request request, Response response, Callback callback, boolean mutate) {
    String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith(JSON)) {
      send(response, callback, 415, JSON, error("unsupported_media_type", "send application/json"));
      return;
    }
    if (request.getLength() > maxRequestBytes) {
      send(response, callback, 413, JSON, tooLarge());
      return;
    }
    new BodyReader(request, response, callback, mutate).run();
  }

  private void answer(
      byte[] body, int offset, int length, Response response, Callback callback, boolean mutate) {
    AdmissionController.Reply reply = controller.review(body, offset, length, mutate);
    send(response, callback, reply.status(), JSON, reply.body());
  }

  /**
   * Reads a review body, up to the size limit, and answers it. The usual review arrives whole with
   * its headers: it is judged from that one chunk, in place. Otherwise the chunks are gathered as
   * they arrive. Runs where blocking is allowed (to Jetty a plain {@code Runnable} is a blocking
   * task), as the decision may wait on registries.
   */
  private final class BodyReader implements Runnable {
    private final Request request;
    private final Response response;
    private final Callback callback;
    private final boolean mutate;
    private ByteArrayOutputStream gathered;

    BodyReader(Request request, Response response, Callback callback, boolean mutate) {
      this.request = request;
      this.response = response;
      this.callback = callback;
      this.mutate = mutate;
    }

    @Override
    public void run() {
      while (true) {
        Content.Chunk chunk = request.read();
        if (chunk == null) {
          request.demand(this);
          return;
        }
        if (!accept(chunk)) {
          return;
        }
      }
    }

    /** Takes the chunk and releases it; false once the review is answered or refused. */
    private boolean accept(Content.Chunk chunk) {
      try {
        if (Content.Chunk.isFailure(chunk)) {
          send(
              response,
              callback,
              400,
              JSON,
              error("invalid_request", "the request body could not be read"));
          return false;
        }
        ByteBuffer buffer = chunk.getByteBuffer();
        int before = gathered == null ? 0 : gathered.size();
        if (before + (long) buffer.remaining() > maxRequestBytes) {
          send(response, callback, 413, JSON, tooLarge());
          return false;
        }
        long declared = request.getLength();
        boolean ends = chunk.isLast() || (declared >= 0 && before + buffer.remaining() == declared);
        if (ends && gathered == null && buffer.hasArray()) {
          answer(
              buffer.array(),
              buffer.arrayOffset() + buffer.position(),
              buffer.remaining(),
              response,
              callback,
              mutate);
          return false;
        }
        if (gathered == null) {
          gathered = new ByteArrayOutputStream(buffer.remaining());
        }
        gathered.writeBytes(BufferUtil.toArray(buffer));
        if (ends) {
          byte[] body = gathered.toByteArray();
          answer(body, 0, body.length, response, callback, mutate);
          return false;
        }
        return true;
      } finally {
        chunk.release();
      }
    }
  }

  private byte[] tooLarge() {
    return error(
        "payload_too_large", "an AdmissionReview may be at most " + maxRequestBytes + " bytes");
  }

  private void readiness(String method, Response response, Callback callback) {
    if (ready.getAsBoolean()) {
      get(method, response, callback, JSON, READY);
    } else if (method.equals("GET") || method.equals("HEAD")) {
      send(response, callback, 503, JSON, NOT_READY);
    } else {
      send(response, callback, 405, JSON, error("method_not_allowed", "use GET"));
    }
  }

  private static void get(
      String method, Response response, Callback callback, String type, byte[] body) {
    if (method.equals("GET") || method.equals("HEAD")) {
      send(response, callback, 200, type, body);
    } else {
      send(response, callback, 405, JSON, error("method_not_allowed", "use GET"));
    }
  }

  private static byte[] error(String code, String message) {
    return AdmissionReviews.error(code, message);
  }

  private static void send(
      Response response, Callback callback, int status, String type, byte[] body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    response.write(true, ByteBuffer.wrap(body), callback);
  }
}
