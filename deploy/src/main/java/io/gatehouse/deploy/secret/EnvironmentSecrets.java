package io.gatehouse.deploy.secret;

import io.gatehouse.deploy.audit.AuditEvent;
import io.gatehouse.deploy.audit.AuditLog;
import io.gatehouse.deploy.gate.GateDeployment;
import io.gatehouse.deploy.keys.Envelope;
import io.gatehouse.deploy.project.ProjectNames;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Reads one secret of an environment for the server's own use (the login of a {@code dast} gate's
 * scan), opened with the master keys. The value goes to no log line and no answer; each read is an
 * audit entry {@code dast_gate.secret.read} on the deployment, naming the environment and the
 * secret.
 */
public final class EnvironmentSecrets {
  private final Jdbi jdbi;
  private final Envelope envelope;
  private final AuditLog audit;

  private EnvironmentSecrets(Jdbi jdbi, Envelope envelope, AuditLog audit) {
    this.jdbi = jdbi;
    this.envelope = envelope;
    this.audit = audit;
  }

  /** The secrets stored in this database, sealed with this envelope, reads audited in this log. */
  public static EnvironmentSecrets on(Jdbi jdbi, Envelope envelope, AuditLog audit) {
    return new EnvironmentSecrets(jdbi, envelope, audit);
  }

  /**
   * The secret {@code name} (without regard to case) of the environment of {@code deployment} in
   * the project with database id {@code projectId}, or empty when there is none.
   *
   * @throws io.gatehouse.deploy.keys.SealedValueException when it does not open with any known
   *     master key
   */
  public Optional<String> secret(long projectId, GateDeployment deployment, String name) {
    String environment = deployment.environment();
    return jdbi.inTransaction(
        handle -> {
          Optional<Long> environmentId =
              handle
                  .createQuery(
                      "SELECT id FROM environments WHERE project_id = :project AND name_key = :key")
                  .bind("project", projectId)
                  .bind("key", ProjectNames.key(environment))
                  .mapTo(Long.class)
                  .findOne();
          if (environmentId.isEmpty()) {
            return Optional.empty();
          }
          String key = ValueNames.key(name);
          audit.append(
              handle,
              new AuditEvent(
                  "system",
                  "dast_gate.secret.read",
                  "deployment/" + deployment.id(),
                  Optional.of(deployment.project()),
                  Optional.empty(),
                  Map.of("environment", environment, "secret", name)));
          return ValueTable.SECRETS
              .find(handle, environmentId.get(), key)
              .map(
                  row ->
                      new String(
                          envelope.open(
                              row.stored(), EnvironmentValues.context(environmentId.get(), key)),
                          StandardCharsets.UTF_8));
        });
  }
}
