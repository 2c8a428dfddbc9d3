package io.gatehouse.deploy.notify;

import java.time.Duration;

/**
 * How the {@link DeliveryWorker} sends.
 *
 * @param interval how often it looks for due deliveries
 * @param lease how long a claimed delivery stays with one worker; longer than a request can take
 * @param firstRetry the delay after the first failure; doubled after each further failure
 * @param maxRetry the longest delay between attempts
 * @param maxAttempts the attempts after which a delivery is given up
 * @param connectTimeout the longest wait for a connection
 * @param requestTimeout the longest wait for the answer's status
 * @param batch the most deliveries claimed, and sent at once, per round
 */
public record DeliverySettings(
    Duration interval,
    Duration lease,
    Duration firstRetry,
    Duration maxRetry,
    int maxAttempts,
    Duration connectTimeout,
    Duration requestTimeout,
    int batch) {
  /** Checks that every duration is positive and the counts at least 1. */
  public DeliverySettings {
    for (Duration d : new Duration[] {interval, lease, firstRetry, maxRetry, connectTimeout}) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("delivery durations must be positive: " + d);
      }
    }
    if (requestTimeout.isNegative() || requestTimeout.isZero() || maxAttempts < 1 || batch < 1) {
      throw new IllegalArgumentException("delivery timeout, attempts and batch must be positive");
    }
  }

  /**
   * Every second; 60 s leases; retries after 1 s, 2 s, 4 s … up to 10 min, at most 10 attempts;
   * connect within 5 s, answer within 10 s; 16 at once.
   */
  public static DeliverySettings defaults() {
    return new DeliverySettings(
        Duration.ofSeconds(1),
        Duration.ofSeconds(60),
        Duration.ofSeconds(1),
        Duration.ofMinutes(10),
        10,
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        16);
  }

  /** These settings with another polling interval. */
  public DeliverySettings withInterval(Duration every) {
    return new DeliverySettings(
        every, lease, firstRetry, maxRetry, maxAttempts, connectTimeout, requestTimeout, batch);
  }

  /** These settings with another retry schedule. */
  public DeliverySettings withRetries(Duration first, Duration max, int attempts) {
    return new DeliverySettings(
        interval, lease, first, max, attempts, connectTimeout, requestTimeout, batch);
  }

  /**
   * The delay after the {@code failures}-th failure: {@code firstRetry} doubled per earlier
   * failure, capped at {@code maxRetry}, then shortened by up to a quarter by {@code jitter} (0 to
   * 1) so that many failed deliveries do not retry in step.
   */
  Duration retryDelay(int failures, double jitter) {
    int doublings = Math.min(Math.max(failures - 1, 0), 40);
    long millis = firstRetry.toMillis();
    long max = maxRetry.toMillis();
    for (int i = 0; i < doublings && millis < max; i++) {
      millis *= 2;
    }
    millis = Math.min(millis, max);
    return Duration.ofMillis(millis - (long) (millis * 0.25 * jitter));
  }
}
