package io.gatehouse.deploy.oidc;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.gatehouse.deploy.access.Access;
import io.gatehouse.deploy.access.Permission;
import io.gatehouse.deploy.access.Principal;
import io.gatehouse.deploy.audit.AuditEvent;
import io.gatehouse.deploy.audit.AuditLog;
import io.gatehouse.deploy.project.ProjectRef;
import io.gatehouse.deploy.server.ApiException;
import io.gatehouse.deploy.server.ApiJson;
import io.gatehouse.deploy.server.RequestBodies;
import io.gatehouse.deploy.server.RouteGroup;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * The issuer's HTTP API: the discovery document and the JWKS under {@code /.well-known}, deployment
 * tokens ({@code POST /api/v1/deployments/{id}/token}), the rotation of the signing keys ({@code
 * POST /api/v1/keys/signing/rotate}, admins) and each project's token settings ({@code
 * /api/v1/projects/{project}/deployment-token-settings}).
 */
public final class IssuerRoutes implements RouteGroup {
  /** The path of the discovery document. */
  public static final String DISCOVERY = "/.well-known/openid-configuration";

  /** The path of the JWKS. */
  public static final String JWKS = "/.well-known/jwks.json";

  /** How long clients may cache the discovery document and the JWKS. */
  static final String CACHE_CONTROL = "public, max-age=300";

  private static final String SETTINGS = "/api/v1/projects/{project}/deployment-token-settings";

  private final DeploymentTokens tokens;
  private final SigningKeys keys;
  private final Function<Context, Principal> authenticator;
  private final Access access;
  private final Jdbi jdbi;
  private final AuditLog audit;
  private final Clock clock;
  private volatile Discovery discovery;

  /**
   * The routes.
   *
   * @param authenticator the caller of a request; throws a 401 {@link ApiException} when there is
   *     none
   */
  public IssuerRoutes(
      DeploymentTokens tokens,
      SigningKeys keys,
      Function<Context, Principal> authenticator,
      Access access,
      Jdbi jdbi,
      AuditLog audit,
      Clock clock) {
    this.tokens = tokens;
    this.keys = keys;
    this.authenticator = authenticator;
    this.access = access;
    this.jdbi = jdbi;
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get(DISCOVERY, this::discovery);
    routes.get(JWKS, this::jwks);
    routes.post("/api/v1/deployments/{id}/token", this::token);
    routes.post("/api/v1/keys/signing/rotate", this::rotate);
    routes.get(SETTINGS, this::settings);
    routes.put(SETTINGS, this::updateSettings);
  }

  private void discovery(Context ctx) {
    String issuer = tokens.issuerText();
    Discovery known = discovery;
    if (known == null || !known.issuer().equals(issuer)) {
      known = new Discovery(issuer, discoveryDocument(issuer));
      discovery = known;
    }
    ctx.header("Cache-Control", CACHE_CONTROL);
    ctx.contentType("application/json").result(known.body());
  }

  private static byte[] discoveryDocument(String issuer) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("issuer", issuer);
    document.put("jwks_uri", issuer + JWKS);
    document.put("response_types_supported", List.of("id_token"));
    document.put("subject_types_supported", List.of("public"));
    document.put("id_token_signing_alg_values_supported", List.of("ES256", "RS256"));
    document.put("scopes_supported", List.of("openid"));
    document.put(
        "claims_supported",
        List.of(
            "iss",
            "sub",
            "aud",
            "iat",
            "nbf",
            "exp",
            "jti",
            "project",
            "environment",
            "deployment_id",
            "ref",
            "sha",
            "images",
            "requested_by",
            "approved_by"));
    try {
      return ApiJson.mapper().writeValueAsBytes(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the discovery document", e);
    }
  }

  private void jwks(Context ctx) {
    SigningKeys.Jwks jwks = keys.jwks();
    ctx.header("Cache-Control", CACHE_CONTROL);
    ctx.header("ETag", jwks.etag());
    if (matches(ctx.header("If-None-Match"), jwks.etag())) {
      ctx.status(304);
      return;
    }
    ctx.contentType("application/jwk-set+json").result(jwks.body());
  }

  /** Whether an {@code If-None-Match} value names this entity tag (or any, with {@code *}). */
  static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null || ifNoneMatch.length() > 1024) {
      return false;
    }
    for (String candidate : ifNoneMatch.split(",", 32)) {
      String tag = candidate.strip();
      if (tag.startsWith("W/")) {
        tag = tag.substring(2);
      }
      if (tag.equals("*") || tag.equals(etag)) {
        return true;
      }
    }
    return false;
  }

  private void token(Context ctx) {
    Principal principal = authenticator.apply(ctx);
    long id = deploymentId(ctx);
    TokenRequest request = TokenRequest.of(RequestBodies.read(ctx, TokenRequest.Body.class));
    DeploymentTokens.Issued issued = tokens.issue(principal, id, request);
    // Every value is base64url, an algorithm name or an ISO time: nothing to escape.
    String body =
        "{\"token\":\""
            + issued.token()
            + "\",\"expires_at\":\""
            + issued.expiresAt()
            + "\",\"kid\":\""
            + issued.kid()
            + "\",\"alg\":\""
            + issued.algorithm().name()
            + "\"}";
    ctx.contentType("application/json").result(body.getBytes(StandardCharsets.US_ASCII));
  }

  private void rotate(Context ctx) {
    Principal principal = authenticator.apply(ctx);
    if (!principal.admin()) {
      throw new ApiException(403, "forbidden", "only an admin may rotate the signing keys");
    }
    SigningKeys.Rotation rotation = keys.rotate(principal.name());
    Map<String, Object> answer = new LinkedHashMap<>();
    List<String> retiring = new ArrayList<>();
    List<Map<String, Object>> steps = new ArrayList<>();
    for (SigningKeys.Rotation.Step step : rotation.steps()) {
      if (step.algorithm() == SigningAlgorithm.ES256) {
        answer.put("kid", step.kid());
      }
      retiring.addAll(step.retiring());
      Map<String, Object> key = new LinkedHashMap<>();
      key.put("alg", step.algorithm().name());
      key.put("kid", step.kid());
      key.put("retiring", step.retiring());
      steps.add(key);
    }
    answer.put("retiring", retiring);
    answer.put("keys", steps);
    ctx.json(answer);
  }

  /** A project's token settings as the API shows and takes them. */
  record SettingsBody(List<String> subjectClaims, String algorithm) {}

  private void settings(Context ctx) {
    Principal principal = authenticator.apply(ctx);
    SettingsBody answer =
        jdbi.withHandle(
            h -> {
              ProjectRef project = project(h, principal, ctx, Permission.READ);
              // Read from the table, not the issuance path's one-second memory: an apply or
              // another replica may just have changed them.
              return view(
                  ProjectTokenSettings.stored(h, project.id()).orElse(TokenSettings.DEFAULT));
            });
    ctx.json(answer);
  }

  private void updateSettings(Context ctx) {
    Principal principal = authenticator.apply(ctx);
    SettingsBody body = RequestBodies.read(ctx, SettingsBody.class);
    TokenSettings settings = parse(body);
    try {
      jdbi.useTransaction(
          h -> {
            ProjectRef project = project(h, principal, ctx, Permission.MAINTAIN);
            tokens
                .settings()
                .put(h, project.id(), project.name(), settings, principal.name(), clock.instant());
            Map<String, Object> inputs = new LinkedHashMap<>();
            inputs.put("subjectClaims", settings.subjectClaims());
            inputs.put("algorithm", settings.algorithm().name());
            audit.append(
                h,
                new AuditEvent(
                    principal.name(),
                    "project.deployment_token_settings.update",
                    "project/" + project.name(),
                    Optional.of(project.name()),
                    Optional.empty(),
                    inputs));
          });
    } catch (UnableToExecuteStatementException e) {
      throw new ApiException(
          409, "conflict", "the settings were changed at the same time; send them again");
    }
    ctx.json(view(settings));
  }

  private static TokenSettings parse(SettingsBody body) {
    if (body.subjectClaims() == null) {
      throw new ApiException(400, "invalid_request", "field 'subjectClaims' is required");
    }
    if (body.subjectClaims().size() > TokenSettings.SUBJECT_CLAIMS.size()) {
      throw new ApiException(
          400, "invalid_request", "field 'subjectClaims' names more claims than there are");
    }
    SigningAlgorithm algorithm =
        body.algorithm() == null
            ? SigningAlgorithm.ES256
            : SigningAlgorithm.parse(body.algorithm())
                .orElseThrow(
                    () ->
                        new ApiException(
                            400, "invalid_request", "field 'algorithm' must be ES256 or RS256"));
    if (body.subjectClaims().contains(null)) {
      throw new ApiException(400, "invalid_request", "field 'subjectClaims' holds a null");
    }
    try {
      return new TokenSettings(body.subjectClaims(), algorithm);
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, "invalid_request", "field 'subjectClaims': " + e.getMessage());
    }
  }

  private static SettingsBody view(TokenSettings settings) {
    return new SettingsBody(settings.subjectClaims(), settings.algorithm().name());
  }

  /**
   * The path's project when the principal holds {@code needed} on it: 404 when it may not even read
   * it, 403 when it may read but not do more.
   */
  private ProjectRef project(Handle h, Principal principal, Context ctx, Permission needed) {
    ApiException missing = new ApiException(404, "not_found", "no such project");
    ProjectRef project = access.project(h, ctx.pathParam("project")).orElseThrow(() -> missing);
    Set<Permission> held = access.permissions(h, principal, project.id());
    if (!held.contains(Permission.READ)) {
      throw missing;
    }
    if (!held.contains(needed)) {
      throw new ApiException(
          403, "forbidden", "only a maintainer of the project or an admin may do this");
    }
    return project;
  }

  private static long deploymentId(Context ctx) {
    String text = ctx.pathParam("id");
    try {
      long id = Long.parseLong(text);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // not a number: no such deployment
    }
    throw new ApiException(404, "not_found", "no such deployment");
  }

  /** The discovery document of one issuer URL, as served. */
  private static final class Discovery {
    private final String issuer;
    private final byte[] body;

    Discovery(String issuer, byte[] body) {
      this.issuer = issuer;
      this.body = body;
    }

    String issuer() {
      return issuer;
    }

    byte[] body() {
      return body;
    }
  }
}
