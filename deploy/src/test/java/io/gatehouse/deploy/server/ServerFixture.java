package io.gatehouse.deploy.server;

import io.gatehouse.deploy.persistence.DatabaseConfig;
import io.gatehouse.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * A real {@link GatehouseServer} on a free loopback port, for tests of any module, with a plain
 * HTTP client pointed at it. Close it when done.
 */
public final class ServerFixture implements AutoCloseable {
  private final GatehouseServer server;
  private final String adminToken;
  private final URI base;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private ServerFixture(GatehouseServer server, String adminToken) {
    this.server = server;
    this.adminToken = adminToken;
    this.base = server.uri();
  }

  /** Starts a server on {@code database} with only its own routes. */
  public static ServerFixture start(TestDatabase database) {
    return start(database, List.of());
  }

  /** Starts a server on {@code database} serving {@code groups} beside its own routes. */
  public static ServerFixture start(TestDatabase database, List<RouteGroup> groups) {
    return start(configFor(database), groups);
  }

  /** Starts a server with exactly this configuration. */
  public static ServerFixture start(ServerConfig config, List<RouteGroup> groups) {
    return start(config, ControlPlaneSettings.defaults(), groups, Clock.systemUTC());
  }

  /**
   * Starts a server with this configuration, control plane settings and clock. Unless the settings
   * name one, the first admin's token is a fresh random one, available from {@link #adminToken()}.
   */
  public static ServerFixture start(
      ServerConfig config, ControlPlaneSettings settings, List<RouteGroup> groups, Clock clock) {
    String token = settings.bootstrapAdminToken().orElseGet(ServerFixture::randomToken);
    GatehouseServer server =
        GatehouseServer.start(config, settings.withBootstrapAdminToken(token), groups, clock);
    return new ServerFixture(server, token);
  }

  private static String randomToken() {
    byte[] bytes = new byte[32];
    new java.security.SecureRandom().nextBytes(bytes);
    return "gth_" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * The token of the admin created at the first start of this database (on a database that had
   * users already, a token that may not exist).
   */
  public String adminToken() {
    return adminToken;
  }

  /** A configuration on {@code database}, listening on a free loopback port. */
  public static ServerConfig configFor(TestDatabase database) {
    DatabaseConfig db =
        new DatabaseConfig(
            database.jdbcUrl(),
            database.user(),
            database.password(),
            DatabaseConfig.DEFAULT_CONNECT_TIMEOUT);
    return ServerConfig.defaults(db).withAddress("127.0.0.1", 0);
  }

  /** The running server. */
  public GatehouseServer server() {
    return server;
  }

  /** The absolute URI of {@code path} on this server. */
  public URI uri(String path) {
    return base.resolve(path);
  }

  /** Sends {@code GET path} and returns the answer. */
  public HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET().build());
  }

  /** Sends a request and returns the answer as text. */
  public HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("request to " + request.uri() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
