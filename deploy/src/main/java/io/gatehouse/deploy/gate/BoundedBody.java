package io.gatehouse.deploy.gate;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads a response body up to a limit and stops reading there, so that an endless or huge answer
 * costs at most the limit in memory.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<BoundedBody.Result> {
  /** What was read: at most the limit, and whether the body was longer. */
  static final class Result {
    private final byte[] bytes;
    private final boolean truncated;

    Result(byte[] bytes, boolean truncated) {
      this.bytes = bytes;
      this.truncated = truncated;
    }

    /** The bytes read, at most the limit; the caller must not change them. */
    byte[] bytes() {
      return bytes;
    }

    /** Whether the body was longer than the limit. */
    boolean truncated() {
      return truncated;
    }
  }

  private final int limit;
  private final ByteArrayOutputStream read = new ByteArrayOutputStream();
  private final CompletableFuture<Result> result = new CompletableFuture<>();
  private Flow.Subscription subscription;

  private BoundedBody(int limit) {
    this.limit = limit;
  }

  /** A handler whose bodies are read up to {@code limit} bytes. */
  static HttpResponse.BodyHandler<Result> handler(int limit) {
    return info -> new BoundedBody(limit);
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    s.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer buffer : buffers) {
      int take = Math.min(buffer.remaining(), limit + 1 - read.size());
      byte[] chunk = new byte[take];
      buffer.get(chunk);
      read.write(chunk, 0, take);
      if (read.size() > limit) {
        subscription.cancel();
        result.complete(new Result(Arrays.copyOf(read.toByteArray(), limit), true));
        return;
      }
    }
    subscription.request(1);
  }

  @Override
  public void onError(Throwable error) {
    result.completeExceptionally(error);
  }

  @Override
  public void onComplete() {
    result.complete(new Result(read.toByteArray(), false));
  }

  @Override
  public CompletionStage<Result> getBody() {
    return result;
  }
}
