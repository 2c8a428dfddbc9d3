package io.gatehouse.deploy.secret;

import io.gatehouse.deploy.keys.Envelope;
import io.gatehouse.deploy.server.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The secrets and variables of environments, inside the caller's transaction. A write locks the
 * environment's row first, so that the per-environment limit and the uniqueness of names across
 * both tables hold under concurrent writes. Secrets are sealed with {@link Envelope} under the
 * context {@code secret:<environment id>:<NAME_KEY>}, so that a sealed value copied to another row
 * does not open.
 */
final class EnvironmentValues {
  /** The most secrets, and separately the most variables, an environment holds. */
  static final int MAX_PER_ENVIRONMENT = 100;

  private final Envelope envelope;
  private final Clock clock;

  EnvironmentValues(Envelope envelope, Clock clock) {
    this.envelope = envelope;
    this.clock = clock;
  }

  /** What a write did. */
  enum Change {
    CREATED,
    UPDATED
  }

  /** The kinds of values, with their table and how a value is stored. */
  enum Kind {
    SECRET("secret", "secrets"),
    VARIABLE("variable", "variables");

    final String word;
    final String plural;

    Kind(String word, String plural) {
      this.word = word;
      this.plural = plural;
    }

    ValueTable table() {
      return this == SECRET ? ValueTable.SECRETS : ValueTable.VARIABLES;
    }

    ValueTable other() {
      return this == SECRET ? ValueTable.VARIABLES : ValueTable.SECRETS;
    }
  }

  /** The environment's values of this kind, by name; a secret's row holds its sealed value. */
  List<ValueTable.Row> list(Handle handle, Kind kind, long environmentId) {
    return kind.table().list(handle, environmentId);
  }

  /** The value of this kind with this name (without regard to case). */
  Optional<ValueTable.Row> find(Handle handle, Kind kind, long environmentId, String name) {
    return kind.table().find(handle, environmentId, ValueNames.key(name));
  }

  /**
   * Sets a value; the name must be valid already.
   *
   * @throws ApiException 400 for a bad value, 409 {@code name_conflict} when the name differs only
   *     in case from an existing one or names a value of the other kind, 409 {@code limit_reached}
   *     for one too many
   */
  Change set(
      Handle handle, Kind kind, long environmentId, String name, String value, String actor) {
    byte[] bytes = ValueText.utf8(kind.word, value);
    if (kind == Kind.SECRET && bytes.length == 0) {
      throw new ApiException(400, "invalid_value", "a secret's value must not be empty");
    }
    lockEnvironment(handle, environmentId);
    String key = ValueNames.key(name);
    if (kind.other().find(handle, environmentId, key).isPresent()) {
      throw new ApiException(
          409,
          "name_conflict",
          "the environment has a "
              + (kind == Kind.SECRET ? "variable" : "secret")
              + " named "
              + name
              + "; secrets and variables share one set of names, compared without regard to case");
    }
    String stored = kind == Kind.SECRET ? envelope.seal(bytes, context(environmentId, key)) : value;
    var now = clock.instant().atOffset(ZoneOffset.UTC);
    Optional<ValueTable.Row> existing = kind.table().find(handle, environmentId, key);
    if (existing.isPresent()) {
      if (!existing.get().name().equals(name)) {
        throw new ApiException(
            409,
            "name_conflict",
            "the environment has a "
                + kind.word
                + " named "
                + existing.get().name()
                + "; names are compared without regard to case, so set that one or delete it first");
      }
      kind.table().update(handle, existing.get().id(), stored, actor, now);
      return Change.UPDATED;
    }
    if (kind.table().count(handle, environmentId) >= MAX_PER_ENVIRONMENT) {
      throw new ApiException(
          409,
          "limit_reached",
          "an environment holds at most " + MAX_PER_ENVIRONMENT + " " + kind.plural);
    }
    kind.table().insert(handle, environmentId, name, stored, actor, now);
    return Change.CREATED;
  }

  /** Deletes a value; whether there was one. */
  boolean delete(Handle handle, Kind kind, long environmentId, String name) {
    lockEnvironment(handle, environmentId);
    return kind.table().delete(handle, environmentId, ValueNames.key(name));
  }

  /**
   * Every secret, opened, and every variable of the environment, each by name.
   *
   * @throws io.gatehouse.deploy.keys.SealedValueException when a secret does not open with any
   *     known master key
   */
  Released release(Handle handle, long environmentId) {
    Map<String, String> secrets = new LinkedHashMap<>();
    for (ValueTable.Row row : ValueTable.SECRETS.list(handle, environmentId)) {
      byte[] plain =
          envelope.open(row.stored(), context(environmentId, ValueNames.key(row.name())));
      secrets.put(row.name(), new String(plain, StandardCharsets.UTF_8));
    }
    Map<String, String> variables = new LinkedHashMap<>();
    for (ValueTable.Row row : ValueTable.VARIABLES.list(handle, environmentId)) {
      variables.put(row.name(), row.stored());
    }
    return new Released(
        Collections.unmodifiableMap(secrets), Collections.unmodifiableMap(variables));
  }

  /** The context a secret is sealed under. */
  static String context(long environmentId, String key) {
    return "secret:" + environmentId + ":" + key;
  }

  private static void lockEnvironment(Handle handle, long environmentId) {
    if (handle
        .createQuery("SELECT id FROM environments WHERE id = :id FOR UPDATE")
        .bind("id", environmentId)
        .mapTo(Long.class)
        .findOne()
        .isEmpty()) {
      throw new ApiException(404, "not_found", "no such environment");
    }
  }

  /**
   * An environment's values for a deployment's job.
   *
   * @param secrets the secrets' plaintexts by name
   * @param variables the variables by name
   */
  record Released(Map<String, String> secrets, Map<String, String> variables) {}
}
