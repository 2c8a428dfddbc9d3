package io.gatehouse.dast.http;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Spaces request starts evenly: at most {@code perSecond} a second, over every thread. */
final class RateLimiter {
  private final long intervalNanos;

  @GuardedBy("this")
  private long nextSlot;

  RateLimiter(double perSecond) {
    this.intervalNanos = (long) (TimeUnit.SECONDS.toNanos(1) / perSecond);
    this.nextSlot = System.nanoTime();
  }

  /**
   * Blocks until the caller may start a request, or until {@code stopped} opens; returns whether
   * the caller may go on (false: stopped while waiting).
   */
  boolean acquire(CountDownLatch stopped) throws InterruptedException {
    long wait = reserve(System.nanoTime());
    if (wait > 0) {
      return !stopped.await(wait, TimeUnit.NANOSECONDS);
    }
    return stopped.getCount() > 0;
  }

  /** Takes the next free slot and returns how long until it comes. */
  synchronized long reserve(long now) {
    long slot = Math.max(nextSlot, now);
    nextSlot = slot + intervalNanos;
    return slot - now;
  }
}
