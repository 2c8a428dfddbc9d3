package io.gatehouse.deploy.oidc;

import com.nimbusds.jose.jwk.JWK;
import io.gatehouse.deploy.audit.AuditEvent;
import io.gatehouse.deploy.audit.AuditLog;
import io.gatehouse.deploy.keys.Envelope;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The issuer's signing keys, shared by every replica through the database.
 *
 * <p>Per algorithm there is one <em>active</em> key, which signs; one <em>next</em> key, published
 * in the JWKS ahead of its turn so that relying parties that cached the JWKS already know it when
 * it starts to sign; and <em>retired</em> keys, published until every token they signed has expired
 * ({@link #MAX_TOKEN_LIFETIME} plus {@link #RETENTION_MARGIN} after their retirement), then
 * deleted. A rotation retires the active key, activates the next one and creates a new next one,
 * under a lock on the algorithm's row in {@code signing_key_heads}, so that replicas starting or
 * rotating at once do it once.
 *
 * <p>Each replica keeps the keys in memory and re-reads them every {@link
 * IssuerSettings#refreshInterval()}; the private key of the active key is unsealed only when it
 * changes. Private keys never leave this class other than sealed.
 */
public final class SigningKeys implements AutoCloseable {
  /** The longest lifetime of a token. */
  public static final Duration MAX_TOKEN_LIFETIME = Duration.ofMinutes(60);

  /**
   * How much longer than the longest token a retired key stays published: covers the refresh
   * interval of other replicas, which may still sign with a key for that long after another replica
   * retired it, and the clocks of relying parties.
   */
  public static final Duration RETENTION_MARGIN = Duration.ofMinutes(5);

  private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);
  private static final String AUDIT_SUBJECT = "signing-keys";

  private final Jdbi jdbi;
  private final Envelope seal;
  private final Clock clock;
  private final SecureRandom random;
  private final AuditLog audit;
  private final IssuerSettings settings;
  private final LongSupplier ticker;
  private final ReentrantLock reloading = new ReentrantLock();
  private volatile Ring ring;
  private ScheduledExecutorService schedule;
  private ScheduledFuture<?> scheduled;

  private SigningKeys(
      Jdbi jdbi,
      Envelope seal,
      Clock clock,
      SecureRandom random,
      AuditLog audit,
      IssuerSettings settings,
      LongSupplier ticker) {
    this.jdbi = jdbi;
    this.seal = seal;
    this.clock = clock;
    this.random = random;
    this.audit = audit;
    this.settings = settings;
    this.ticker = ticker;
  }

  /**
   * The keys of this database: created when there are none yet (safe when several replicas start at
   * once), then loaded.
   */
  public static SigningKeys open(
      Jdbi jdbi,
      Envelope seal,
      Clock clock,
      SecureRandom random,
      AuditLog audit,
      IssuerSettings settings) {
    return open(jdbi, seal, clock, random, audit, settings, System::nanoTime);
  }

  static SigningKeys open(
      Jdbi jdbi,
      Envelope seal,
      Clock clock,
      SecureRandom random,
      AuditLog audit,
      IssuerSettings settings,
      LongSupplier ticker) {
    SigningKeys keys = new SigningKeys(jdbi, seal, clock, random, audit, settings, ticker);
    for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
      keys.ensure(algorithm);
    }
    keys.reload();
    return keys;
  }

  /**
   * Starts checking, every {@link IssuerSettings#checkInterval()}, whether a rotation is due and
   * which retired keys can go. Stopped by {@link #close()}.
   */
  public SigningKeys startSchedule() {
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("signing-keys").unstarted(r));
    long every = settings.checkInterval().toMillis();
    ScheduledFuture<?> task =
        executor.scheduleWithFixedDelay(this::maintainQuietly, every, every, TimeUnit.MILLISECONDS);
    synchronized (this) {
      schedule = executor;
      scheduled = task;
    }
    return this;
  }

  @Override
  public synchronized void close() {
    if (schedule != null) {
      scheduled.cancel(false);
      schedule.shutdownNow();
      schedule = null;
    }
  }

  /** The signing key of the algorithm. */
  ActiveKey active(SigningAlgorithm algorithm) {
    return current().active().get(algorithm);
  }

  /** The published keys as a JWKS document. */
  Jwks jwks() {
    return current().jwks();
  }

  /** The kids of the keys that sign now, by algorithm. */
  public Map<SigningAlgorithm, String> activeKids() {
    Map<SigningAlgorithm, String> kids = new EnumMap<>(SigningAlgorithm.class);
    current().active().forEach((algorithm, key) -> kids.put(algorithm, key.kid()));
    return kids;
  }

  /**
   * Rotates the keys of every algorithm now.
   *
   * @param actor who asked, for the audit log
   */
  public Rotation rotate(String actor) {
    List<Rotation.Step> steps = new ArrayList<>();
    for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
      steps.add(jdbi.inTransaction(h -> rotate(h, algorithm, actor, false)).orElseThrow());
    }
    reload();
    return new Rotation(steps);
  }

  /**
   * Rotates the keys whose rotation period has passed and deletes the retired keys whose tokens
   * have all expired; what it did.
   */
  public Rotation maintain() {
    List<Rotation.Step> steps = new ArrayList<>();
    for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
      jdbi.inTransaction(h -> rotate(h, algorithm, "system", true)).ifPresent(steps::add);
    }
    List<String> removed = removeExpired();
    if (!steps.isEmpty() || !removed.isEmpty()) {
      reload();
    } else {
      current();
    }
    return new Rotation(steps);
  }

  private void maintainQuietly() {
    try {
      maintain();
    } catch (RuntimeException e) {
      log.warn("cannot rotate or prune the signing keys: {}", e.toString());
    }
  }

  /** Creates the algorithm's active and next keys when it has none. */
  private void ensure(SigningAlgorithm algorithm) {
    jdbi.useTransaction(
        h -> {
          SigningKeyStore.lockHead(h, algorithm);
          Instant now = clock.instant();
          boolean created = false;
          if (SigningKeyStore.inState(h, algorithm, SigningKeyStore.ACTIVE).isEmpty()) {
            createKey(h, algorithm, SigningKeyStore.ACTIVE, now);
            created = true;
          }
          if (SigningKeyStore.inState(h, algorithm, SigningKeyStore.NEXT).isEmpty()) {
            createKey(h, algorithm, SigningKeyStore.NEXT, now);
            created = true;
          }
          if (created) {
            audit.append(
                h,
                AuditEvent.of("system", "signing_key.create", AUDIT_SUBJECT)
                    .withInputs(Map.of("algorithm", algorithm.name())));
          }
        });
  }

  private Optional<Rotation.Step> rotate(
      Handle h, SigningAlgorithm algorithm, String actor, boolean onlyWhenDue) {
    SigningKeyStore.lockHead(h, algorithm);
    Instant now = clock.instant();
    List<SigningKeyStore.StoredKey> active =
        SigningKeyStore.inState(h, algorithm, SigningKeyStore.ACTIVE);
    if (onlyWhenDue && !active.isEmpty() && !due(active.getLast(), now)) {
      return Optional.empty();
    }
    List<String> retiring = new ArrayList<>();
    for (SigningKeyStore.StoredKey key : active) {
      SigningKeyStore.retire(h, key.kid(), now);
      retiring.add(key.kid());
    }
    List<SigningKeyStore.StoredKey> next =
        SigningKeyStore.inState(h, algorithm, SigningKeyStore.NEXT);
    String kid;
    if (next.isEmpty()) {
      kid = createKey(h, algorithm, SigningKeyStore.ACTIVE, now);
    } else {
      kid = next.getFirst().kid();
      SigningKeyStore.activate(h, kid, now);
    }
    createKey(h, algorithm, SigningKeyStore.NEXT, now);
    SigningKeyStore.markRotated(h, algorithm, now);
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("algorithm", algorithm.name());
    inputs.put("kid", kid);
    inputs.put("retiring", retiring);
    inputs.put("scheduled", onlyWhenDue);
    audit.append(h, AuditEvent.of(actor, "signing_key.rotate", AUDIT_SUBJECT).withInputs(inputs));
    return Optional.of(new Rotation.Step(algorithm, kid, retiring));
  }

  private boolean due(SigningKeyStore.StoredKey active, Instant now) {
    Instant since = active.activatedAt().orElse(active.createdAt());
    return !now.isBefore(since.plus(settings.rotationPeriod()));
  }

  private List<String> removeExpired() {
    Instant cutoff = clock.instant().minus(MAX_TOKEN_LIFETIME).minus(RETENTION_MARGIN);
    return jdbi.inTransaction(
        h -> {
          List<String> removed = SigningKeyStore.deleteRetiredBefore(h, cutoff);
          if (!removed.isEmpty()) {
            audit.append(
                h,
                AuditEvent.of("system", "signing_key.remove", AUDIT_SUBJECT)
                    .withInputs(Map.of("kids", removed)));
          }
          return removed;
        });
  }

  /** Generates, seals and stores a key; its kid. */
  private String createKey(Handle h, SigningAlgorithm algorithm, String state, Instant now) {
    KeyPair pair = KeyMaterial.generate(algorithm, random);
    JWK jwk = KeyMaterial.publicJwk(algorithm, pair);
    String kid = jwk.getKeyID();
    String sealed = seal.seal(KeyMaterial.encodePrivate(pair.getPrivate()), context(kid));
    SigningKeyStore.insert(h, kid, algorithm, state, jwk.toJSONString(), sealed, now);
    return kid;
  }

  static String context(String kid) {
    return "signing-key:" + kid;
  }

  // --- the in-memory copy ---

  private Ring current() {
    Ring known = ring;
    if (ticker.getAsLong() - known.loadedAt() >= settings.refreshInterval().toNanos()
        && reloading.tryLock()) {
      try {
        if (ring.loadedAt() == known.loadedAt()) {
          load();
        }
      } catch (RuntimeException e) {
        // Keep signing with the keys known: the database may be back at the next refresh.
        log.warn("cannot re-read the signing keys: {}", e.toString());
      } finally {
        reloading.unlock();
      }
    }
    return ring;
  }

  /** Re-reads the keys now, waiting for a refresh under way. */
  private void reload() {
    reloading.lock();
    try {
      load();
    } finally {
      reloading.unlock();
    }
  }

  /** Reads the keys; the caller holds {@link #reloading}, so that a stale read never wins. */
  private void load() {
    Ring previous = ring;
    List<SigningKeyStore.StoredKey> stored = jdbi.withHandle(SigningKeyStore::all);
    Instant now = clock.instant();
    Map<SigningAlgorithm, ActiveKey> active = new EnumMap<>(SigningAlgorithm.class);
    List<JWK> published = new ArrayList<>();
    for (SigningKeyStore.StoredKey key : stored) {
      if (key.state().equals(SigningKeyStore.ACTIVE)) {
        active.put(key.algorithm(), activeKey(key, previous));
      }
      if (!key.state().equals(SigningKeyStore.RETIRED) || stillPublished(key, now)) {
        published.add(KeyMaterial.parsePublic(key.publicJwk()));
      }
    }
    for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
      if (!active.containsKey(algorithm)) {
        throw new IllegalStateException("no active " + algorithm.name() + " signing key");
      }
    }
    ring = new Ring(Map.copyOf(active), Jwks.of(published), ticker.getAsLong());
  }

  private ActiveKey activeKey(SigningKeyStore.StoredKey key, Ring previous) {
    if (previous != null) {
      ActiveKey known = previous.active().get(key.algorithm());
      if (known != null && known.kid().equals(key.kid())) {
        return known;
      }
    }
    String sealed =
        jdbi.withHandle(h -> SigningKeyStore.sealedPrivateKey(h, key.kid()))
            .orElseThrow(() -> new IllegalStateException("a signing key vanished while loading"));
    byte[] pkcs8 = seal.open(sealed, context(key.kid()));
    try {
      return new ActiveKey(
          key.kid(), key.algorithm(), KeyMaterial.decodePrivate(key.algorithm(), pkcs8));
    } finally {
      java.util.Arrays.fill(pkcs8, (byte) 0);
    }
  }

  private static boolean stillPublished(SigningKeyStore.StoredKey key, Instant now) {
    return key.retiredAt()
        .map(at -> now.isBefore(at.plus(MAX_TOKEN_LIFETIME).plus(RETENTION_MARGIN)))
        .orElse(true);
  }

  private record Ring(Map<SigningAlgorithm, ActiveKey> active, Jwks jwks, long loadedAt) {}

  /** The JWKS document as served, and its entity tag. */
  static final class Jwks {
    private final byte[] body;
    private final String etag;

    private Jwks(byte[] body, String etag) {
      this.body = body;
      this.etag = etag;
    }

    /** The document; do not change the array. */
    byte[] body() {
      return body;
    }

    /** A strong entity tag of the document, quoted. */
    String etag() {
      return etag;
    }

    static Jwks of(List<JWK> keys) {
      StringBuilder json = new StringBuilder("{\"keys\":[");
      for (int i = 0; i < keys.size(); i++) {
        json.append(i == 0 ? "" : ",").append(keys.get(i).toPublicJWK().toJSONString());
      }
      byte[] body = json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
      return new Jwks(body, "\"" + sha256(body).substring(0, 32) + "\"");
    }

    private static String sha256(byte[] bytes) {
      try {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is missing from this JVM", e);
      }
    }
  }

  /**
   * What a rotation did.
   *
   * @param steps per algorithm rotated: the new signing key and the keys it retired
   */
  public record Rotation(List<Step> steps) {
    /** Copies the steps. */
    public Rotation {
      steps = List.copyOf(steps);
    }

    /**
     * One algorithm's rotation.
     *
     * @param algorithm the algorithm
     * @param kid the key that signs from now on
     * @param retiring the keys that no longer sign and stay published until their tokens expired
     */
    public record Step(SigningAlgorithm algorithm, String kid, List<String> retiring) {
      /** Copies the list. */
      public Step {
        retiring = List.copyOf(retiring);
      }
    }
  }
}
