package io.gatehouse.cli;

import io.gatehouse.deploy.keys.MasterKeySource;
import io.gatehouse.deploy.keys.MasterKeys;
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
import java.security.SecureRandom;
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
      "  GATEHOUSE_MASTER_KEY   master key, base64 of 32 bytes (instead of --master-key-file)",
      "  GATEHOUSE_MASTER_KEY_PREVIOUS  the key being replaced during a master key rotation",
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
      names = "--issuer-url",
      paramLabel = "URL",
      description =
          "The issuer (iss) of the OIDC tokens this server gives deployments: the https URL at"
              + " which relying parties fetch /.well-known/openid-configuration (default: the"
              + " public URL).")
  URI issuerUrl;

  @Option(
      names = "--signing-key-rotation",
      paramLabel = "DURATION",
      defaultValue = "720h",
      converter = DurationConverter.class,
      description =
          "How long an OIDC signing key signs before a new one replaces it, at least 1h"
              + " (default: ${DEFAULT-VALUE}, 30 days). 'gatehouse keys rotate-signing' rotates"
              + " at once.")
  Duration signingKeyRotation;

  @Option(
      names = "--master-key-file",
      paramLabel = "FILE",
      description =
          "File holding the master key (base64 of 32 bytes) that seals secrets and signing keys;"
              + " or set GATEHOUSE_MASTER_KEY. Required with --database-url; the embedded"
              + " database defaults to DATA-DIR/master.key, made on first start.")
  Path masterKeyFile;

  @Option(
      names = "--previous-master-key-file",
      paramLabel = "FILE",
      description =
          "During a master key rotation: the file holding the key being replaced; or set"
              + " GATEHOUSE_MASTER_KEY_PREVIOUS. See docs/secrets.md.")
  Path previousMasterKeyFile;

  @Option(
      names = "--demo",
      description =
          "Seed a demonstration: teams dev, security and ops, their users, project 'shop' with"
              + " environments dev, staging and prod; prints a fresh token for each user. See"
              + " docs/quickstart.md.")
  boolean demo;

  @Option(
      names = "--allow-http-issuers",
      description =
          "Development only: let token exchange fetch federated credentials' issuers (on a"
              + " loopback address) over plain HTTP. Never in production. See docs/federation.md.")
  boolean allowHttpIssuers;

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
    checkHttpUrl(publicUrl, "--public-url");
    checkHttpUrl(issuerUrl, "--issuer-url");
    if (signingKeyRotation.compareTo(Duration.ofHours(1)) < 0) {
      throw new ParameterException(
          spec.commandLine(),
          "Invalid value for option '--signing-key-rotation': at least 1h, not "
              + signingKeyRotation.toString().substring(2).toLowerCase(Locale.ROOT));
    }
    ControlPlaneSettings defaults = ControlPlaneSettings.defaults();
    ControlPlaneSettings settings =
        new ControlPlaneSettings(
            defaults.bootstrapAdminToken(),
            Optional.ofNullable(publicUrl),
            defaults.workerInterval(),
            defaults.leaseDuration(),
            demo,
            Optional.ofNullable(issuerUrl).or(() -> Optional.ofNullable(publicUrl)),
            masterKeys(),
            defaults.federation().withAllowHttpIssuers(allowHttpIssuers),
            defaults.issuer().withRotationPeriod(signingKeyRotation));
    String token = environment.getOrDefault("GATEHOUSE_ADMIN_TOKEN", "");
    return token.isEmpty() ? settings : settings.withBootstrapAdminToken(token);
  }

  private void checkHttpUrl(URI url, String option) {
    if (url != null
        && (!url.isAbsolute()
            || url.getRawQuery() != null
            || url.getRawFragment() != null
            || !(url.getScheme().equals("http") || url.getScheme().equals("https")))) {
      throw new ParameterException(
          spec.commandLine(),
          "Invalid value for option '" + option + "': expected an http(s) URL without query");
    }
  }

  /** The configured master keys; on the embedded database a key file beside it by default. */
  private MasterKeys masterKeys() {
    Optional<MasterKeys> given =
        MasterKeySource.load(
            environment,
            Optional.ofNullable(masterKeyFile),
            previousMasterKeyFile == null ? List.of() : List.of(previousMasterKeyFile));
    if (given.isPresent()) {
      return given.get();
    }
    if (databaseUrl != null) {
      throw new ParameterException(
          spec.commandLine(),
          "a master key is required with --database-url: set "
              + MasterKeySource.PRIMARY_VARIABLE
              + " or --master-key-file (every replica needs the same key; make one with"
              + " 'openssl rand -base64 32')");
    }
    createDataDir();
    return MasterKeySource.readOrCreate(dataDir.resolve("master.key"), new SecureRandom());
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
