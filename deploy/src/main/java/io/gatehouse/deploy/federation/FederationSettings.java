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
 * @param accessTokenLifetime the lifetime of the Gatehouse access tokens handed out when the
 *     request asks for none
 * @param maxAccessTokenLifetime the longest lifetime a request may ask for ({@code expires_in}):
 *     the job's token must outlive the wait for approval, since the deployment is bound to it
 */
public record FederationSettings(
    boolean allowHttpIssuers,
    Duration fetchTimeout,
    Duration keysTtl,
    Duration refetchInterval,
    Duration accessTokenLifetime,
    Duration maxAccessTokenLifetime) {
  /** The longest lifetime any setting may allow. */
  public static final Duration MAX_ACCESS_TOKEN_LIFETIME = Duration.ofHours(12);

  /** Checks the values. */
  public FederationSettings {
    positive(fetchTimeout, "fetchTimeout");
    positive(keysTtl, "keysTtl");
    if (refetchInterval.isNegative()) {
      throw new IllegalArgumentException("refetchInterval cannot be negative: " + refetchInterval);
    }
    if (maxAccessTokenLifetime.compareTo(Duration.ofMinutes(1)) < 0
        || maxAccessTokenLifetime.compareTo(MAX_ACCESS_TOKEN_LIFETIME) > 0) {
      throw new IllegalArgumentException(
          "maxAccessTokenLifetime must be from 1 minute to 12 hours: " + maxAccessTokenLifetime);
    }
    if (accessTokenLifetime.compareTo(Duration.ofMinutes(1)) < 0
        || accessTokenLifetime.compareTo(maxAccessTokenLifetime) > 0) {
      throw new IllegalArgumentException(
          "accessTokenLifetime must be from 1 minute to maxAccessTokenLifetime: "
              + accessTokenLifetime);
    }
  }

  /**
   * The defaults: https issuers only, 5 s fetches, keys kept 10 minutes, at most one extra fetch
   * per issuer every 30 s, 15-minute access tokens unless a request asks for up to 3 hours.
   */
  public static FederationSettings defaults() {
    return new FederationSettings(
        false,
        Duration.ofSeconds(5),
        Duration.ofMinutes(10),
        Duration.ofSeconds(30),
        Duration.ofMinutes(15),
        Duration.ofHours(3));
  }

  /** These settings allowing plain-HTTP issuers, or not (development and tests only). */
  public FederationSettings withAllowHttpIssuers(boolean allow) {
    return new FederationSettings(
        allow, fetchTimeout, keysTtl, refetchInterval, accessTokenLifetime, maxAccessTokenLifetime);
  }

  /** These settings with other fetch timings. */
  public FederationSettings withFetching(Duration timeout, Duration ttl, Duration refetch) {
    return new FederationSettings(
        allowHttpIssuers, timeout, ttl, refetch, accessTokenLifetime, maxAccessTokenLifetime);
  }

  /** These settings with another default and longest access token lifetime. */
  public FederationSettings withAccessTokenLifetimes(Duration lifetime, Duration longest) {
    return new FederationSettings(
        allowHttpIssuers, fetchTimeout, keysTtl, refetchInterval, lifetime, longest);
  }

  private static void positive(Duration value, String name) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }
}
