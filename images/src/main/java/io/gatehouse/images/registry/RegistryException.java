package io.gatehouse.images.registry;

/**
 * A registry call that failed. The message names the registry and repository, never credentials or
 * tokens; {@link #reason()} tells callers what kind of failure it was so that they can decide, for
 * example, to fail closed.
 */
public final class RegistryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Reason {
    /** The registry could not be reached (connection refused, DNS failure, reset). */
    UNREACHABLE,
    /** The registry did not answer within the configured timeout. */
    TIMEOUT,
    /** The registry refused the credentials, or there were none. */
    UNAUTHORIZED,
    /** The manifest, blob or repository does not exist. */
    NOT_FOUND,
    /** Content did not hash to the digest it was asked for or announced with. */
    DIGEST_MISMATCH,
    /** A response was larger than allowed, or not the size announced. */
    TOO_LARGE,
    /** The registry answered something the distribution API does not allow. */
    PROTOCOL_ERROR
  }

  private final Reason reason;
  private final String registry;
  private final String repository;

  RegistryException(Reason reason, String registry, String repository, String detail) {
    super(message(reason, registry, repository, detail));
    this.reason = reason;
    this.registry = registry;
    this.repository = repository;
  }

  RegistryException(
      Reason reason, String registry, String repository, String detail, Throwable cause) {
    super(message(reason, registry, repository, detail), cause);
    this.reason = reason;
    this.registry = registry;
    this.repository = repository;
  }

  /** The kind of failure. */
  public Reason reason() {
    return reason;
  }

  /** The registry host the call went to. */
  public String registry() {
    return registry;
  }

  /** The repository the call was about; empty for calls not about one. */
  public String repository() {
    return repository;
  }

  private static String message(Reason reason, String registry, String repository, String detail) {
    String where = repository.isEmpty() ? registry : registry + "/" + repository;
    return reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
        + ": "
        + where
        + ": "
        + detail;
  }
}
