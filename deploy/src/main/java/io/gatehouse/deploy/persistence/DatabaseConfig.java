package io.gatehouse.deploy.persistence;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Where the control plane keeps its state and how to log in there.
 *
 * <p>Two kinds are supported: an embedded H2 file database (the default, for one process) and
 * PostgreSQL (production; several server replicas share one). One set of migrations serves both.
 *
 * @param url a {@code jdbc:h2:file:} or {@code jdbc:postgresql://} URL
 * @param user the user to log in as; may be empty for H2
 * @param password the password; never printed by {@link #toString()}
 * @param connectTimeout how long to wait for the database to answer a connection attempt
 */
public record DatabaseConfig(String url, String user, String password, Duration connectTimeout) {
  /** The longest connect timeout accepted. */
  public static final Duration MAX_CONNECT_TIMEOUT = Duration.ofMinutes(5);

  /** The connect timeout used unless another is given. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** Validates the settings; see {@link DatabaseConfigException} for what is refused. */
  public DatabaseConfig {
    if (url == null || url.isBlank()) {
      throw new DatabaseConfigException("database URL is empty");
    }
    if (kindOf(url) == null) {
      throw new DatabaseConfigException(
          "unsupported database URL (expected jdbc:postgresql://host:port/db or jdbc:h2:file:path): "
              + redact(url));
    }
    if (user == null || password == null) {
      throw new DatabaseConfigException("database user and password must not be null");
    }
    if (connectTimeout == null
        || connectTimeout.compareTo(Duration.ofSeconds(1)) < 0
        || connectTimeout.compareTo(MAX_CONNECT_TIMEOUT) > 0) {
      throw new DatabaseConfigException(
          "database connect timeout must be between 1s and "
              + MAX_CONNECT_TIMEOUT
              + ": "
              + connectTimeout);
    }
  }

  /**
   * The embedded default: an H2 file database named {@code gatehouse} in {@code dataDir}, in
   * PostgreSQL compatibility mode so that the same migrations serve both.
   */
  public static DatabaseConfig embedded(Path dataDir) {
    Path file = dataDir.toAbsolutePath().normalize().resolve("gatehouse");
    return new DatabaseConfig("jdbc:h2:file:" + file, "sa", "", DEFAULT_CONNECT_TIMEOUT);
  }

  /** Which database this URL names. */
  public DatabaseKind kind() {
    return kindOf(url);
  }

  @Override
  public String toString() {
    return "DatabaseConfig[url="
        + redact(url)
        + ", user="
        + user
        + ", connectTimeout="
        + connectTimeout
        + "]";
  }

  private static DatabaseKind kindOf(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.startsWith("jdbc:postgresql://")) {
      return DatabaseKind.POSTGRESQL;
    }
    if (lower.startsWith("jdbc:h2:file:")) {
      return DatabaseKind.H2;
    }
    return null;
  }

  /** A URL fit for a message: query parameters may carry a password, so they are dropped. */
  static String redact(String url) {
    int query = url.indexOf('?');
    int h2Options = url.indexOf(';');
    int cut = query >= 0 ? query : h2Options;
    String shown = cut >= 0 ? url.substring(0, cut) : url;
    return shown.length() > 200 ? shown.substring(0, 200) + "…" : shown;
  }
}
