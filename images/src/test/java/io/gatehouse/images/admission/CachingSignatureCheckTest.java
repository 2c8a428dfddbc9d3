package io.gatehouse.images.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.images.policy.PublicKeyPem;
import io.gatehouse.images.policy.SignatureRequirement;
import io.gatehouse.images.policy.TrustedSource;
import io.gatehouse.images.reference.ImageReference;
import io.gatehouse.images.signature.KeyPairs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CachingSignatureCheckTest {
  private static final ImageReference IMAGE = ImageReference.parse("myacr.azurecr.io/app:1");
  private static final SignatureRequirement REQUIREMENT =
      new SignatureRequirement(
          TrustedSource.parse("myacr.azurecr.io"),
          List.of(
              new PublicKeyPem("test", KeyPairs.publicKeyPem(KeyPairs.generate().getPublic()))));
  private static final CachingSignatureCheck.Settings SETTINGS =
      new CachingSignatureCheck.Settings(
          100, Duration.ofMinutes(5), Duration.ofMinutes(1), Duration.ofSeconds(5));

  /** A clock the test moves by hand. */
  private static final class MovableClock extends Clock {
    private Instant now = Instant.parse("2026-11-22T10:00:00Z");

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  @Test
  void check_verifiedOutcome_isReusedUntilItsTtl() {
    AtomicInteger calls = new AtomicInteger();
    MovableClock clock = new MovableClock();
    List<Boolean> lookups = new ArrayList<>();
    CachingSignatureCheck cache =
        new CachingSignatureCheck(
            (image, requirement) -> {
              calls.incrementAndGet();
              return SignatureOutcome.verified("sha256:" + "a".repeat(64), "signed");
            },
            SETTINGS,
            clock,
            lookups::add);

    cache.check(IMAGE, REQUIREMENT);
    clock.advance(Duration.ofMinutes(4));
    cache.check(IMAGE, REQUIREMENT);
    clock.advance(Duration.ofMinutes(2));
    cache.check(IMAGE, REQUIREMENT);

    assertThat(calls.get()).isEqualTo(2);
    assertThat(lookups).containsExactly(false, true, false);
  }

  @Test
  void check_registryUnavailable_isReusedOnlyBriefly() {
    AtomicInteger calls = new AtomicInteger();
    MovableClock clock = new MovableClock();
    CachingSignatureCheck cache =
        new CachingSignatureCheck(
            (image, requirement) -> {
              calls.incrementAndGet();
              return SignatureOutcome.registryUnavailable("timed out");
            },
            SETTINGS,
            clock,
            hit -> {});

    cache.check(IMAGE, REQUIREMENT);
    clock.advance(Duration.ofSeconds(4));
    cache.check(IMAGE, REQUIREMENT);
    clock.advance(Duration.ofSeconds(2));
    cache.check(IMAGE, REQUIREMENT);

    assertThat(calls.get()).isEqualTo(2);
  }

  @Test
  void check_concurrentMisses_askTheRegistryOnce() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    CachingSignatureCheck cache =
        new CachingSignatureCheck(
            (image, requirement) -> {
              calls.incrementAndGet();
              await(release);
              return SignatureOutcome.verified("sha256:" + "b".repeat(64), "signed");
            },
            SETTINGS,
            new MovableClock(),
            hit -> {});
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      List<Future<SignatureOutcome>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        results.add(pool.submit(() -> cache.check(IMAGE, REQUIREMENT)));
      }
      Thread.sleep(200);
      release.countDown();

      for (Future<SignatureOutcome> result : results) {
        assertThat(result.get(10, TimeUnit.SECONDS).verified()).isTrue();
      }
    }
    assertThat(calls.get()).isEqualTo(1);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
