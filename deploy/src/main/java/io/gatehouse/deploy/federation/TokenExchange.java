package io.gatehouse.deploy.federation;

import io.gatehouse.deploy.access.ApiTokens;
import io.gatehouse.deploy.audit.AuditEvent;
import io.gatehouse.deploy.audit.AuditLog;
import io.gatehouse.deploy.project.ProjectNames;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.jdbi.v3.core.Jdbi;

/**
 * RFC 8693 token exchange for CI systems: a job's OIDC token, verified against the federated
 * credentials that trust its issuer, is exchanged for a short-lived Gatehouse API token of the
 * matching credential's workload user. Every exchange, granted or refused, is audited, with the
 * token's issuer, subject and {@code jti} and never the token.
 */
public final class TokenExchange {
  /** The grant type of token exchange. */
  public static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange";

  /** The subject token types accepted: a JWT (an OIDC ID token is one). */
  public static final List<String> SUBJECT_TOKEN_TYPES =
      List.of("urn:ietf:params:oauth:token-type:jwt", "urn:ietf:params:oauth:token-type:id_token");

  /** The type of the token handed out. */
  public static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

  private static final String SCOPE_PREFIX = "project:";

  private final Jdbi jdbi;
  private final Clock clock;
  private final FederatedCredentials credentials;
  private final ApiTokens tokens;
  private final AuditLog audit;
  private final SubjectTokenVerifier verifier;
  private final FederationSettings settings;

  /** Token exchange on this database, fetching issuers' keys as {@code settings} say. */
  public TokenExchange(
      Jdbi jdbi,
      Clock clock,
      FederatedCredentials credentials,
      ApiTokens tokens,
      AuditLog audit,
      FederationSettings settings) {
    this(jdbi, clock, credentials, tokens, audit, settings, System::nanoTime);
  }

  TokenExchange(
      Jdbi jdbi,
      Clock clock,
      FederatedCredentials credentials,
      ApiTokens tokens,
      AuditLog audit,
      FederationSettings settings,
      LongSupplier ticker) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.credentials = credentials;
    this.tokens = tokens;
    this.audit = audit;
    this.settings = settings;
    this.verifier = new SubjectTokenVerifier(new IssuerKeys(settings, ticker), clock);
  }

  /**
   * An access token handed out.
   *
   * @param accessToken the Gatehouse API token
   * @param expiresAt when it stops working
   * @param lifetime how long it works from now
   * @param credential the credential it was granted by, {@code <project>/<name>}
   */
  public record Granted(
      String accessToken, Instant expiresAt, Duration lifetime, String credential) {
    @Override
    public String toString() {
      return "Granted[credential=" + credential + ", expiresAt=" + expiresAt + "]";
    }
  }

  /**
   * Performs one exchange.
   *
   * @param parameters the form parameters of the request, each given once
   * @throws ExchangeRefusedException with the check that failed; audited
   */
  public Granted exchange(Map<String, String> parameters) {
    Attempt attempt = new Attempt();
    try {
      return run(parameters, attempt);
    } catch (ExchangeRefusedException e) {
      refused(attempt, e);
      throw e;
    }
  }

  /** What is known of an attempt so far, for its audit entry. */
  private static final class Attempt {
    String issuer = "";
    String subject = "";
    String jti = "";
    Optional<String> project = Optional.empty();
  }

  private Granted run(Map<String, String> parameters, Attempt attempt) {
    Request request = Request.of(parameters, settings);
    SubjectTokenVerifier.Unverified token = verifier.read(request.subjectToken());
    attempt.issuer = SubjectTokenVerifier.printable(token.issuer());
    attempt.subject =
        Optional.ofNullable(token.claims().getSubject())
            .map(SubjectTokenVerifier::printable)
            .orElse("");
    attempt.jti =
        Optional.ofNullable(token.claims().getJWTID())
            .map(SubjectTokenVerifier::printable)
            .orElse("");
    attempt.project = request.project();
    List<FederatedCredential> trusting =
        jdbi.withHandle(handle -> credentials.forIssuer(handle, token.issuer())).stream()
            .filter(
                c ->
                    request
                        .project()
                        .map(p -> ProjectNames.key(p).equals(ProjectNames.key(c.project())))
                        .orElse(true))
            .toList();
    if (trusting.isEmpty()) {
      throw ExchangeRefusedException.invalid(
          "issuer",
          "no federated credential"
              + request
                  .project()
                  .map(p -> " of project " + SubjectTokenVerifier.printable(p))
                  .orElse("")
              + " trusts the issuer "
              + attempt.issuer);
    }
    verifier.verify(token);
    List<String> audiences = token.claims().getAudience();
    List<FederatedCredential> forAudience =
        trusting.stream().filter(c -> audiences.contains(c.spec().audience())).toList();
    if (forAudience.isEmpty()) {
      throw ExchangeRefusedException.invalid(
          "audience",
          "the subject_token's aud holds no audience that a credential trusting its issuer"
              + " expects");
    }
    Map<String, Object> claims = token.claims().getClaims();
    List<FederatedCredential> matching =
        forAudience.stream().filter(c -> c.matches(claims)).toList();
    if (matching.isEmpty()) {
      throw ExchangeRefusedException.invalid(
          "subject",
          "the subject_token's subject and claims match no federated credential"
              + request
                  .project()
                  .map(p -> " of project " + SubjectTokenVerifier.printable(p))
                  .orElse(""));
    }
    if (matching.stream().map(FederatedCredential::projectId).distinct().count() > 1) {
      throw ExchangeRefusedException.invalid(
          "project",
          "the subject_token matches credentials of several projects; name one with"
              + " scope=project:<name>");
    }
    FederatedCredential credential = matching.get(0);
    attempt.project = Optional.of(credential.project());
    return grant(credential, attempt, request.lifetime());
  }

  private Granted grant(FederatedCredential credential, Attempt attempt, Duration lifetime) {
    Instant expiresAt = clock.instant().plus(lifetime);
    return jdbi.inTransaction(
        handle -> {
          ApiTokens.CreatedToken created =
              tokens.create(
                  handle,
                  credential.userId(),
                  "federated:" + credential.spec().name(),
                  Optional.of(expiresAt));
          handle
              .createUpdate(
                  "INSERT INTO federated_tokens (token_id, credential_id, credential, issuer,"
                      + " subject, jti, exchanged_at) VALUES (:token, :credential, :name, :issuer,"
                      + " :subject, :jti, :at)")
              .bind("token", created.id())
              .bind("credential", credential.id())
              .bind("name", credential.userName())
              .bind("issuer", credential.spec().issuer())
              .bind("subject", attempt.subject)
              .bind("jti", attempt.jti.isEmpty() ? null : cut(attempt.jti, 255))
              .bind("at", clock.instant().atOffset(ZoneOffset.UTC))
              .execute();
          Map<String, Object> inputs = inputs(attempt);
          inputs.put("credential", credential.userName());
          inputs.put("expiresAt", expiresAt.toString());
          audit.append(
              handle,
              new AuditEvent(
                  credential.userName(),
                  "federation.exchange",
                  // the token created, as token.create records it: exchanges spread over the chains
                  "token/" + created.id(),
                  Optional.of(credential.project()),
                  Optional.empty(),
                  inputs));
          return new Granted(created.token(), expiresAt, lifetime, credential.userName());
        });
  }

  private void refused(Attempt attempt, ExchangeRefusedException e) {
    Map<String, Object> inputs = inputs(attempt);
    inputs.put("check", e.check());
    inputs.put("error", e.error());
    jdbi.useTransaction(
        handle ->
            audit.append(
                handle,
                new AuditEvent(
                    "anonymous",
                    "federation.exchange.refused",
                    attempt.issuer.isEmpty() ? "oauth/token" : "federated-issuer/" + attempt.issuer,
                    attempt.project.filter(p -> ProjectNames.projectProblem(p).isEmpty()),
                    Optional.of(e.getMessage()),
                    inputs)));
  }

  private static Map<String, Object> inputs(Attempt attempt) {
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("issuer", attempt.issuer);
    inputs.put("subject", attempt.subject);
    inputs.put("jti", attempt.jti);
    return inputs;
  }

  private static String cut(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max);
  }

  /** The form parameters of an exchange, checked. */
  private record Request(String subjectToken, Optional<String> project, Duration lifetime) {
    static Request of(Map<String, String> parameters, FederationSettings settings) {
      String grantType = parameters.get("grant_type");
      if (grantType == null) {
        throw ExchangeRefusedException.invalid("request", "grant_type is required");
      }
      if (!grantType.equals(GRANT_TYPE)) {
        throw new ExchangeRefusedException(
            400,
            "unsupported_grant_type",
            "request",
            "only grant_type=" + GRANT_TYPE + " is supported");
      }
      String token = required(parameters, "subject_token");
      String type = required(parameters, "subject_token_type");
      if (!SUBJECT_TOKEN_TYPES.contains(type)) {
        throw ExchangeRefusedException.invalid(
            "request",
            "subject_token_type must be one of " + String.join(", ", SUBJECT_TOKEN_TYPES));
      }
      String requested = parameters.get("requested_token_type");
      if (requested != null && !requested.equals(ACCESS_TOKEN_TYPE)) {
        throw ExchangeRefusedException.invalid(
            "request", "requested_token_type can only be " + ACCESS_TOKEN_TYPE);
      }
      if (parameters.containsKey("actor_token") || parameters.containsKey("actor_token_type")) {
        throw ExchangeRefusedException.invalid(
            "request", "actor_token (delegation) is not supported");
      }
      return new Request(
          token,
          project(parameters.get("scope")),
          lifetime(parameters.get("expires_in"), settings));
    }

    /** The lifetime asked for with {@code expires_in} (seconds), an extension of this server. */
    private static Duration lifetime(String expiresIn, FederationSettings settings) {
      if (expiresIn == null) {
        return settings.accessTokenLifetime();
      }
      long longest = settings.maxAccessTokenLifetime().toSeconds();
      long seconds = expiresIn.matches("[0-9]{1,6}") ? Long.parseLong(expiresIn) : -1;
      if (seconds < 60 || seconds > longest) {
        throw ExchangeRefusedException.invalid(
            "request", "expires_in must be a number of seconds from 60 to " + longest);
      }
      return Duration.ofSeconds(seconds);
    }

    private static Optional<String> project(String scope) {
      if (scope == null) {
        return Optional.empty();
      }
      String name = scope.startsWith(SCOPE_PREFIX) ? scope.substring(SCOPE_PREFIX.length()) : "";
      if (ProjectNames.projectProblem(name).isPresent()) {
        throw new ExchangeRefusedException(
            400, "invalid_scope", "scope", "scope must be project:<project name>");
      }
      return Optional.of(name);
    }

    private static String required(Map<String, String> parameters, String name) {
      String value = parameters.get(name);
      if (value == null || value.isEmpty()) {
        throw ExchangeRefusedException.invalid("request", name + " is required");
      }
      return value;
    }
  }
}
