package io.gatehouse.deploy.access;

import io.gatehouse.deploy.audit.AuditEvent;
import io.gatehouse.deploy.audit.AuditLog;
import io.gatehouse.deploy.project.InvalidRulesException;
import io.gatehouse.deploy.project.RulesDurations;
import io.gatehouse.deploy.server.ApiException;
import io.gatehouse.deploy.server.RequestBodies;
import io.gatehouse.deploy.server.RouteGroup;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * The HTTP API of users, teams and tokens: {@code /api/v1/whoami}, {@code /api/v1/users}, {@code
 * /api/v1/tokens}, {@code /api/v1/teams}.
 */
public final class AccessRoutes implements RouteGroup {
  private static final Duration MIN_EXPIRY = Duration.ofMinutes(1);
  private static final Duration MAX_EXPIRY = Duration.ofDays(365);

  private final Jdbi jdbi;
  private final Clock clock;
  private final Authenticator authenticator;
  private final Users users;
  private final ApiTokens tokens;
  private final AuditLog audit;

  /** The routes over these services. */
  public AccessRoutes(
      Jdbi jdbi,
      Clock clock,
      Authenticator authenticator,
      Users users,
      ApiTokens tokens,
      AuditLog audit) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.authenticator = authenticator;
    this.users = users;
    this.tokens = tokens;
    this.audit = audit;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get("/api/v1/whoami", this::whoami);
    routes.get("/api/v1/users", this::listUsers);
    routes.post("/api/v1/users", this::createUser);
    routes.post("/api/v1/tokens", this::createOwnToken);
    routes.post("/api/v1/users/{user}/tokens", this::createTokenFor);
    routes.get("/api/v1/tokens", this::listTokens);
    routes.delete("/api/v1/tokens/{id}", this::revokeToken);
    routes.get("/api/v1/teams", this::listTeams);
  }

  private void whoami(Context ctx) {
    Principal principal = authenticator.authenticate(ctx);
    List<String> teams = jdbi.withHandle(handle -> users.teamsOf(handle, principal.userId()));
    ctx.json(new UserView(principal.name(), principal.admin(), teams));
  }

  private void listUsers(Context ctx) {
    requireAdmin(authenticator.authenticate(ctx));
    List<UserView> all =
        jdbi.withHandle(
            handle -> {
              Map<String, List<String>> teams = users.teams(handle);
              return users.list(handle).stream()
                  .map(
                      user ->
                          new UserView(
                              user.name(),
                              user.admin(),
                              teams.entrySet().stream()
                                  .filter(team -> team.getValue().contains(user.name()))
                                  .map(Map.Entry::getKey)
                                  .toList()))
                  .toList();
            });
    ctx.json(new UserList(all));
  }

  private void createUser(Context ctx) {
    Principal principal = authenticator.authenticate(ctx);
    requireAdmin(principal);
    NewUser request = RequestBodies.read(ctx, NewUser.class);
    String name = required(request.name(), "name");
    UserNames.problem(name)
        .ifPresent(
            problem -> {
              throw new ApiException(400, "invalid_request", "field 'name' " + problem);
            });
    boolean admin = Boolean.TRUE.equals(request.admin());
    try {
      jdbi.useTransaction(
          handle -> {
            if (users.find(handle, name).isPresent()) {
              throw new ApiException(409, "conflict", "user " + name + " exists already");
            }
            users.create(handle, name, admin);
            audit.append(
                handle,
                new AuditEvent(
                    principal.name(),
                    "user.create",
                    "user/" + name,
                    Optional.empty(),
                    Optional.empty(),
                    Map.of("admin", admin)));
          });
    } catch (UnableToExecuteStatementException e) {
      throw new ApiException(409, "conflict", "user " + name + " exists already");
    }
    ctx.status(201).json(new UserView(name, admin, List.of()));
  }

  private void createOwnToken(Context ctx) {
    Principal principal = authenticator.authenticate(ctx);
    NewToken request = RequestBodies.read(ctx, NewToken.class);
    createToken(ctx, principal, principal.userId(), principal.name(), request);
  }

  private void createTokenFor(Context ctx) {
    Principal principal = authenticator.authenticate(ctx);
    requireAdmin(principal);
    NewToken request = RequestBodies.read(ctx, NewToken.class);
    String name = ctx.pathParam("user");
    UserRecord user =
        jdbi.withHandle(handle -> users.find(handle, name))
            .orElseThrow(() -> new ApiException(404, "not_found", "no such user"));
    createToken(ctx, principal, user.id(), user.name(), request);
  }

  private void createToken(
      Context ctx, Principal principal, long userId, String userName, NewToken request) {
    String name = required(request.name(), "name");
    if (name.isBlank() || name.length() > ApiTokens.MAX_NAME_LENGTH) {
      throw new ApiException(
          400,
          "invalid_request",
          "field 'name' must be 1 to " + ApiTokens.MAX_NAME_LENGTH + " characters");
    }
    Optional<Instant> expiresAt = expiry(request.expiresIn());
    ApiTokens.CreatedToken created;
    try {
      created =
          jdbi.inTransaction(
              handle -> {
                ApiTokens.CreatedToken token = tokens.create(handle, userId, name, expiresAt);
                audit.append(
                    handle,
                    new AuditEvent(
                        principal.name(),
                        "token.create",
                        "token/" + token.id(),
                        Optional.empty(),
                        Optional.empty(),
                        Map.of(
                            "user",
                            userName,
                            "name",
                            name,
                            "expiresAt",
                            expiresAt.map(Instant::toString).orElse(""))));
                return token;
              });
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, "invalid_request", e.getMessage());
    }
    ctx.status(201)
        .json(new TokenView(created.id(), created.name(), created.token(), created.expiresAt()));
  }

  private Optional<Instant> expiry(String expiresIn) {
    if (expiresIn == null) {
      return Optional.empty();
    }
    Duration duration;
    try {
      duration = RulesDurations.parse(expiresIn, "expiresIn");
    } catch (InvalidRulesException e) {
      throw new ApiException(400, "invalid_request", "field " + e.getMessage());
    }
    if (duration.compareTo(MIN_EXPIRY) < 0 || duration.compareTo(MAX_EXPIRY) > 0) {
      throw new ApiException(400, "invalid_request", "field 'expiresIn' must be from 1m to 365d");
    }
    return Optional.of(clock.instant().plus(duration));
  }

  private void listTokens(Context ctx) {
    Principal principal = authenticator.authenticate(ctx);
    List<TokenInfoView> list =
        jdbi.withHandle(handle -> tokens.list(handle, principal.userId())).stream()
            .map(
                token ->
                    new TokenInfoView(
                        token.id(),
                        token.name(),
                        token.createdAt(),
                        token.expiresAt(),
                        token.revokedAt()))
            .toList();
    ctx.json(new TokenList(list));
  }

  private void revokeToken(Context ctx) {
    Principal principal = authenticator.authenticate(ctx);
    long id = tokenId(ctx.pathParam("id"));
    jdbi.useTransaction(
        handle -> {
          ApiTokens.TokenInfo token =
              tokens
                  .find(handle, id)
                  .filter(found -> principal.admin() || found.userId() == principal.userId())
                  .orElseThrow(() -> new ApiException(404, "not_found", "no such token"));
          if (tokens.revoke(handle, id)) {
            audit.append(handle, revoked(principal, token, ownerName(handle, token)));
          }
        });
    authenticator.forget(id);
    ctx.status(204);
  }

  private String ownerName(Handle handle, ApiTokens.TokenInfo token) {
    return handle
        .createQuery("SELECT name FROM users WHERE id = :id")
        .bind("id", token.userId())
        .mapTo(String.class)
        .one();
  }

  private static AuditEvent revoked(Principal principal, ApiTokens.TokenInfo token, String owner) {
    return new AuditEvent(
        principal.name(),
        "token.revoke",
        "token/" + token.id(),
        Optional.empty(),
        Optional.empty(),
        Map.of("user", owner, "name", token.name()));
  }

  private void listTeams(Context ctx) {
    authenticator.authenticate(ctx);
    Map<String, List<String>> teams = jdbi.withHandle(users::teams);
    ctx.json(
        new TeamList(
            teams.entrySet().stream()
                .map(team -> new TeamView(team.getKey(), team.getValue()))
                .toList()));
  }

  private static long tokenId(String text) {
    try {
      long id = Long.parseLong(text);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // answered below like any other unknown token
    }
    throw new ApiException(404, "not_found", "no such token");
  }

  /** Refuses a principal that is not an admin with 403. */
  static void requireAdmin(Principal principal) {
    if (!principal.admin()) {
      throw new ApiException(403, "forbidden", "only an admin may do this");
    }
  }

  private static <T> T required(T value, String field) {
    if (value == null) {
      throw new ApiException(400, "invalid_request", "field '" + field + "' is required");
    }
    return value;
  }

  /** {@code POST /api/v1/users}. */
  record NewUser(String name, Boolean admin) {}

  /** {@code POST /api/v1/tokens}. */
  record NewToken(String name, String expiresIn) {}

  /** A user as the API shows it. */
  record UserView(String name, boolean admin, List<String> teams) {}

  /** {@code GET /api/v1/users}. */
  record UserList(List<UserView> users) {}

  /** A token just created, the only answer that holds its text. */
  record TokenView(long id, String name, String token, Optional<Instant> expiresAt) {}

  /** A token without its text. */
  record TokenInfoView(
      long id,
      String name,
      Instant createdAt,
      Optional<Instant> expiresAt,
      Optional<Instant> revokedAt) {}

  /** {@code GET /api/v1/tokens}. */
  record TokenList(List<TokenInfoView> tokens) {}

  /** A team as the API shows it. */
  record TeamView(String name, List<String> members) {}

  /** {@code GET /api/v1/teams}. */
  record TeamList(List<TeamView> teams) {}
}
