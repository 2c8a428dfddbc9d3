package io.gatehouse.deploy.access;

import io.gatehouse.deploy.server.ApiException;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.jdbi.v3.core.Jdbi;

/**
 * Finds the {@link Principal} behind a request's {@code Authorization: Bearer} token.
 *
 * <p>A token found valid is remembered for at most {@link #CACHE_TTL} (one second), so that a busy
 * API does not hash-and-query every request. A revocation on this server takes effect at once; on
 * other replicas sharing the database within that second. The token itself never reaches a log line
 * or an error message.
 */
public final class Authenticator {
  /** The longest time a positive lookup is reused. */
  public static final Duration CACHE_TTL = Duration.ofSeconds(1);

  private static final int MAX_CACHED = 10_000;
  private static final String BEARER = "bearer ";

  private final Jdbi jdbi;
  private final Clock clock;
  private final LongSupplier ticker;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  /** An authenticator on this database; token expiry is judged by {@code clock}. */
  public Authenticator(Jdbi jdbi, Clock clock) {
    this(jdbi, clock, System::nanoTime);
  }

  Authenticator(Jdbi jdbi, Clock clock, LongSupplier ticker) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.ticker = ticker;
  }

  /**
   * The principal of this request.
   *
   * @throws ApiException 401 {@code unauthenticated}, with {@code WWW-Authenticate: Bearer}, when
   *     the token is missing, malformed, unknown, expired or revoked
   */
  public Principal authenticate(Context ctx) {
    try {
      return authenticate(Optional.ofNullable(ctx.header("Authorization")));
    } catch (ApiException e) {
      ctx.header("WWW-Authenticate", "Bearer");
      throw e;
    }
  }

  /** The principal for this {@code Authorization} header value; see {@link #authenticate}. */
  public Principal authenticate(Optional<String> authorization) {
    String header = authorization.orElseThrow(() -> refuse("a bearer token is required"));
    if (header.length() <= BEARER.length()
        || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      throw refuse("the Authorization header must be 'Bearer <token>'");
    }
    String token = header.substring(BEARER.length()).strip();
    if (!ApiTokens.wellFormed(token)) {
      throw refuse("the bearer token is malformed");
    }
    String hash = ApiTokens.hash(token);
    Instant now = clock.instant();
    Cached cached = cache.get(hash);
    if (cached != null
        && ticker.getAsLong() - cached.loadedAt() < CACHE_TTL.toNanos()
        && cached.expiresAt().map(now::isBefore).orElse(true)) {
      return cached.principal();
    }
    return load(hash, now);
  }

  /** Forgets a token at once, after it was revoked. */
  public void forget(long tokenId) {
    cache.values().removeIf(cached -> cached.tokenId() == tokenId);
  }

  /** Forgets every token at once, after users changed (an admin flag, for one). */
  public void forgetAll() {
    cache.clear();
  }

  private Principal load(String hash, Instant now) {
    Optional<Row> found =
        jdbi.withHandle(
            handle ->
                handle
                    .createQuery(
                        "SELECT t.id, t.expires_at, t.revoked_at, u.id AS user_id, u.name,"
                            + " u.admin FROM api_tokens t JOIN users u ON u.id = t.user_id"
                            + " WHERE t.token_hash = :hash")
                    .bind("hash", hash)
                    .map(
                        (rs, ctx) ->
                            new Row(
                                rs.getLong("id"),
                                ApiTokens.instant(rs, "expires_at"),
                                ApiTokens.instant(rs, "revoked_at").isPresent(),
                                new Principal(
                                    rs.getLong("user_id"),
                                    rs.getString("name"),
                                    rs.getBoolean("admin"),
                                    OptionalLong.of(rs.getLong("id")))))
                    .findOne());
    Row row = found.orElseThrow(() -> refuse("the bearer token is not known"));
    if (row.revoked()) {
      throw refuse("the bearer token has been revoked");
    }
    if (row.expiresAt().isPresent() && !now.isBefore(row.expiresAt().get())) {
      throw refuse("the bearer token has expired");
    }
    if (cache.size() >= MAX_CACHED) {
      cache.clear();
    }
    cache.put(hash, new Cached(row.principal(), row.id(), row.expiresAt(), ticker.getAsLong()));
    return row.principal();
  }

  private static ApiException refuse(String message) {
    return new ApiException(401, "unauthenticated", message);
  }

  private record Row(long id, Optional<Instant> expiresAt, boolean revoked, Principal principal) {}

  private record Cached(
      Principal principal, long tokenId, Optional<Instant> expiresAt, long loadedAt) {}
}
