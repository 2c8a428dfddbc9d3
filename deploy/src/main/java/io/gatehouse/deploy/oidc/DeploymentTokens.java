package io.gatehouse.deploy.oidc;

import io.gatehouse.deploy.access.Principal;
import io.gatehouse.deploy.audit.AuditEvent;
import io.gatehouse.deploy.audit.AuditWriter;
import io.gatehouse.deploy.deployment.Deployment;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Issues deployment tokens: short-lived JWTs, signed by this server as an OIDC issuer, for a
 * deployment that passed its rules, to that deployment's job only: the deployment and its job
 * checked, the project's token settings (remembered for a second), the token signed, and its audit
 * entry, which names the token's {@code jti}, audience, key and expiry but never holds the token,
 * committed before the token is handed out. The entries of tokens issued at the same time share a
 * transaction ({@link AuditWriter}).
 */
public final class DeploymentTokens {
  /**
   * The deployment a principal may act for as its job.
   *
   * @see io.gatehouse.deploy.deployment.DeploymentService#forJob
   */
  @FunctionalInterface
  public interface Jobs {
    /**
     * The deployment when the principal is its job and it is approved or in progress.
     *
     * @throws io.gatehouse.deploy.server.ApiException otherwise (404, 403, 409)
     */
    Deployment forJob(Handle handle, Principal principal, long id);
  }

  private static final Base64.Encoder JTI = Base64.getUrlEncoder().withoutPadding();

  private final Jdbi jdbi;
  private final Jobs jobs;
  private final SigningKeys keys;
  private final TokenSettingsStore settings;
  private final AuditWriter audit;
  private final Clock clock;
  private final SecureRandom random;
  private final Supplier<URI> issuer;
  private volatile String issuerText;

  /**
   * The service.
   *
   * @param issuer this issuer's URL, as {@code iss} states it
   */
  public DeploymentTokens(
      Jdbi jdbi,
      Jobs jobs,
      SigningKeys keys,
      AuditWriter audit,
      Clock clock,
      SecureRandom random,
      Supplier<URI> issuer) {
    this.jdbi = jdbi;
    this.jobs = jobs;
    this.keys = keys;
    this.settings = new TokenSettingsStore(System::nanoTime);
    this.audit = audit;
    this.clock = clock;
    this.random = random;
    this.issuer = issuer;
  }

  /**
   * An issued token.
   *
   * @param token the compact JWS
   * @param expiresAt its {@code exp}
   * @param kid the key that signed it
   * @param algorithm the algorithm it is signed with
   */
  public record Issued(String token, Instant expiresAt, String kid, SigningAlgorithm algorithm) {}

  /**
   * Issues a token for the deployment to its job.
   *
   * @throws io.gatehouse.deploy.server.ApiException when the principal is not the deployment's job
   *     or the deployment is not approved or in progress
   */
  public Issued issue(Principal principal, long deploymentId, TokenRequest request) {
    String iss = issuerText();
    Checked checked =
        jdbi.withHandle(
            h -> {
              Deployment deployment = jobs.forJob(h, principal, deploymentId);
              return new Checked(deployment, settings.of(h, deployment.project()));
            });
    Deployment deployment = checked.deployment();
    ActiveKey key = keys.active(request.algorithm().orElse(checked.settings().algorithm()));
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant expires = now.plus(request.lifetime());
    String jti = jti();
    byte[] payload =
        TokenClaims.payload(
            new TokenClaims.Values(iss, request.audience(), now, expires, jti, deployment),
            checked.settings());
    String token = key.sign(payload);
    // Committed before the token leaves: a token is never out without its audit entry.
    audit.append(event(principal, deployment, request, key, jti, expires));
    return new Issued(token, expires, key.kid(), key.algorithm());
  }

  private record Checked(Deployment deployment, TokenSettings settings) {}

  /**
   * The issuer URL as {@code iss} states it: without a trailing slash. Read once, at the first
   * request, when the server's own address is known; it does not change while the server runs.
   */
  String issuerText() {
    String known = issuerText;
    if (known == null) {
      String text = issuer.get().toString();
      known = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
      issuerText = known;
    }
    return known;
  }

  /** The settings store, for the settings routes. */
  TokenSettingsStore settings() {
    return settings;
  }

  private String jti() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return JTI.encodeToString(bytes);
  }

  private static AuditEvent event(
      Principal principal,
      Deployment deployment,
      TokenRequest request,
      ActiveKey key,
      String jti,
      Instant expires) {
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("jti", jti);
    inputs.put("audience", request.audience());
    inputs.put("kid", key.kid());
    inputs.put("alg", key.algorithm().name());
    inputs.put("expires_at", expires.toString());
    return new AuditEvent(
        principal.name(),
        "deployment.token.issue",
        "deployment/" + deployment.id(),
        Optional.of(deployment.project()),
        Optional.empty(),
        inputs);
  }
}
