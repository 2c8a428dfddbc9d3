package io.gatehouse.deploy.server;

import io.gatehouse.deploy.persistence.DatabaseConfig;
import java.time.Duration;

/**
 * How {@code gatehouse server} runs: where it listens, where its state is, how it stops.
 *
 * @param bind the address to listen on ({@code 127.0.0.1} by default; {@code 0.0.0.0} for all)
 * @param port the TCP port; 0 picks a free one
 * @param database where the state is kept
 * @param shutdownTimeout how long in-flight requests may run on after a stop is asked for
 * @param maxRequestBytes the largest request body accepted
 */
public record ServerConfig(
    String bind,
    int port,
    DatabaseConfig database,
    Duration shutdownTimeout,
    long maxRequestBytes) {
  /** The default address: loopback only, so a first start exposes nothing. */
  public static final String DEFAULT_BIND = "127.0.0.1";

  /** The default port. */
  public static final int DEFAULT_PORT = 8080;

  /** The default grace for in-flight requests on stop; leaves room to exit within 10 s. */
  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(8);

  /** The default largest request body: 1 MiB. */
  public static final long DEFAULT_MAX_REQUEST_BYTES = 1 << 20;

  /** Validates the settings. */
  public ServerConfig {
    if (bind == null || bind.isBlank()) {
      throw new ServerConfigException("bind address is empty");
    }
    if (port < 0 || port > 65_535) {
      throw new ServerConfigException("port must be between 0 and 65535: " + port);
    }
    if (database == null) {
      throw new ServerConfigException("database settings are missing");
    }
    if (shutdownTimeout == null
        || shutdownTimeout.isNegative()
        || shutdownTimeout.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new ServerConfigException(
          "shutdown timeout must be between 0 and 10 minutes: " + shutdownTimeout);
    }
    if (maxRequestBytes < 1024 || maxRequestBytes > (64L << 20)) {
      throw new ServerConfigException(
          "largest request body must be between 1 KiB and 64 MiB: " + maxRequestBytes);
    }
  }

  /** The defaults, on the given database. */
  public static ServerConfig defaults(DatabaseConfig database) {
    return new ServerConfig(
        DEFAULT_BIND, DEFAULT_PORT, database, DEFAULT_SHUTDOWN_TIMEOUT, DEFAULT_MAX_REQUEST_BYTES);
  }

  /** This configuration listening on another address and port. */
  public ServerConfig withAddress(String newBind, int newPort) {
    return new ServerConfig(newBind, newPort, database, shutdownTimeout, maxRequestBytes);
  }

  /** This configuration with another grace period for in-flight requests. */
  public ServerConfig withShutdownTimeout(Duration timeout) {
    return new ServerConfig(bind, port, database, timeout, maxRequestBytes);
  }
}
