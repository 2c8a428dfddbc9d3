package io.gatehouse.deploy.gate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;

/**
 * The callback tokens of asynchronous {@code http} gates, in table {@code gate_callbacks}. A token
 * is 32 random bytes; only its SHA-256 is stored. It is bound to one deployment, gate and round,
 * takes one answer, and expires.
 */
final class GateCallbacks {
  static final String PREFIX = "gcb_";
  static final Pattern TOKEN = Pattern.compile("gcb_[A-Za-z0-9_-]{43}");
  static final int MAX_DETAIL = 1000;
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * One request sent.
   *
   * @param id the row's id
   * @param round the round the request was sent in
   * @param expiresAt when the token stops taking an answer
   * @param result {@code pass} or {@code fail}, once answered
   * @param detail the answer's detail, empty before
   * @param reportedAt when the answer was first reported as the gate's outcome
   */
  record Callback(
      long id,
      int round,
      Instant expiresAt,
      Optional<String> result,
      String detail,
      Optional<Instant> reportedAt) {}

  /** How long an expired callback is kept, for a look at what a gate was answered. */
  static final Duration KEEP_EXPIRED = Duration.ofDays(7);

  private static final Duration PRUNE_EVERY = Duration.ofHours(1);

  private final Jdbi jdbi;
  private final AtomicReference<Instant> nextPrune = new AtomicReference<>(Instant.MIN);

  GateCallbacks(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Stores a new token for this deployment, gate and round and returns it. */
  String issue(long deploymentId, String gate, int round, Instant now, Instant expiresAt) {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    jdbi.useHandle(
        handle ->
            handle
                .createUpdate(
                    "INSERT INTO gate_callbacks (token_hash, deployment_id, gate_name, eval_round,"
                        + " created_at, expires_at) VALUES (:hash, :deployment, :gate, :round,"
                        + " :now, :expires)")
                .bind("hash", hash(token))
                .bind("deployment", deploymentId)
                .bind("gate", gate)
                .bind("round", round)
                .bind("now", stored(now))
                .bind("expires", stored(expiresAt))
                .execute());
    pruneIfDue(now);
    return token;
  }

  /**
   * Deletes callbacks that expired more than {@link #KEEP_EXPIRED} ago, at most once an hour per
   * server: their gates timed out or were answered long since.
   */
  void pruneIfDue(Instant now) {
    Instant due = nextPrune.get();
    if (now.isBefore(due) || !nextPrune.compareAndSet(due, now.plus(PRUNE_EVERY))) {
      return;
    }
    jdbi.useHandle(
        handle ->
            handle
                .createUpdate("DELETE FROM gate_callbacks WHERE expires_at < :cutoff")
                .bind("cutoff", stored(now.minus(KEEP_EXPIRED)))
                .execute());
  }

  /** Forgets a token whose request was not accepted, so that it can never be answered. */
  void withdraw(String token) {
    jdbi.useHandle(
        handle ->
            handle
                .createUpdate("DELETE FROM gate_callbacks WHERE token_hash = :hash")
                .bind("hash", hash(token))
                .execute());
  }

  /** The latest request for this deployment's gate. */
  Optional<Callback> latest(long deploymentId, String gate) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT id, eval_round, expires_at, result, detail, reported_at FROM"
                        + " gate_callbacks WHERE deployment_id = :deployment AND gate_name = :gate"
                        + " ORDER BY id DESC LIMIT 1")
                .bind("deployment", deploymentId)
                .bind("gate", gate)
                .map((rs, ctx) -> callback(rs))
                .findOne());
  }

  /** Records when an answer was first reported as the gate's outcome. */
  void markReported(long id, Instant at) {
    jdbi.useHandle(
        handle ->
            handle
                .createUpdate(
                    "UPDATE gate_callbacks SET reported_at = :at WHERE id = :id AND reported_at IS"
                        + " NULL")
                .bind("at", stored(at))
                .bind("id", id)
                .execute());
  }

  /**
   * Takes the answer for a token, once: false when the token is unknown, already answered or
   * expired. On success the deployment is marked for evaluation now.
   */
  boolean answer(String token, boolean pass, String detail, Instant now) {
    String hash = hash(token);
    return jdbi.inTransaction(
        handle -> {
          int updated =
              handle
                  .createUpdate(
                      "UPDATE gate_callbacks SET result = :result, detail = :detail, answered_at ="
                          + " :now WHERE token_hash = :hash AND result IS NULL AND expires_at >"
                          + " :now")
                  .bind("result", pass ? "pass" : "fail")
                  .bind("detail", detail)
                  .bind("now", stored(now))
                  .bind("hash", hash)
                  .execute();
          if (updated == 0) {
            return false;
          }
          long deployment =
              handle
                  .createQuery("SELECT deployment_id FROM gate_callbacks WHERE token_hash = :hash")
                  .bind("hash", hash)
                  .mapTo(Long.class)
                  .one();
          handle
              .createUpdate("UPDATE deployments SET next_check_at = :now WHERE id = :id")
              .bind("now", stored(now))
              .bind("id", deployment)
              .execute();
          return true;
        });
  }

  private static Callback callback(ResultSet rs) throws SQLException {
    return new Callback(
        rs.getLong("id"),
        rs.getInt("eval_round"),
        rs.getTimestamp("expires_at").toInstant(),
        Optional.ofNullable(rs.getString("result")),
        Optional.ofNullable(rs.getString("detail")).orElse(""),
        Optional.ofNullable(rs.getTimestamp("reported_at")).map(Timestamp::toInstant));
  }

  /**
   * A time as the database keeps it: databases round to their precision, and a time read back later
   * than it was written would keep an answer one tick too long.
   */
  private static Instant stored(Instant at) {
    return at.truncatedTo(ChronoUnit.MILLIS);
  }

  static String hash(String token) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha256.digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }
}
