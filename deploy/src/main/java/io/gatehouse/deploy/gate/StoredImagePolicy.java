package io.gatehouse.deploy.gate;

import io.gatehouse.images.policy.ImagePolicy;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/**
 * The trusted-image policy last applied, read from table {@code image_policy} (the {@code images}
 * document of {@code gatehouse.yaml}). The compiled policy is kept until the stored document
 * changes. A stored document that no longer parses throws, so that a gate fails closed and says so.
 */
public final class StoredImagePolicy implements Supplier<Optional<ImagePolicy>> {
  private final Jdbi jdbi;
  private Cached cached;

  private record Cached(Instant updatedAt, ImagePolicy policy) {}

  private record Row(String document, Instant updatedAt) {}

  private StoredImagePolicy(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** The policy stored in this database. */
  public static StoredImagePolicy on(Jdbi jdbi) {
    return new StoredImagePolicy(Objects.requireNonNull(jdbi, "jdbi"));
  }

  /**
   * The policy applied now, empty when none has been applied.
   *
   * @throws io.gatehouse.images.policy.PolicyFileException if the stored document is not valid
   */
  @Override
  public synchronized Optional<ImagePolicy> get() {
    Optional<Row> row =
        jdbi.withHandle(
            handle ->
                handle
                    .createQuery(
                        "SELECT document, updated_at FROM image_policy WHERE singleton = 1")
                    .map(
                        (rs, ctx) ->
                            new Row(
                                rs.getString("document"),
                                rs.getTimestamp("updated_at").toInstant()))
                    .findOne());
    if (row.isEmpty()) {
      cached = null;
      return Optional.empty();
    }
    if (cached == null || !cached.updatedAt().equals(row.get().updatedAt())) {
      cached = new Cached(row.get().updatedAt(), ImagePolicy.parse(row.get().document()));
    }
    return Optional.of(cached.policy());
  }
}
