package io.gatehouse.deploy.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;

/**
 * API tokens: {@code gth_} followed by 32 random bytes in unpadded base64url. Only the SHA-256 of a
 * token is stored; the token itself is returned once, by {@link #create}, and never again.
 */
public final class ApiTokens {
  /** Every token starts with this. */
  public static final String PREFIX = "gth_";

  /** The longest token name. */
  public static final int MAX_NAME_LENGTH = 100;

  /** A token as the server reads it: the prefix and base64url text of a sensible length. */
  private static final Pattern WELL_FORMED = Pattern.compile("gth_[A-Za-z0-9_-]{20,200}");

  private static final int RANDOM_BYTES = 32;

  private final Clock clock;
  private final SecureRandom random;

  /** Tokens created at {@code clock}'s time from {@code random}. */
  public ApiTokens(Clock clock, SecureRandom random) {
    this.clock = clock;
    this.random = random;
  }

  /** Generates a fresh token text without storing it. */
  public String generate() {
    byte[] bytes = new byte[RANDOM_BYTES];
    random.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * Creates a token for a user; the answer holds the token, which is not stored.
   *
   * @throws IllegalArgumentException if the name is empty or too long, or the expiry is past
   */
  public CreatedToken create(Handle handle, long userId, String name, Optional<Instant> expiresAt) {
    return store(handle, userId, name, expiresAt, generate());
  }

  /**
   * Stores a given token text for a user (the bootstrap admin's configured token).
   *
   * @throws IllegalArgumentException if the token is not well formed
   */
  CreatedToken store(
      Handle handle, long userId, String name, Optional<Instant> expiresAt, String token) {
    checkName(name);
    if (!wellFormed(token)) {
      throw new IllegalArgumentException(
          "a token must be " + PREFIX + " followed by 20 to 200 base64url characters");
    }
    Instant now = clock.instant();
    expiresAt.ifPresent(
        at -> {
          if (!at.isAfter(now)) {
            throw new IllegalArgumentException("the expiry must be in the future");
          }
        });
    long id =
        handle
            .createUpdate(
                "INSERT INTO api_tokens (user_id, name, token_hash, created_at, expires_at)"
                    + " VALUES (:user, :name, :hash, :at, :expires)")
            .bind("user", userId)
            .bind("name", name)
            .bind("hash", hash(token))
            .bind("at", now.atOffset(ZoneOffset.UTC))
            .bind("expires", expiresAt.map(at -> at.atOffset(ZoneOffset.UTC)).orElse(null))
            .executeAndReturnGeneratedKeys("id")
            .mapTo(Long.class)
            .one();
    return new CreatedToken(id, userId, name, token, expiresAt);
  }

  /** A user's tokens, newest first, without secrets. */
  public List<TokenInfo> list(Handle handle, long userId) {
    return handle
        .createQuery(
            "SELECT id, user_id, name, created_at, expires_at, revoked_at FROM api_tokens"
                + " WHERE user_id = :user ORDER BY id DESC")
        .bind("user", userId)
        .map((rs, ctx) -> info(rs))
        .list();
  }

  /** One token, without its secret. */
  public Optional<TokenInfo> find(Handle handle, long id) {
    return handle
        .createQuery(
            "SELECT id, user_id, name, created_at, expires_at, revoked_at FROM api_tokens"
                + " WHERE id = :id")
        .bind("id", id)
        .map((rs, ctx) -> info(rs))
        .findOne();
  }

  /** Revokes a token; returns false when it was revoked already. */
  public boolean revoke(Handle handle, long id) {
    return handle
            .createUpdate(
                "UPDATE api_tokens SET revoked_at = :at WHERE id = :id AND revoked_at IS NULL")
            .bind("at", clock.instant().atOffset(ZoneOffset.UTC))
            .bind("id", id)
            .execute()
        == 1;
  }

  /** Whether {@code token} has the shape of a token (says nothing about whether it exists). */
  public static boolean wellFormed(String token) {
    return WELL_FORMED.matcher(token).matches();
  }

  /** The stored form of a token: the lower-case hex SHA-256 of its UTF-8 text. */
  public static String hash(String token) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  private static void checkName(String name) {
    if (name.isBlank() || name.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(
          "a token name must be 1 to " + MAX_NAME_LENGTH + " characters and not blank");
    }
    for (int i = 0; i < name.length(); i++) {
      if (Character.isISOControl(name.charAt(i))) {
        throw new IllegalArgumentException("a token name must not contain control characters");
      }
    }
  }

  private static TokenInfo info(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new TokenInfo(
        rs.getLong("id"),
        rs.getLong("user_id"),
        rs.getString("name"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
        instant(rs, "expires_at"),
        instant(rs, "revoked_at"));
  }

  static Optional<Instant> instant(java.sql.ResultSet rs, String column)
      throws java.sql.SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return Optional.ofNullable(value).map(OffsetDateTime::toInstant);
  }

  /**
   * A token just created: the only time its text is known.
   *
   * @param id the token's id
   * @param userId its user's id
   * @param name its name
   * @param token the token itself
   * @param expiresAt when it stops working, if ever
   */
  public record CreatedToken(
      long id, long userId, String name, String token, Optional<Instant> expiresAt) {
    @Override
    public String toString() {
      return "CreatedToken[id=" + id + ", name=" + name + "]";
    }
  }

  /**
   * A stored token, without its secret.
   *
   * @param id the token's id
   * @param userId its user's id
   * @param name its name
   * @param createdAt when it was created
   * @param expiresAt when it stops working, if ever
   * @param revokedAt when it was revoked, if it was
   */
  public record TokenInfo(
      long id,
      long userId,
      String name,
      Instant createdAt,
      Optional<Instant> expiresAt,
      Optional<Instant> revokedAt) {}
}
