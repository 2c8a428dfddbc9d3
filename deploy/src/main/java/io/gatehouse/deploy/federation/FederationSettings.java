package io.gatehouse.deploy.federation;

import java.time.Duration;

/**
 * How token exchange treats remote issuers and what it hands out.
 *
 * @param allowHttpIssuers whether an issuer (and its JWKS) may be fetched over plain HTTP; only for
 *     development and tests, never in production: without TLS anyone on the path can substitute
 *     keys
 * @param fetchTimeout the longest wait for an issuer's discovery document or JWKS, connection
 *     included
 * @param keysTtl how long fetched keys are used before they are fetched again
 * @param refetchInterval the shortest time between two fetches of one issuer's keys caused by an
 *     unknown {@code kid} or a failed fetch (rate limit)
 * @param accessTokenLifetime the lifetime of the Gatehouse access tokens handed out
 */
public record FederationSettings(
    boolean allowHttpIssuers,
    Duration fetchTimeout,
    Duration keysTtl,
    Duration refetchInterval,
    Duration accessTokenLifetime) {
  /** The longest access token lifetime. */
  public static final Duration MAX_ACCESS_TOKEN_LIFETIME = Duration.ofHours(1);

  /** Checks the values. */
  public FederationSettings {
    positive(fetchTimeout, "fetchTimeout");
    positive(keysTtl, "keysTtl");
    if (refetchInterval.isNegative()) {
      throw new IllegalArgumentException("refetchInterval cannot be negative: " + refetchInterval);
    }
    if (accessTokenLifetime.compareTo(Duration.ofMinutes(1)) < 0
        || accessTokenLifetime.compareTo(MAX_ACCESS_TOKEN_LIFETIME) > 0) {
      throw new IllegalArgumentException(
          "accessTokenLifetime must be from 1 minute to 1 hour: " + accessTokenLifetime);
    }
  }

  /**
   * The defaults: https issuers only, 5 s fetches, keys kept 10 minutes, at most one extra fetch
   * per issuer every 30 s, 15-minute access tokens.
   */
  public static FederationSettings defaults() {
    return new FederationSettings(
        false,
        Duration.ofSeconds(5),
        Duration.ofMinutes(10),
        Duration.ofSeconds(30),
        Duration.ofMinutes(15));
  }

  /** These settings allowing plain-HTTP issuers, or not (development and tests only). */
  public FederationSettings withAllowHttpIssuers(boolean allow) {
    return new FederationSettings(
        allow, fetchTimeout, keysTtl, refetchInterval, accessTokenLifetime);
  }

  /** These settings with other fetch timings. */
  public FederationSettings withFetching(Duration timeout, Duration ttl, Duration refetch) {
    return new FederationSettings(allowHttpIssuers, timeout, ttl, refetch, accessTokenLifetime);
  }

  /** These settings with another access token lifetime. */
  public FederationSettings withAccessTokenLifetime(Duration lifetime) {
    return new FederationSettings(
        allowHttpIssuers, fetchTimeout, keysTtl, refetchInterval, lifetime);
  }

  private static void positive(Duration value, String name) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }
}
