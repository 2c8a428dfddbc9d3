package io.gatehouse.images.registry;

import java.time.Duration;

/**
 * Told about every HTTP request the client makes, for metrics. Called on the calling thread after
 * the response headers arrive or the request fails; it must be fast and must not throw.
 */
@FunctionalInterface
public interface RegistryListener {
  /** How one HTTP request ended. */
  enum Outcome {
    /** 2xx or 3xx. */
    SUCCESS,
    /** 4xx, including the 401 that starts an authentication round. */
    CLIENT_ERROR,
    /** 5xx. */
    SERVER_ERROR,
    /** No response: unreachable, timed out, or the connection broke. */
    FAILED
  }

  /**
   * One request finished.
   *
   * @param registry the registry host
   * @param operation what the request was for, such as {@code manifest.get} or {@code token}
   * @param outcome how it ended
   * @param duration how long it took
   */
  void requestCompleted(String registry, String operation, Outcome outcome, Duration duration);

  /** A listener that does nothing. */
  static RegistryListener noop() {
    return (registry, operation, outcome, duration) -> {};
  }
}
