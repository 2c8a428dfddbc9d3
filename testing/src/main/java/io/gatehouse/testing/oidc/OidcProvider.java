package io.gatehouse.testing.oidc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * A separately running OpenID Connect provider for tests ({@link OidcProviderMain} in a JVM of its
 * own, started from this JVM's runtime and class path), reached over real HTTP. It mints tokens
 * with whatever claims and header a test asks for, including hostile ones. Close it when done.
 */
public final class OidcProvider implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final URI issuer;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** How a token is signed. */
  public enum Alg {
    /** RSA PKCS#1 v1.5 with SHA-256, the current published RSA key. */
    RS256,
    /** ECDSA P-256 with SHA-256, the current published EC key. */
    ES256,
    /** No signature at all. */
    NONE,
    /** HMAC-SHA256 keyed with the DER encoding of the published RSA public key. */
    HS256
  }

  /** How the JWKS endpoint behaves. */
  public enum JwksMode {
    /** Serves the keys. */
    NORMAL,
    /** Never answers (for two minutes). */
    HANG,
    /** Answers 200 with text that is not JSON. */
    GARBAGE,
    /** Answers about 13 MB of white space. */
    HUGE
  }

  private OidcProvider(Process process, int port) {
    this.process = process;
    this.issuer = URI.create("http://127.0.0.1:" + port);
  }

  /** Starts a provider process and waits until it serves. */
  public static OidcProvider start() {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    java.toString(),
                    "-Xmx128m",
                    "-XX:+UseSerialGC",
                    "-cp",
                    System.getProperty("java.class.path"),
                    OidcProviderMain.class.getName()))
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the test OIDC provider", e);
    }
    try {
      return new OidcProvider(process, awaitPort(process));
    } catch (RuntimeException e) {
      process.destroyForcibly();
      throw e;
    }
  }

  private static int awaitPort(Process process) {
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> first =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return lines.readLine();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    String line;
    try {
      line = first.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the test OIDC provider", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the test OIDC provider did not start", e);
    }
    if (line == null || !line.startsWith("listening ")) {
      throw new IllegalStateException("the test OIDC provider said: " + line);
    }
    return Integer.parseInt(line.substring("listening ".length()).strip());
  }

  /** The issuer URL ({@code http://127.0.0.1:<port>}), also the base of its endpoints. */
  public URI issuer() {
    return issuer;
  }

  /** A token over these claims, RS256 with the current key. */
  public String token(Map<String, ?> claims) {
    return token(Alg.RS256, claims);
  }

  /** A token over these claims signed as {@code alg} with the current key of that kind. */
  public String token(Alg alg, Map<String, ?> claims) {
    return mint("alg=" + alg.name().replace("NONE", "none"), Json.write(claims));
  }

  /** A token whose header names {@code kid}, signed as {@code alg} with the current key. */
  public String tokenWithKid(Alg alg, String kid, Map<String, ?> claims) {
    return mint("alg=" + alg + "&kid=" + encode(kid), Json.write(claims));
  }

  /** A token signed with a fresh key that no JWKS holds, under header {@code kid}. */
  public String tokenWithUnpublishedKey(Alg alg, String kid, Map<String, ?> claims) {
    return mint("alg=" + alg + "&kid=" + encode(kid) + "&key=unpublished", Json.write(claims));
  }

  /** A token whose payload is exactly {@code payload} (which need not be JSON), RS256. */
  public String tokenWithRawPayload(String payload) {
    return mint("alg=RS256", payload);
  }

  /** Adds a new RSA and EC key and signs with them from now on; the old ones stay published. */
  public void rotate() {
    call("POST", "/control/rotate", "");
  }

  /** Makes the JWKS endpoint behave so. */
  public void jwks(JwksMode mode) {
    call("POST", "/control/jwks?mode=" + mode.name().toLowerCase(java.util.Locale.ROOT), "");
  }

  /** How many times the JWKS was fetched so far. */
  public int jwksFetches() {
    String stats = call("GET", "/control/stats", "");
    return Integer.parseInt(stats.replaceAll("[^0-9]", ""));
  }

  private String mint(String query, String payload) {
    return call("POST", "/control/mint?" + query, payload);
  }

  private String call(String method, String path, String body) {
    HttpRequest request =
        HttpRequest.newBuilder(issuer.resolve(path))
            .timeout(Duration.ofSeconds(10))
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw new IllegalStateException(
            method + " " + path + " answered " + response.statusCode() + ": " + response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** Stops the process. */
  @Override
  public void close() {
    try {
      process.getOutputStream().close();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  /** Just enough JSON writing for claims: maps, lists, strings, numbers, booleans. */
  static final class Json {
    private Json() {}

    static String write(Object value) {
      return switch (value) {
        case null -> "null";
        case Map<?, ?> map ->
            map.entrySet().stream()
                .map(e -> write(String.valueOf(e.getKey())) + ":" + write(e.getValue()))
                .collect(Collectors.joining(",", "{", "}"));
        case List<?> list ->
            list.stream().map(Json::write).collect(Collectors.joining(",", "[", "]"));
        case Number number -> number.toString();
        case Boolean bool -> bool.toString();
        default -> quote(value.toString());
      };
    }

    private static String quote(String text) {
      StringBuilder out = new StringBuilder("\"");
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        switch (c) {
          case '"' -> out.append("\\\"");
          case '\\' -> out.append("\\\\");
          default -> {
            if (c < 0x20) {
              out.append(String.format("\\u%04x", (int) c));
            } else {
              out.append(c);
            }
          }
        }
      }
      return out.append('"').toString();
    }
  }
}
