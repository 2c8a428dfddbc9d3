package io.gatehouse.dast.http;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the scan's HTTP client behaves.
 *
 * @param scope the URLs it may request
 * @param requestsPerSecond the most requests started per second, over all threads
 * @param concurrency the most requests in flight at once
 * @param timeout the longest one request may take, from sending to the end of the bounded body
 * @param maxBodyBytes the most bytes of a body read; the rest is discarded
 * @param maxRedirects the most redirects followed for one request
 * @param headers headers sent with every request (authentication, cookies)
 */
public record HttpSettings(
    Scope scope,
    double requestsPerSecond,
    int concurrency,
    Duration timeout,
    int maxBodyBytes,
    int maxRedirects,
    Map<String, String> headers) {
  /** The user agent the scanner sends unless {@code headers} sets another. */
  public static final String USER_AGENT = "Gatehouse-DAST/0.1";

  public HttpSettings {
    require(requestsPerSecond > 0 && requestsPerSecond <= 10_000, "rate", requestsPerSecond);
    require(concurrency >= 1 && concurrency <= 256, "concurrency", concurrency);
    require(
        !timeout.isNegative()
            && !timeout.isZero()
            && timeout.compareTo(Duration.ofMinutes(10)) <= 0,
        "timeout",
        timeout);
    require(maxBodyBytes >= 1024 && maxBodyBytes <= 64 << 20, "maxBodyBytes", maxBodyBytes);
    require(maxRedirects >= 0 && maxRedirects <= 50, "maxRedirects", maxRedirects);
    headers = Map.copyOf(new LinkedHashMap<>(headers));
  }

  /** Defaults for {@code scope}: 20 requests/s, 4 at once, 10 s, 2 MiB, 10 redirects. */
  public static HttpSettings defaults(Scope scope) {
    return new HttpSettings(scope, 20, 4, Duration.ofSeconds(10), 2 << 20, 10, Map.of());
  }

  /** These settings with another rate and concurrency. */
  public HttpSettings withLimits(double rate, int maxInFlight) {
    return new HttpSettings(scope, rate, maxInFlight, timeout, maxBodyBytes, maxRedirects, headers);
  }

  /** These settings with another timeout and body size limit. */
  public HttpSettings withBounds(Duration requestTimeout, int bodyLimit) {
    return new HttpSettings(
        scope, requestsPerSecond, concurrency, requestTimeout, bodyLimit, maxRedirects, headers);
  }

  /** These settings with headers sent on every request. */
  public HttpSettings withHeaders(Map<String, String> extra) {
    return new HttpSettings(
        scope, requestsPerSecond, concurrency, timeout, maxBodyBytes, maxRedirects, extra);
  }

  private static void require(boolean condition, String name, Object value) {
    if (!condition) {
      throw new IllegalArgumentException(name + " out of range: " + value);
    }
  }
}
