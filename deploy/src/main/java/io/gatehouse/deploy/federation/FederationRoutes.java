package io.gatehouse.deploy.federation;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.gatehouse.deploy.access.Access;
import io.gatehouse.deploy.access.Authenticator;
import io.gatehouse.deploy.access.Principal;
import io.gatehouse.deploy.project.ProjectRef;
import io.gatehouse.deploy.server.ApiException;
import io.gatehouse.deploy.server.RouteGroup;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code POST /api/v1/oauth/token} (RFC 8693 token exchange, form-encoded, no bearer token; errors
 * as RFC 6749 §5.2) and {@code GET /api/v1/projects/{project}/federated-credentials}.
 */
public final class FederationRoutes implements RouteGroup {
  /** The largest token request body, in bytes. */
  static final int MAX_FORM = 32 * 1024;

  private static final int MAX_PARAMETERS = 20;

  private final Jdbi jdbi;
  private final Authenticator authenticator;
  private final Access access;
  private final FederatedCredentials credentials;
  private final TokenExchange exchange;

  /** The routes over these services. */
  public FederationRoutes(
      Jdbi jdbi,
      Authenticator authenticator,
      Access access,
      FederatedCredentials credentials,
      TokenExchange exchange) {
    this.jdbi = jdbi;
    this.authenticator = authenticator;
    this.access = access;
    this.credentials = credentials;
    this.exchange = exchange;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.post("/api/v1/oauth/token", this::token);
    routes.get("/api/v1/projects/{project}/federated-credentials", this::list);
  }

  private void token(Context ctx) {
    ctx.header("Cache-Control", "no-store");
    ctx.header("Pragma", "no-cache");
    TokenExchange.Granted granted;
    try {
      granted = exchange.exchange(form(ctx));
    } catch (ExchangeRefusedException e) {
      ctx.status(e.status()).json(new OAuthError(e.error(), e.getMessage()));
      return;
    }
    ctx.json(
        new TokenAnswer(
            granted.accessToken(),
            TokenExchange.ACCESS_TOKEN_TYPE,
            "Bearer",
            granted.lifetime().toSeconds(),
            granted.expiresAt().toString(),
            granted.credential()));
  }

  /** The request's form parameters, each at most once (RFC 6749 §3.2). */
  static Map<String, String> form(Context ctx) {
    String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
    if (!type.strip().startsWith("application/x-www-form-urlencoded")) {
      throw ExchangeRefusedException.invalid(
          "request", "the request body must be application/x-www-form-urlencoded");
    }
    byte[] body = ctx.bodyAsBytes();
    if (body.length > MAX_FORM) {
      throw ExchangeRefusedException.invalid(
          "request", "the request body is larger than " + MAX_FORM + " bytes");
    }
    return parse(new String(body, StandardCharsets.UTF_8));
  }

  static Map<String, String> parse(String body) {
    Map<String, String> parameters = new HashMap<>();
    if (body.isEmpty()) {
      return parameters;
    }
    String[] pairs = body.split("&", -1);
    if (pairs.length > MAX_PARAMETERS) {
      throw ExchangeRefusedException.invalid(
          "request", "the request has more than " + MAX_PARAMETERS + " parameters");
    }
    for (String pair : pairs) {
      int eq = pair.indexOf('=');
      String name;
      String value;
      try {
        name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw ExchangeRefusedException.invalid(
            "request", "the request body is not valid form encoding");
      }
      if (parameters.put(name, value) != null) {
        throw ExchangeRefusedException.invalid(
            "request",
            "parameter " + SubjectTokenVerifier.printable(name) + " is given more than once");
      }
    }
    return parameters;
  }

  private void list(Context ctx) {
    Principal principal = authenticator.authenticate(ctx);
    String name = ctx.pathParam("project");
    List<CredentialView> views =
        jdbi.withHandle(
            handle -> {
              ProjectRef project =
                  access
                      .project(handle, name)
                      .filter(p -> access.canRead(handle, principal, p.id()))
                      .orElseThrow(() -> new ApiException(404, "not_found", "no such project"));
              return credentials.list(handle, project.id()).stream()
                  .map(CredentialView::of)
                  .toList();
            });
    ctx.json(new CredentialList(views));
  }

  /** An RFC 6749 §5.2 error answer. */
  record OAuthError(String error, @JsonProperty("error_description") String description) {}

  /** An RFC 8693 §2.2.1 answer, with when it expires and which credential granted it. */
  record TokenAnswer(
      @JsonProperty("access_token") String accessToken,
      @JsonProperty("issued_token_type") String issuedTokenType,
      @JsonProperty("token_type") String tokenType,
      @JsonProperty("expires_in") long expiresIn,
      @JsonProperty("expires_at") String expiresAt,
      String credential) {}

  /** {@code GET .../federated-credentials}. */
  record CredentialList(List<CredentialView> federatedCredentials) {}

  /** One credential as listed. */
  record CredentialView(
      String name,
      String issuer,
      String audience,
      String subject,
      Map<String, String> claims,
      String role,
      String user) {
    static CredentialView of(FederatedCredential credential) {
      CredentialSpec spec = credential.spec();
      return new CredentialView(
          spec.name(),
          spec.issuer(),
          spec.audience(),
          spec.subject().orElse(null),
          spec.subject().isPresent() ? null : new LinkedHashMap<>(spec.sortedClaims()),
          spec.role(),
          credential.userName());
    }
  }
}
