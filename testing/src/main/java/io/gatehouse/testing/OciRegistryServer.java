package io.gatehouse.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real OCI distribution registry for tests: Debian's {@code docker-registry} binary (package
 * {@code docker-registry}) on a free loopback port, storing into a fresh temporary directory.
 *
 * <p>Three kinds of access: anonymous ({@link #start()}, {@link #shared()}), HTTP basic from an
 * htpasswd file ({@link #startWithHtpasswd(String)}; the registry accepts bcrypt entries only), and
 * bearer tokens issued by a token server of the caller's ({@link #startWithTokenAuth(TokenAuth)}).
 * Deleting manifests and blobs is enabled. When the binary is missing, starting fails with a
 * message that says how to install it.
 */
public final class OciRegistryServer implements AutoCloseable {
  /** Where Debian installs the registry binary. */
  public static final Path BINARY = Path.of("/usr/bin/docker-registry");

  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final Object SHARED_LOCK = new Object();
  private static OciRegistryServer shared;

  private final Path workDir;
  private final int port;
  private final Process process;

  /**
   * Bearer token authentication as the registry checks it: tokens are JWTs whose {@code iss} is
   * {@code issuer}, whose {@code aud} is {@code service}, signed by a key whose certificate chain
   * (header {@code x5c}) ends in a certificate of {@code rootCertBundle}.
   *
   * @param realm the token endpoint the registry sends clients to
   * @param service the service name in challenges and the expected audience
   * @param issuer the expected issuer
   * @param rootCertBundle a PEM file of trusted certificates
   */
  public record TokenAuth(URI realm, String service, String issuer, Path rootCertBundle) {}

  private OciRegistryServer(Path workDir, int port, Process process) {
    this.workDir = workDir;
    this.port = port;
    this.process = process;
  }

  /** The JVM-wide anonymous registry, started on first call and stopped at JVM exit. */
  public static OciRegistryServer shared() {
    synchronized (SHARED_LOCK) {
      if (shared == null) {
        OciRegistryServer server = start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "registry-stop"));
        shared = server;
      }
      return shared;
    }
  }

  /** Starts a new anonymous registry; the caller closes it. */
  public static OciRegistryServer start() {
    return start("");
  }

  /**
   * Starts a new registry that requires HTTP basic credentials; the caller closes it.
   *
   * @param htpasswd the htpasswd file's content, one {@code user:$2y$...} bcrypt entry a line
   */
  public static OciRegistryServer startWithHtpasswd(String htpasswd) {
    Path file = tempFile("gatehouse-registry-htpasswd-", htpasswd);
    return start("auth:\n  htpasswd:\n    realm: gatehouse-test\n    path: " + quoted(file) + "\n");
  }

  /** Starts a new registry that requires bearer tokens; the caller closes it. */
  public static OciRegistryServer startWithTokenAuth(TokenAuth token) {
    return start(
        "auth:\n  token:\n"
            + "    realm: "
            + quoted(token.realm().toString())
            + "\n    service: "
            + quoted(token.service())
            + "\n    issuer: "
            + quoted(token.issuer())
            + "\n    rootcertbundle: "
            + quoted(token.rootCertBundle())
            + "\n");
  }

  /** {@code 127.0.0.1:port}: the registry host as it appears in image references. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  /** The loopback port the registry listens on. */
  public int port() {
    return port;
  }

  /** {@code http://127.0.0.1:port}. */
  public URI baseUri() {
    return URI.create("http://" + address());
  }

  /** Stops the registry and deletes its storage. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    LocalServers.deleteTree(workDir);
  }

  private static OciRegistryServer start(String authSection) {
    requireBinary();
    try {
      Path workDir = Files.createTempDirectory("gatehouse-registry-");
      IOException last = null;
      for (int attempt = 0; attempt < 5; attempt++) {
        int port = LocalServers.freeLoopbackPort();
        Path config = workDir.resolve("config-" + port + ".yml");
        Files.writeString(config, config(workDir, port, authSection), StandardCharsets.UTF_8);
        Process process =
            new ProcessBuilder(BINARY.toString(), "serve", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("registry.log").toFile())
                .start();
        OciRegistryServer server = new OciRegistryServer(workDir, port, process);
        try {
          server.awaitReady();
          return server;
        } catch (IOException e) {
          process.destroyForcibly();
          last = e;
        }
      }
      LocalServers.deleteTree(workDir);
      throw new IllegalStateException("the registry did not start after 5 attempts", last);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the test registry", e);
    }
  }

  private static void requireBinary() {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(
          BINARY
              + " is missing: the registry tests need Debian's real OCI registry;"
              + " install it with `apt-get install docker-registry`");
    }
  }

  private static String config(Path workDir, int port, String authSection) {
    return "version: 0.1\n"
        + "log:\n  level: warn\n  accesslog:\n    disabled: true\n"
        + "storage:\n  filesystem:\n    rootdirectory: "
        + quoted(workDir.resolve("storage"))
        + "\n  delete:\n    enabled: true\n"
        + "  maintenance:\n    uploadpurging:\n      enabled: false\n"
        + "http:\n  addr: 127.0.0.1:"
        + port
        + "\n  headers:\n    X-Content-Type-Options: [nosniff]\n"
        + authSection;
  }

  private void awaitReady() throws IOException {
    try (HttpClient client =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
      awaitReady(client);
    }
  }

  private void awaitReady(HttpClient client) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(baseUri().resolve("/v2/")).timeout(Duration.ofSeconds(2)).build();
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    IOException last = null;
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IOException("the registry exited with " + process.exitValue() + ": " + log());
      }
      Optional<Integer> status = status(client, request);
      if (status.isPresent() && (status.get() == 200 || status.get() == 401)) {
        return;
      }
      last = new ConnectException("GET /v2/ answered " + status.map(String::valueOf).orElse("-"));
      LocalServers.pause(Duration.ofMillis(50), "the registry");
    }
    throw new IOException(
        "the registry did not answer within " + START_TIMEOUT + ": " + log(), last);
  }

  private static Optional<Integer> status(HttpClient client, HttpRequest request) {
    try {
      return Optional.of(client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the registry", e);
    }
  }

  private String log() {
    try {
      return Files.readString(workDir.resolve("registry.log"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private static String quoted(Object value) {
    String text = value.toString();
    if (text.contains("'") || text.contains("\n")) {
      throw new IllegalArgumentException("cannot put into the registry config: " + text);
    }
    return "'" + text + "'";
  }

  private static Path tempFile(String prefix, String content) {
    try {
      Path file = Files.createTempFile(prefix, ".txt");
      Files.writeString(file, content, StandardCharsets.UTF_8);
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + prefix, e);
    }
  }
}
