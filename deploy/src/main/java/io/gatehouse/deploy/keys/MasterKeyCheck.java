package io.gatehouse.deploy.keys;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Proves at start that the server's master keys open the database's sealed data: the first start
 * seals a known value into {@code master_key_check}; every later start must open it.
 */
public final class MasterKeyCheck {
  /** The sealed context of the check value; a rotation re-wraps it like every other value. */
  public static final String CONTEXT = "master-key-check";

  private static final byte[] MARKER =
      "gatehouse master key check".getBytes(StandardCharsets.US_ASCII);

  private MasterKeyCheck() {}

  /**
   * Seals the check value on a new database, or opens it on an existing one.
   *
   * @throws MasterKeyMismatchException when none of the server's master keys opens it
   */
  public static void verify(Jdbi jdbi, Envelope envelope, Clock clock) {
    Optional<String> stored =
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT sealed FROM master_key_check WHERE singleton = 1")
                    .mapTo(String.class)
                    .findOne());
    if (stored.isEmpty()) {
      jdbi.useHandle(
          h ->
              h.createUpdate(
                      "INSERT INTO master_key_check (singleton, sealed, created_at)"
                          + " SELECT 1, :sealed, :at WHERE NOT EXISTS"
                          + " (SELECT 1 FROM master_key_check WHERE singleton = 1)")
                  .bind("sealed", envelope.seal(MARKER, CONTEXT))
                  .bind("at", clock.instant().atOffset(ZoneOffset.UTC))
                  .execute());
      return;
    }
    try {
      envelope.open(stored.get(), CONTEXT);
    } catch (SealedValueException e) {
      throw new MasterKeyMismatchException(
          "the master key does not open this database's sealed data ("
              + e.getMessage()
              + "); start with the master key the database was created or last rotated with"
              + " (GATEHOUSE_MASTER_KEY or --master-key-file), or give that key as the previous"
              + " key during a rotation",
          e);
    }
  }
}
