package io.gatehouse.deploy.oidc;

import java.time.Duration;

/**
 * How the issuer's signing keys are kept.
 *
 * @param rotationPeriod how long a key signs before the scheduled rotation replaces it; at least
 *     one hour
 * @param checkInterval how often a replica checks whether a rotation is due and removes keys whose
 *     tokens have all expired
 * @param refreshInterval how often a replica re-reads the keys, to learn of a rotation made by
 *     another replica; at most one minute
 */
public record IssuerSettings(
    Duration rotationPeriod, Duration checkInterval, Duration refreshInterval) {
  /** The defaults: rotation every 30 days, checked every minute, keys re-read every 5 s. */
  public static IssuerSettings defaults() {
    return new IssuerSettings(Duration.ofDays(30), Duration.ofMinutes(1), Duration.ofSeconds(5));
  }

  /** Checks the bounds. */
  public IssuerSettings {
    if (rotationPeriod.compareTo(Duration.ofHours(1)) < 0) {
      throw new IllegalArgumentException(
          "the signing key rotation period must be at least 1h: " + rotationPeriod);
    }
    if (checkInterval.isNegative() || checkInterval.isZero()) {
      throw new IllegalArgumentException(
          "the signing key check interval must be positive: " + checkInterval);
    }
    if (refreshInterval.isNegative()
        || refreshInterval.isZero()
        || refreshInterval.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new IllegalArgumentException(
          "the signing key refresh interval must be between 1 ms and 1 minute: " + refreshInterval);
    }
  }

  /** These settings with another rotation period. */
  public IssuerSettings withRotationPeriod(Duration period) {
    return new IssuerSettings(period, checkInterval, refreshInterval);
  }
}
