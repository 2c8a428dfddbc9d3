package io.gatehouse.images.admission;

import io.gatehouse.images.policy.SignatureRequirement;
import io.gatehouse.images.reference.ImageReference;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Remembers signature outcomes, so that a warm webhook answers without calling registries: a
 * bounded, least-recently-used cache with separate lifetimes for verified images, for definite
 * failures, and for registry outages (short, so that a recovered registry is asked again soon).
 */
public final class CachingSignatureCheck implements SignatureCheck {
  private final SignatureCheck delegate;
  private final Clock clock;
  private final Settings settings;
  private final Consumer<Boolean> hits;
  private final Map<Key, Cached> entries;
  private final ConcurrentHashMap<Key, CompletableFuture<SignatureOutcome>> inFlight =
      new ConcurrentHashMap<>();

  /**
   * Cache settings.
   *
   * @param maxEntries the most outcomes kept; the least recently used go first
   * @param verifiedTtl how long a verified outcome is reused
   * @param unverifiedTtl how long a definite failure is reused
   * @param unavailableTtl how long a registry outage is reused
   */
  public record Settings(
      int maxEntries, Duration verifiedTtl, Duration unverifiedTtl, Duration unavailableTtl) {
    /** The defaults: 10,000 entries; 5 minutes, 1 minute, 5 seconds. */
    public static final Settings DEFAULTS =
        new Settings(10_000, Duration.ofMinutes(5), Duration.ofMinutes(1), Duration.ofSeconds(5));

    /** Checks the bounds. */
    public Settings {
      if (maxEntries < 1) {
        throw new IllegalArgumentException("cache size must be positive: " + maxEntries);
      }
      Objects.requireNonNull(verifiedTtl, "verifiedTtl");
      Objects.requireNonNull(unverifiedTtl, "unverifiedTtl");
      Objects.requireNonNull(unavailableTtl, "unavailableTtl");
    }
  }

  /**
   * Wraps {@code delegate}.
   *
   * @param hits told {@code true} on a hit and {@code false} on a miss, for metrics
   */
  public CachingSignatureCheck(
      SignatureCheck delegate, Settings settings, Clock clock, Consumer<Boolean> hits) {
    this.delegate = delegate;
    this.settings = settings;
    this.clock = clock;
    this.hits = hits;
    this.entries =
        new LinkedHashMap<>(64, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<Key, Cached> eldest) {
            return size() > settings.maxEntries();
          }
        };
  }

  @Override
  public SignatureOutcome check(ImageReference image, SignatureRequirement requirement) {
    Key key = new Key(image.canonical(), requirement);
    Instant now = clock.instant();
    synchronized (entries) {
      Cached entry = entries.get(key);
      if (entry != null && now.isBefore(entry.expiresAt())) {
        hits.accept(true);
        return entry.outcome();
      }
    }
    hits.accept(false);
    CompletableFuture<SignatureOutcome> mine = new CompletableFuture<>();
    CompletableFuture<SignatureOutcome> running = inFlight.putIfAbsent(key, mine);
    if (running != null) {
      // A rollout admits many pods of one image at once: one registry check serves them all.
      return running.join();
    }
    try {
      SignatureOutcome outcome = delegate.check(image, requirement);
      synchronized (entries) {
        entries.put(key, new Cached(outcome, clock.instant().plus(ttl(outcome))));
      }
      mine.complete(outcome);
      return outcome;
    } catch (RuntimeException e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      inFlight.remove(key, mine);
    }
  }

  /** How many outcomes are held. */
  public int size() {
    synchronized (entries) {
      return entries.size();
    }
  }

  private Duration ttl(SignatureOutcome outcome) {
    if (outcome.verified()) {
      return settings.verifiedTtl();
    }
    return outcome.registryUnavailable() ? settings.unavailableTtl() : settings.unverifiedTtl();
  }

  private record Key(String image, SignatureRequirement requirement) {}

  private record Cached(SignatureOutcome outcome, Instant expiresAt) {}
}
