package io.gatehouse.cli;

import io.gatehouse.deploy.persistence.DatabaseConfig;
import io.gatehouse.deploy.persistence.DatabaseConfigException;
import io.gatehouse.deploy.server.ControlPlaneSettings;
import io.gatehouse.deploy.server.GatehouseServer;
import io.gatehouse.deploy.server.ServerConfig;
import io.gatehouse.deploy.server.ServerConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code gatehouse server}: the control plane process. */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    versionProvider = Gatehouse.Version.class,
    description = {
      "Runs the Gatehouse control plane: REST API, web UI, health, readiness and metrics.",
      "",
      "State is kept in an embedded H2 database under --data-dir unless --database-url names a"
          + " PostgreSQL database (production; several replicas may share it). The database schema"
          + " is migrated at start. SIGTERM or Ctrl-C stops the server gracefully."
    },
    footer = {
      "",
      "Environment:",
      "  GATEHOUSE_DB_USER      user for --database-url",
      "  GATEHOUSE_DB_PASSWORD  password for --database-url (kept off the command line)",
      "  GATEHOUSE_ADMIN_TOKEN  token of the first admin, created on a database with no user"
          + " yet; without it a token is generated and printed once",
      "  GATEHOUSE_LOG_FORMAT   'json' for one JSON object per log line; text otherwise",
      "",
      "Exit codes: 0 stopped cleanly, 1 could not start (database, address), 2 bad command line."
    })
final class ServerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      converter = PortConverter.class,
      defaultValue = "8080",
      description = "TCP port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--bind",
      paramLabel = "ADDRESS",
      defaultValue = ServerConfig.DEFAULT_BIND,
      description =
          "Address to listen on; 0.0.0.0 for every interface (default: ${DEFAULT-VALUE}).")
  String bind;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      defaultValue = "gatehouse-data",
      description = "Directory of the embedded H2 database (default: ./${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--database-url",
      paramLabel = "URL",
      description = "PostgreSQL database instead of H2, e.g. jdbc:postgresql://db:5432/gatehouse.")
  String databaseUrl;

  @Option(
      names = "--database-connect-timeout",
      paramLabel = "DURATION",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description = "How long to wait for the database to answer (default: ${DEFAULT-VALUE}).")
  Duration databaseConnectTimeout;

  @Option(
      names = "--shutdown-timeout",
      paramLabel = "DURATION",
      defaultValue = "8s",
      converter = DurationConverter.class,
      description =
          "How long requests in flight may run on after a stop is asked for (default:"
              + " ${DEFAULT-VALUE}).")
  Duration shutdownTimeout;

  @Option(
      names = "--public-url",
      paramLabel = "URL",
      description =
          "The URL clients and gates reach this server at, for links such as gate callbacks"
              + " (default: the listening address).")
  URI publicUrl;

  @Option(
      names = "--demo",
      description =
          "Seed a demonstration: teams dev, security and ops, their users, project 'shop' with"
              + " environments dev, staging and prod; prints a fresh token for each user. See"
              + " docs/quickstart.md.")
  boolean demo;

  @Mixin Verbosity verbosity;

  private final Map<String, String> environment;

  ServerCommand() {
    this(System.getenv());
  }

  ServerCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() throws InterruptedException {
    GatehouseServer server =
        GatehouseServer.start(config(), settings(), List.of(), Clock.systemUTC());
    UntilSignalled.run(server, shutdownTimeout.toString().substring(2).toLowerCase(Locale.ROOT));
    return 0;
  }

  private ServerConfig config() {
    try {
      return new ServerConfig(
          bind, port, database(), shutdownTimeout, ServerConfig.DEFAULT_MAX_REQUEST_BYTES);
    } catch (ServerConfigException | DatabaseConfigException e) {
      throw new ParameterException(spec.commandLine(), "Invalid option value: " + e.getMessage());
    }
  }

  private ControlPlaneSettings settings() {
    if (publicUrl != null
        && (!publicUrl.isAbsolute()
            || !(publicUrl.getScheme().equals("http") || publicUrl.getScheme().equals("https")))) {
      throw new ParameterException(
          spec.commandLine(), "Invalid value for option '--public-url': expected an http(s) URL");
    }
    ControlPlaneSettings defaults = ControlPlaneSettings.defaults();
    ControlPlaneSettings settings =
        new ControlPlaneSettings(
            defaults.bootstrapAdminToken(),
            Optional.ofNullable(publicUrl),
            defaults.workerInterval(),
            defaults.leaseDuration(),
            demo);
    String token = environment.getOrDefault("GATEHOUSE_ADMIN_TOKEN", "");
    return token.isEmpty() ? settings : settings.withBootstrapAdminToken(token);
  }

  private DatabaseConfig database() {
    if (databaseUrl == null) {
      createDataDir();
      DatabaseConfig embedded = DatabaseConfig.embedded(dataDir);
      return new DatabaseConfig(
          embedded.url(), embedded.user(), embedded.password(), databaseConnectTimeout);
    }
    if (!databaseUrl.startsWith("jdbc:postgresql://")) {
      throw new ParameterException(
          spec.commandLine(),
          "Invalid value for option '--database-url': expected jdbc:postgresql://HOST[:PORT]/DB");
    }
    return new DatabaseConfig(
        databaseUrl,
        environment.getOrDefault("GATEHOUSE_DB_USER", ""),
        environment.getOrDefault("GATEHOUSE_DB_PASSWORD", ""),
        databaseConnectTimeout);
  }

  private void createDataDir() {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot create the data directory " + dataDir.toAbsolutePath() + ": " + e, e);
    }
  }
}
