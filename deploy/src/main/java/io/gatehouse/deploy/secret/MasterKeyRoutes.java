package io.gatehouse.deploy.secret;

import io.gatehouse.deploy.access.Principal;
import io.gatehouse.deploy.audit.AuditEvent;
import io.gatehouse.deploy.audit.AuditLog;
import io.gatehouse.deploy.server.ApiException;
import io.gatehouse.deploy.server.RouteGroup;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/keys/master/rotate} (admin): re-wraps every sealed value under the primary
 * master key and answers what it did. The audit log records who ran it and the counts.
 */
public final class MasterKeyRoutes implements RouteGroup {
  private static final Logger log = LoggerFactory.getLogger(MasterKeyRoutes.class);

  private final Jdbi jdbi;
  private final Function<Context, Principal> authenticator;
  private final MasterKeyRotation rotation;
  private final String primaryFingerprint;
  private final AuditLog audit;

  /**
   * The route over this rotation.
   *
   * @param primaryFingerprint the primary master key's fingerprint, answered so the operator can
   *     see which key the values are now under
   */
  public MasterKeyRoutes(
      Jdbi jdbi,
      Function<Context, Principal> authenticator,
      MasterKeyRotation rotation,
      String primaryFingerprint,
      AuditLog audit) {
    this.jdbi = jdbi;
    this.authenticator = authenticator;
    this.rotation = rotation;
    this.primaryFingerprint = primaryFingerprint;
    this.audit = audit;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.post("/api/v1/keys/master/rotate", this::rotate);
  }

  /**
   * The answer.
   *
   * @param primary the fingerprint of the key every readable value is now under
   * @param rewrapped the values re-wrapped, in all tables
   * @param unreadable the values no configured key opens, in all tables
   * @param tables what happened in each table
   */
  record Answer(
      String primary, long rewrapped, long unreadable, List<MasterKeyRotation.Outcome> tables) {}

  private void rotate(Context ctx) {
    Principal principal = authenticator.apply(ctx);
    if (!principal.admin()) {
      throw new ApiException(403, "forbidden", "only an admin may rotate the master key");
    }
    List<MasterKeyRotation.Outcome> outcomes = rotation.rotate();
    long rewrapped = outcomes.stream().mapToLong(MasterKeyRotation.Outcome::rewrapped).sum();
    long unreadable = outcomes.stream().mapToLong(MasterKeyRotation.Outcome::unreadable).sum();
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("primary", primaryFingerprint);
    inputs.put("rewrapped", rewrapped);
    inputs.put("unreadable", unreadable);
    jdbi.useTransaction(
        handle ->
            audit.append(
                handle,
                AuditEvent.of(principal.name(), "keys.master.rotate", "keys/master")
                    .withInputs(inputs)));
    log.info(
        "master key rotation by {}: {} values re-wrapped under key {}, {} unreadable",
        principal.name(),
        rewrapped,
        primaryFingerprint,
        unreadable);
    ctx.json(new Answer(primaryFingerprint, rewrapped, unreadable, outcomes));
  }
}
