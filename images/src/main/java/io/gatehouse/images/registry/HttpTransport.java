package io.gatehouse.images.registry;

import io.gatehouse.images.registry.RegistryException.Reason;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends one HTTP request, bounded in time (the whole exchange, body included) and in body size, and
 * reports it to the listener. Never follows redirects; never retries.
 */
final class HttpTransport implements AutoCloseable {
  private final HttpClient http;
  private final Duration requestTimeout;
  private final RegistryListener listener;
  private final Clock clock;

  HttpTransport(
      Duration connectTimeout, Duration requestTimeout, RegistryListener listener, Clock clock) {
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.requestTimeout = requestTimeout;
    this.listener = listener;
    this.clock = clock;
  }

  RegistryResponse send(RegistryCall call, Optional<String> authorization) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(call.uri())
            .timeout(requestTimeout)
            .method(call.method(), call.body());
    call.headers().forEach(request::header);
    authorization.ifPresent(value -> request.header("Authorization", value));
    Instant start = clock.instant();
    CompletableFuture<HttpResponse<byte[]>> future =
        http.sendAsync(request.build(), info -> bodySubscriber(call, info));
    try {
      HttpResponse<byte[]> response = future.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
      report(call, outcome(response.statusCode()), start);
      return new RegistryResponse(
          response.statusCode(), response.headers(), response.body(), call.uri());
    } catch (TimeoutException e) {
      future.cancel(true);
      report(call, RegistryListener.Outcome.FAILED, start);
      throw call.fail(Reason.TIMEOUT, call.operation() + ": no answer within " + requestTimeout);
    } catch (ExecutionException e) {
      report(call, RegistryListener.Outcome.FAILED, start);
      throw failure(call, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(true);
      throw call.fail(Reason.UNREACHABLE, call.operation() + ": interrupted", e);
    }
  }

  @Override
  public void close() {
    http.close();
  }

  private static HttpResponse.BodySubscriber<byte[]> bodySubscriber(
      RegistryCall call, HttpResponse.ResponseInfo info) {
    if (call.method().equals("HEAD") || info.statusCode() >= 300) {
      return HttpResponse.BodySubscribers.replacing(new byte[0]);
    }
    return new BoundedBodySubscriber(
        call.maxBody(), info.headers().firstValueAsLong("Content-Length"));
  }

  private RegistryException failure(RegistryCall call, Throwable cause) {
    String what = call.operation() + " to " + call.uri().getHost();
    if (cause instanceof BoundedBodySubscriber.TooLargeException) {
      return call.fail(
          Reason.TOO_LARGE, call.operation() + ": response larger than " + call.maxBody() + " B");
    }
    if (cause instanceof HttpTimeoutException) {
      return call.fail(Reason.TIMEOUT, what + ": no answer within the timeout", cause);
    }
    if (cause instanceof IOException) {
      return call.fail(
          Reason.UNREACHABLE, what + " failed: " + cause.getClass().getSimpleName(), cause);
    }
    return call.fail(Reason.PROTOCOL_ERROR, what + " failed unexpectedly", cause);
  }

  private void report(RegistryCall call, RegistryListener.Outcome outcome, Instant start) {
    listener.requestCompleted(
        call.registry(), call.operation(), outcome, Duration.between(start, clock.instant()));
  }

  private static RegistryListener.Outcome outcome(int status) {
    if (status >= 500) {
      return RegistryListener.Outcome.SERVER_ERROR;
    }
    return status >= 400 ? RegistryListener.Outcome.CLIENT_ERROR : RegistryListener.Outcome.SUCCESS;
  }
}
