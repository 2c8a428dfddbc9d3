package io.gatehouse.deploy.access;

import io.gatehouse.deploy.audit.AuditEvent;
import io.gatehouse.deploy.audit.AuditLog;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Creates the first admin of an installation that has no user yet. */
public final class FirstAdmin {
  /** The first admin's name. */
  public static final String NAME = "admin";

  private FirstAdmin() {}

  /**
   * When the database has no user, creates the admin user {@code admin} with a token: {@code token}
   * when given, a generated one otherwise. Safe when several replicas start at once: one creates
   * the user, the others find it.
   *
   * @return the generated token, which must be shown to the operator once; empty when a token was
   *     given or users existed already
   * @throws IllegalArgumentException if the given token is not well formed
   */
  public static Optional<String> ensure(
      Jdbi jdbi, Users users, ApiTokens tokens, AuditLog audit, Optional<String> token) {
    token.ifPresent(
        given -> {
          if (!ApiTokens.wellFormed(given)) {
            throw new IllegalArgumentException(
                "the bootstrap admin token must be "
                    + ApiTokens.PREFIX
                    + " followed by 20 to 200 base64url characters");
          }
        });
    try {
      return jdbi.inTransaction(
          handle -> {
            if (users.any(handle)) {
              return Optional.<String>empty();
            }
            UserRecord admin = users.create(handle, NAME, true);
            String text = token.orElseGet(tokens::generate);
            ApiTokens.CreatedToken created =
                tokens.store(handle, admin.id(), "bootstrap", Optional.empty(), text);
            audit.append(
                handle,
                new AuditEvent(
                    "system",
                    "user.create",
                    "user/" + NAME,
                    Optional.empty(),
                    Optional.of("first start"),
                    Map.of("admin", true)));
            audit.append(
                handle,
                new AuditEvent(
                    "system",
                    "token.create",
                    "token/" + created.id(),
                    Optional.empty(),
                    Optional.empty(),
                    Map.of("user", NAME, "name", created.name())));
            return token.isPresent() ? Optional.<String>empty() : Optional.of(text);
          });
    } catch (org.jdbi.v3.core.statement.UnableToExecuteStatementException e) {
      // Another replica created the first admin at the same moment.
      if (jdbi.withHandle(users::any)) {
        return Optional.empty();
      }
      throw e;
    }
  }
}
