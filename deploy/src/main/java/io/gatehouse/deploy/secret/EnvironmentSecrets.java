package io.gatehouse.deploy.secret;

import io.gatehouse.deploy.keys.Envelope;
import io.gatehouse.deploy.project.ProjectNames;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Reads one secret of an environment for the server's own use (the login of a {@code dast} gate's
 * scan), opened with the master keys. The value goes to no log line and no answer.
 */
public final class EnvironmentSecrets {
  private final Jdbi jdbi;
  private final Envelope envelope;

  private EnvironmentSecrets(Jdbi jdbi, Envelope envelope) {
    this.jdbi = jdbi;
    this.envelope = envelope;
  }

  /** The secrets stored in this database, sealed with this envelope. */
  public static EnvironmentSecrets on(Jdbi jdbi, Envelope envelope) {
    return new EnvironmentSecrets(jdbi, envelope);
  }

  /**
   * The secret {@code name} (without regard to case) of the environment {@code environment} of the
   * project with database id {@code projectId}, or empty when there is none.
   *
   * @throws io.gatehouse.deploy.keys.SealedValueException when it does not open with any known
   *     master key
   */
  public Optional<String> secret(long projectId, String environment, String name) {
    return jdbi.withHandle(
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
