package io.gatehouse.dast.http;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects at most {@code limit} bytes of a body, then cancels the rest: a huge or never-ending
 * response costs {@code limit} bytes of memory, never more.
 */
final class BoundedBodySubscriber
    implements HttpResponse.BodySubscriber<BoundedBodySubscriber.Body> {
  /** The text read and whether more bytes were discarded. */
  record Body(String text, boolean truncated) {}

  private final int limit;
  private final Charset charset;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private final CompletableFuture<Body> result = new CompletableFuture<>();
  private Flow.Subscription subscription;

  BoundedBodySubscriber(int limit, Charset charset) {
    this.limit = limit;
    this.charset = charset;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    this.subscription = s;
    s.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer item : items) {
      int room = limit - buffer.size();
      int take = Math.min(room, item.remaining());
      byte[] chunk = new byte[take];
      item.get(chunk);
      buffer.write(chunk, 0, take);
      if (item.hasRemaining()) {
        result.complete(new Body(buffer.toString(charset), true));
        subscription.cancel();
        return;
      }
    }
    subscription.request(1);
  }

  @Override
  public void onError(Throwable throwable) {
    result.completeExceptionally(throwable);
  }

  @Override
  public void onComplete() {
    result.complete(new Body(buffer.toString(charset), false));
  }

  @Override
  public CompletionStage<Body> getBody() {
    return result;
  }
}
