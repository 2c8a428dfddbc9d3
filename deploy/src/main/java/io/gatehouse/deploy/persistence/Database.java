package io.gatehouse.deploy.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementException;
import org.jdbi.v3.core.statement.StatementExceptions;
import org.postgresql.Driver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane's database: a connection pool, the schema brought up to date by the migrations,
 * and {@link Jdbi} for queries.
 *
 * <p>{@link #open} first makes one plain connection, so that an unreachable database or a refused
 * login gives one clear {@link DatabaseUnavailableException} naming host and port, before any pool
 * or migration starts.
 */
public final class Database implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Database.class);
  private static final String MIGRATIONS = "classpath:io/gatehouse/deploy/persistence/migration";
  private static final int READY_TIMEOUT_SECONDS = 2;
  private static final Pattern COMMA = Pattern.compile(",");

  private final DatabaseConfig config;
  private final HikariDataSource dataSource;
  private final Jdbi jdbi;

  private Database(DatabaseConfig config, HikariDataSource dataSource) {
    this.config = config;
    this.dataSource = dataSource;
    this.jdbi = Jdbi.create(dataSource);
    // A failed statement's message names its SQL but never its arguments: they may be sealed
    // secrets or token hashes, and such messages reach the log.
    jdbi.getConfig(StatementExceptions.class).setMessageRendering(Database::withoutArguments);
  }

  private static String withoutArguments(StatementException e) {
    String sql = e.getStatementContext() == null ? null : e.getStatementContext().getRenderedSql();
    if (sql == null) {
      return e.getShortMessage();
    }
    String shortSql = sql.length() > 300 ? sql.substring(0, 300) + "..." : sql;
    return e.getShortMessage() + " [statement: \"" + shortSql + "\"]";
  }

  /**
   * Connects, migrates the schema to the current version and returns the open database.
   *
   * @throws DatabaseUnavailableException if the database cannot be reached, refuses the login, or
   *     cannot be migrated
   */
  public static Database open(DatabaseConfig config, MeterRegistry registry) {
    String url = connectionUrl(config);
    probe(config, url);
    HikariDataSource dataSource = pool(config, url, registry);
    try {
      migrate(config, dataSource);
      return new Database(config, dataSource);
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
  }

  /** Queries for this database. */
  public Jdbi jdbi() {
    return jdbi;
  }

  /** H2 or PostgreSQL. */
  public DatabaseKind kind() {
    return config.kind();
  }

  /** Where the database is, fit for a log line: host and port, or the H2 file. */
  public String target() {
    return target(config);
  }

  /** Whether the database answers a trivial query within two seconds. */
  public boolean ready() {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.setQueryTimeout(READY_TIMEOUT_SECONDS);
      return statement.execute("SELECT 1");
    } catch (SQLException e) {
      log.warn("database readiness check failed: {}", e.getMessage());
      return false;
    }
  }

  @Override
  public void close() {
    dataSource.close();
  }

  private static String connectionUrl(DatabaseConfig config) {
    if (config.kind() == DatabaseKind.H2) {
      // PostgreSQL mode lets one set of migrations serve both; the file lock stops a second
      // process from opening the same data directory.
      return config.url()
          + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;FILE_LOCK=FS";
    }
    return config.url();
  }

  private static void probe(DatabaseConfig config, String url) {
    Properties properties = credentials(config);
    if (config.kind() == DatabaseKind.POSTGRESQL) {
      String seconds = Long.toString(config.connectTimeout().toSeconds());
      properties.setProperty("connectTimeout", seconds);
      properties.setProperty("loginTimeout", seconds);
    }
    try {
      DriverManager.getConnection(url, properties).close();
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(target(config), reason(config, e), e);
    }
  }

  private static HikariDataSource pool(DatabaseConfig config, String url, MeterRegistry registry) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("gatehouse");
    hikari.setJdbcUrl(url);
    Properties properties = credentials(config);
    if (config.kind() == DatabaseKind.POSTGRESQL) {
      // PostgreSQL's error detail quotes the failing row ("Failing row contains (...)"), which may
      // hold a sealed secret or a token hash; messages reach the log.
      properties.setProperty("logServerErrorDetail", "false");
    }
    hikari.setDataSourceProperties(properties);
    hikari.setMaximumPoolSize(config.kind() == DatabaseKind.H2 ? 8 : 16);
    hikari.setConnectionTimeout(config.connectTimeout().toMillis());
    hikari.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
    try {
      return new HikariDataSource(hikari);
    } catch (RuntimeException e) {
      throw new DatabaseUnavailableException(target(config), rootMessage(e), e);
    }
  }

  private static void migrate(DatabaseConfig config, HikariDataSource dataSource) {
    try {
      Flyway flyway =
          Flyway.configure()
              .dataSource(dataSource)
              .locations(MIGRATIONS)
              .failOnMissingLocations(true)
              .load();
      int applied = flyway.migrate().migrationsExecuted;
      MigrationInfo current = flyway.info().current();
      log.info(
          "database {} at schema version {} ({} migrations applied now)",
          target(config),
          current == null ? "none" : current.getVersion(),
          applied);
    } catch (FlywayException e) {
      throw new DatabaseUnavailableException(
          target(config), "schema migration failed: " + rootMessage(e), e);
    }
  }

  private static Properties credentials(DatabaseConfig config) {
    // Empty means "not given": the URL or the driver's defaults decide.
    Properties properties = new Properties();
    if (!config.user().isEmpty()) {
      properties.setProperty("user", config.user());
    }
    if (!config.password().isEmpty()) {
      properties.setProperty("password", config.password());
    }
    return properties;
  }

  static String target(DatabaseConfig config) {
    if (config.kind() == DatabaseKind.H2) {
      return DatabaseConfig.redact(config.url().substring("jdbc:h2:file:".length()));
    }
    Properties parsed = Driver.parseURL(config.url(), new Properties());
    if (parsed == null) {
      return DatabaseConfig.redact(config.url());
    }
    String hosts = parsed.getProperty("PGHOST", "localhost");
    String ports = parsed.getProperty("PGPORT", "5432");
    String database = parsed.getProperty("PGDBNAME", "");
    return joinHostsAndPorts(hosts, ports) + "/" + database;
  }

  private static String joinHostsAndPorts(String hosts, String ports) {
    List<String> hostList = COMMA.splitAsStream(hosts).toList();
    List<String> portList = COMMA.splitAsStream(ports).toList();
    StringJoiner joined = new StringJoiner(",");
    for (int i = 0; i < hostList.size(); i++) {
      String port = portList.get(Math.min(i, portList.size() - 1));
      joined.add(hostList.get(i) + ":" + port);
    }
    return joined.toString();
  }

  private static String reason(DatabaseConfig config, SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    Throwable root = rootCause(e);
    if (root instanceof ConnectException) {
      return "connection refused (is the database running and listening there?)";
    }
    if (root instanceof UnknownHostException) {
      return "unknown host " + root.getMessage();
    }
    if (root instanceof SocketTimeoutException || (state.equals("08001") && isTimeout(e))) {
      return "no answer within " + format(config.connectTimeout());
    }
    return switch (state) {
      case "28P01", "28000" -> "login refused for user '" + config.user() + "'";
      case "3D000" -> "the database does not exist";
      case "90020" -> "the data directory is in use by another process (another gatehouse server?)";
      default -> firstLine(e.getMessage());
    };
  }

  private static boolean isTimeout(SQLException e) {
    String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    return message.contains("timed out") || message.contains("timeout");
  }

  private static String format(Duration duration) {
    return duration.toSeconds() + "s";
  }

  private static String rootMessage(Throwable e) {
    return firstLine(String.valueOf(rootCause(e).getMessage()));
  }

  private static Throwable rootCause(Throwable e) {
    Throwable current = e;
    while (current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
