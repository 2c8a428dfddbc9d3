package io.gatehouse.deploy.oidc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The SQL of the signing keys; every method runs on the caller's handle. */
final class SigningKeyStore {
  static final String ACTIVE = "active";
  static final String NEXT = "next";
  static final String RETIRED = "retired";

  private static final String COLUMNS =
      "kid, algorithm, state, public_jwk, created_at, activated_at, retired_at";

  private SigningKeyStore() {}

  /** A stored key without its private half. */
  record StoredKey(
      String kid,
      SigningAlgorithm algorithm,
      String state,
      String publicJwk,
      Instant createdAt,
      Optional<Instant> activatedAt,
      Optional<Instant> retiredAt) {}

  /** Every stored key, oldest first. */
  static List<StoredKey> all(Handle handle) {
    return handle
        .createQuery("SELECT " + COLUMNS + " FROM signing_keys ORDER BY id")
        .map((rs, ctx) -> key(rs))
        .list();
  }

  /** The stored keys of one algorithm in one state, oldest first. */
  static List<StoredKey> inState(Handle handle, SigningAlgorithm algorithm, String state) {
    return handle
        .createQuery(
            "SELECT "
                + COLUMNS
                + " FROM signing_keys WHERE algorithm = :algorithm AND state = :state ORDER BY id")
        .bind("algorithm", algorithm.name())
        .bind("state", state)
        .map((rs, ctx) -> key(rs))
        .list();
  }

  /** The sealed private key of a key. */
  static Optional<String> sealedPrivateKey(Handle handle, String kid) {
    return handle
        .createQuery("SELECT private_key FROM signing_keys WHERE kid = :kid")
        .bind("kid", kid)
        .mapTo(String.class)
        .findOne();
  }

  /**
   * Locks the algorithm's head row until the transaction ends, so that one replica at a time
   * creates or rotates its keys.
   */
  static void lockHead(Handle handle, SigningAlgorithm algorithm) {
    boolean found =
        handle
            .createQuery(
                "SELECT algorithm FROM signing_key_heads WHERE algorithm = :algorithm FOR UPDATE")
            .bind("algorithm", algorithm.name())
            .mapTo(String.class)
            .findOne()
            .isPresent();
    if (!found) {
      throw new IllegalStateException("no signing key head for " + algorithm.name());
    }
  }

  /** Records that the algorithm's keys were rotated. */
  static void markRotated(Handle handle, SigningAlgorithm algorithm, Instant now) {
    handle
        .createUpdate("UPDATE signing_key_heads SET rotated_at = :at WHERE algorithm = :algorithm")
        .bind("at", utc(now))
        .bind("algorithm", algorithm.name())
        .execute();
  }

  /** Stores a new key. */
  static void insert(
      Handle handle,
      String kid,
      SigningAlgorithm algorithm,
      String state,
      String publicJwk,
      String sealedPrivateKey,
      Instant now) {
    handle
        .createUpdate(
            "INSERT INTO signing_keys (kid, algorithm, state, public_jwk, private_key, created_at,"
                + " activated_at) VALUES (:kid, :algorithm, :state, :jwk, :sealed, :now,"
                + " :activated)")
        .bind("kid", kid)
        .bind("algorithm", algorithm.name())
        .bind("state", state)
        .bind("jwk", publicJwk)
        .bind("sealed", sealedPrivateKey)
        .bind("now", utc(now))
        .bind("activated", state.equals(ACTIVE) ? utc(now) : null)
        .execute();
  }

  /** Makes a key the signer. */
  static void activate(Handle handle, String kid, Instant now) {
    handle
        .createUpdate(
            "UPDATE signing_keys SET state = 'active', activated_at = :now WHERE kid = :kid")
        .bind("now", utc(now))
        .bind("kid", kid)
        .execute();
  }

  /** Retires a key: it signs no more and stays published until its tokens have expired. */
  static void retire(Handle handle, String kid, Instant now) {
    handle
        .createUpdate(
            "UPDATE signing_keys SET state = 'retired', retired_at = :now WHERE kid = :kid")
        .bind("now", utc(now))
        .bind("kid", kid)
        .execute();
  }

  /** Deletes the retired keys retired before {@code cutoff}; their kids. */
  static List<String> deleteRetiredBefore(Handle handle, Instant cutoff) {
    List<String> kids =
        handle
            .createQuery(
                "SELECT kid FROM signing_keys WHERE state = 'retired' AND retired_at < :cutoff"
                    + " ORDER BY id")
            .bind("cutoff", utc(cutoff))
            .mapTo(String.class)
            .list();
    for (String kid : kids) {
      handle.createUpdate("DELETE FROM signing_keys WHERE kid = :kid").bind("kid", kid).execute();
    }
    return kids;
  }

  private static StoredKey key(ResultSet rs) throws SQLException {
    return new StoredKey(
        rs.getString("kid"),
        SigningAlgorithm.parse(rs.getString("algorithm"))
            .orElseThrow(() -> new IllegalStateException("a stored key has an unknown algorithm")),
        rs.getString("state"),
        rs.getString("public_jwk"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
        instant(rs, "activated_at"),
        instant(rs, "retired_at"));
  }

  private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
    return Optional.ofNullable(rs.getObject(column, OffsetDateTime.class))
        .map(OffsetDateTime::toInstant);
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
