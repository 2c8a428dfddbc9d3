import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmarks RFC 8693 token exchange ({@code POST /api/v1/oauth/token}) on a running {@code
 * gatehouse server} started with {@code --allow-http-issuers}. This program is also the issuer: it
 * serves a discovery document and a JWKS on a loopback port (its own RSA key), applies a
 * gatehouse.yaml with a project and a federated credential trusting it, signs 100 tokens per client
 * up front (each with its own jti, used in turn), and then runs N closed-loop clients, each on its own
 * keep-alive HTTP/1.1 connection written and read directly over a socket. The JWKS is fetched once
 * (warm cache) before the measurement. Prints exchanges per second and p50/p99 latency.
 *
 * <p>Usage: {@code java bench/Exchange.java --server URL --admin-token TOKEN [--clients 32]
 * [--duration 20] [--warmup 5] [--label NAME]}
 */
public final class Exchange {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final String AUDIENCE = "https://gatehouse.bench";

  private final URI server;
  private final String adminToken;
  private final KeyPair key;
  private String issuer;
  private final AtomicLong jwksFetches = new AtomicLong();

  private Exchange(URI server, String adminToken) throws Exception {
    this.server = server;
    this.adminToken = adminToken;
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    this.key = generator.generateKeyPair();
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    Exchange bench =
        new Exchange(URI.create(options.get("--server")), options.get("--admin-token"));
    int clients = Integer.parseInt(options.getOrDefault("--clients", "32"));
    int duration = Integer.parseInt(options.getOrDefault("--duration", "20"));
    int warmup = Integer.parseInt(options.getOrDefault("--warmup", "5"));
    String label = options.getOrDefault("--label", "");
    HttpServer issuer = bench.serveIssuer();
    try {
      bench.apply();
      bench.run(clients, warmup, duration, label);
    } finally {
      issuer.stop(0);
    }
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i], args[i + 1]);
    }
    if (!options.containsKey("--server") || !options.containsKey("--admin-token")) {
      throw new IllegalArgumentException("usage: --server URL --admin-token TOKEN [...]");
    }
    return options;
  }

  private HttpServer serveIssuer() throws IOException {
    HttpServer http =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    issuer = "http://127.0.0.1:" + http.getAddress().getPort();
    RSAPublicKey rsa = (RSAPublicKey) key.getPublic();
    String jwks =
        "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"bench-1\",\"use\":\"sig\",\"alg\":\"RS256\",\"n\":\""
            + B64.encodeToString(unsigned(rsa.getModulus()))
            + "\",\"e\":\""
            + B64.encodeToString(unsigned(rsa.getPublicExponent()))
            + "\"}]}";
    String discovery = "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/jwks\"}";
    http.createContext(
        "/.well-known/openid-configuration", exchange -> send(exchange, discovery));
    http.createContext(
        "/jwks",
        exchange -> {
          jwksFetches.incrementAndGet();
          send(exchange, jwks);
        });
    http.start();
    return http;
  }

  private static void send(HttpExchange exchange, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private void apply() throws IOException {
    String document =
        "version: 1\nprojects:\n  - name: bench\n    environments: [{name: prod}]\n"
            + "federatedCredentials:\n  bench:\n    - name: ci\n      issuer: "
            + issuer
            + "\n      audience: "
            + AUDIENCE
            + "\n      claims: {sub: \"repo:acme/bench:*\", repository: acme/bench}\n";
    String body =
        "{\"document\":\"" + document.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")
            + "\"}";
    try (Connection connection = new Connection(server)) {
      Response answer =
          connection.send("/api/v1/apply", "application/json", "Bearer " + adminToken, body);
      if (answer.status() != 200) {
        throw new IllegalStateException("apply failed: " + answer.status() + " " + answer.body());
      }
    }
  }

  private String token() {
    try {
      long now = Instant.now().getEpochSecond();
      String header = "{\"alg\":\"RS256\",\"kid\":\"bench-1\",\"typ\":\"JWT\"}";
      String payload =
          "{\"iss\":\"" + issuer + "\",\"aud\":\"" + AUDIENCE
              + "\",\"sub\":\"repo:acme/bench:environment:prod\",\"repository\":\"acme/bench\","
              + "\"iat\":" + now + ",\"nbf\":" + now + ",\"exp\":" + (now + 3600)
              + ",\"jti\":\"" + UUID.randomUUID() + "\"}";
      String input =
          B64.encodeToString(header.getBytes(StandardCharsets.UTF_8))
              + "."
              + B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
      Signature signature = Signature.getInstance("SHA256withRSA");
      signature.initSign(key.getPrivate());
      signature.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + B64.encodeToString(signature.sign());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String form(String token) {
    return "grant_type="
        + URLEncoder.encode("urn:ietf:params:oauth:grant-type:token-exchange", StandardCharsets.UTF_8)
        + "&subject_token_type="
        + URLEncoder.encode("urn:ietf:params:oauth:token-type:jwt", StandardCharsets.UTF_8)
        + "&subject_token="
        + token;
  }

  private void run(int clients, int warmup, int duration, String label) throws Exception {
    int perClient = 100;
    List<List<String>> forms = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      List<String> mine = new ArrayList<>(perClient);
      for (int i = 0; i < perClient; i++) {
        mine.add(form(token()));
      }
      forms.add(mine);
    }
    try (Connection first = new Connection(server)) {
      Response warm = first.send("/api/v1/oauth/token", "application/x-www-form-urlencoded", null,
          form(token()));
      if (warm.status() != 200) {
        throw new IllegalStateException("exchange failed: " + warm.status() + " " + warm.body());
      }
    }
    AtomicBoolean measuring = new AtomicBoolean(false);
    AtomicBoolean stop = new AtomicBoolean(false);
    AtomicLong failures = new AtomicLong();
    List<long[]> latencies = new ArrayList<>();
    int[] counts = new int[clients];
    CountDownLatch done = new CountDownLatch(clients);
    for (int c = 0; c < clients; c++) {
      int client = c;
      long[] mine = new long[100_000];
      latencies.add(mine);
      Thread.ofPlatform().start(() -> {
        try (Connection connection = new Connection(server)) {
          int i = 0;
          while (!stop.get()) {
            String body = forms.get(client).get(i++ % perClient);
            long started = System.nanoTime();
            Response answer = connection.send(
                "/api/v1/oauth/token", "application/x-www-form-urlencoded", null, body);
            long took = System.nanoTime() - started;
            if (answer.status() != 200) {
              failures.incrementAndGet();
            } else if (measuring.get() && counts[client] < mine.length) {
              mine[counts[client]++] = took;
            }
          }
        } catch (IOException e) {
          failures.incrementAndGet();
        } finally {
          done.countDown();
        }
      });
    }
    Thread.sleep(warmup * 1000L);
    long fetchesBefore = jwksFetches.get();
    measuring.set(true);
    long started = System.nanoTime();
    Thread.sleep(duration * 1000L);
    measuring.set(false);
    double seconds = (System.nanoTime() - started) / 1e9;
    stop.set(true);
    done.await();
    long total = 0;
    List<Long> all = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      total += counts[c];
      for (int i = 0; i < counts[c]; i++) {
        all.add(latencies.get(c)[i]);
      }
    }
    all.sort(null);
    System.out.printf(Locale.ROOT,
        "%s: %d clients, %.0f exchanges/s (%d in %.1f s), p50 %.1f ms, p99 %.1f ms,"
            + " JWKS fetches during the run %d, failures %d%n",
        label, clients, total / seconds, total, seconds, percentile(all, 0.50),
        percentile(all, 0.99), jwksFetches.get() - fetchesBefore, failures.get());
  }

  private static double percentile(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size()))) / 1e6;
  }

  private static byte[] unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    return bytes.length > 1 && bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
  }

  private record Response(int status, String body) {}

  /** One keep-alive HTTP/1.1 connection; responses read by Content-Length or chunk by chunk. */
  private static final class Connection implements AutoCloseable {
    private final String host;
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    Connection(URI server) throws IOException {
      this.host = server.getHost() + ":" + server.getPort();
      this.socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(server.getHost(), server.getPort()), 5000);
      socket.setSoTimeout(30_000);
      this.out = socket.getOutputStream();
      this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    }

    Response send(String path, String type, String authorization, String body) throws IOException {
      byte[] content = body.getBytes(StandardCharsets.UTF_8);
      StringBuilder head = new StringBuilder(256);
      head.append("POST ").append(path).append(" HTTP/1.1\r\nHost: ").append(host);
      if (authorization != null) {
        head.append("\r\nAuthorization: ").append(authorization);
      }
      head.append("\r\nAccept: application/json\r\nContent-Type: ").append(type);
      head.append("\r\nContent-Length: ").append(content.length).append("\r\n\r\n");
      out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
      out.write(content);
      out.flush();
      return read();
    }

    private Response read() throws IOException {
      String status = line();
      int code = Integer.parseInt(status.substring(9, 12));
      int length = -1;
      boolean chunked = false;
      for (String header = line(); !header.isEmpty(); header = line()) {
        int colon = header.indexOf(':');
        String name = header.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        String value = header.substring(colon + 1).strip();
        if (name.equals("content-length")) {
          length = Integer.parseInt(value);
        } else if (name.equals("transfer-encoding")) {
          chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
        }
      }
      ByteArrayOutputStream content = new ByteArrayOutputStream();
      if (chunked) {
        while (true) {
          String size = line();
          if (size.isEmpty()) {
            size = line();
          }
          int n = Integer.parseInt(size.split(";", -1)[0].strip(), 16);
          if (n == 0) {
            while (!line().isEmpty()) {
              // trailers
            }
            break;
          }
          content.write(in.readNBytes(n));
        }
      } else if (length >= 0) {
        content.write(in.readNBytes(length));
      }
      return new Response(code, content.toString(StandardCharsets.UTF_8));
    }

    private String line() throws IOException {
      StringBuilder line = new StringBuilder(64);
      while (true) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("the server closed the connection");
        }
        if (b == '\n') {
          int end = line.length();
          if (end > 0 && line.charAt(end - 1) == '\r') {
            line.setLength(end - 1);
          }
          return line.toString();
        }
        line.append((char) b);
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
