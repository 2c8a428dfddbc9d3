import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives a running {@code gatehouse server} through complete deployment lifecycles: create, two
 * approvals (one from each of two required teams), in_progress, success. Closed loop with N
 * concurrent clients, each on its own keep-alive HTTP/1.1 connection written and read directly
 * over a socket (the JDK HttpClient costs the load generator about half a core at this rate).
 * Prints lifecycles per second, p50/p99 per API call, and the latency from sending the deciding
 * approval to the moment a client following the deployment's event stream receives the {@code
 * approved} state: under the full load, and then at light load, one lifecycle at a time.
 *
 * <p>Usage: {@code java bench/Lifecycle.java --server URL --admin-token TOKEN [--clients 64]
 * [--duration 30] [--warmup 5] [--light-samples 200] [--label NAME]}
 */
public final class Lifecycle {
  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");
  private static final Pattern STATE = Pattern.compile("\"state\"\\s*:\\s*\"([a-z_]+)\"");
  private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");
  private static final String[] CALLS = {
    "create", "approve-1", "approve-2", "in_progress", "success"
  };

  private final URI server;
  private final long serverPid;
  private final String suffix = HexFormat.of().formatHex(new byte[] {(byte) ThreadLocalRandom.current().nextInt()});
  private String deployerToken;
  private String reviewerAToken;
  private String reviewerBToken;

  private Lifecycle(URI server, long serverPid) {
    this.server = server;
    this.serverPid = serverPid;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    URI server = URI.create(options.getOrDefault("server", "http://127.0.0.1:8080"));
    String admin = required(options, "admin-token");
    int clients = Integer.parseInt(options.getOrDefault("clients", "64"));
    int duration = Integer.parseInt(options.getOrDefault("duration", "30"));
    int warmup = Integer.parseInt(options.getOrDefault("warmup", "5"));
    int lightSamples = Integer.parseInt(options.getOrDefault("light-samples", "200"));
    String label = options.getOrDefault("label", server.toString());
    long serverPid = Long.parseLong(options.getOrDefault("server-pid", "0"));
    Lifecycle bench = new Lifecycle(server, serverPid);
    try (Connection connection = bench.connect()) {
      bench.setUp(connection, admin);
    }
    bench.run(label, clients, warmup, duration);
    if (lightSamples > 0) {
      bench.light(label, lightSamples);
    }
  }

  private Connection connect() throws IOException {
    return new Connection(server);
  }

  private void setUp(Connection connection, String adminToken) throws Exception {
    String project = "bench-" + suffix;
    String document =
        String.join(
            "\n",
            "version: 1",
            "users:",
            "  - name: " + project + "-deployer",
            "  - name: " + project + "-rev-a",
            "  - name: " + project + "-rev-b",
            "teams:",
            "  - name: " + project + "-a",
            "    members: [" + project + "-rev-a]",
            "  - name: " + project + "-b",
            "    members: [" + project + "-rev-b]",
            "projects:",
            "  - name: " + project,
            "    deployers:",
            "      users: [" + project + "-deployer]",
            "    environments:",
            "      - name: prod",
            "        reviewers:",
            "          - team: " + project + "-a",
            "            minimum: 1",
            "          - team: " + project + "-b",
            "            minimum: 1",
            "");
    String body = "{\"document\":" + quote(document) + ",\"dryRun\":false}";
    expect(connection.send("POST", "/api/v1/apply", adminToken, body), 200, "apply");
    deployerToken = token(connection, adminToken, project + "-deployer");
    reviewerAToken = token(connection, adminToken, project + "-rev-a");
    reviewerBToken = token(connection, adminToken, project + "-rev-b");
    System.out.printf("set up project %s with two required teams%n", project);
  }

  private String token(Connection connection, String adminToken, String user) throws Exception {
    Response response =
        connection.send("POST", "/api/v1/users/" + user + "/tokens", adminToken, "{\"name\":\"bench\"}");
    expect(response, 201, "token for " + user);
    return group(TOKEN, response.body());
  }

  private void run(String label, int clients, int warmupSeconds, int seconds) throws Exception {
    AtomicBoolean measuring = new AtomicBoolean(false);
    AtomicBoolean stop = new AtomicBoolean(false);
    AtomicLong lifecycles = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    List<ConcurrentLinkedQueue<Long>> latencies = new ArrayList<>();
    for (int i = 0; i < CALLS.length; i++) {
      latencies.add(new ConcurrentLinkedQueue<>());
    }
    ConcurrentLinkedQueue<Long> delivery = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Long> lag = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    CountDownLatch done = new CountDownLatch(clients);
    String project = "bench-" + suffix;
    for (int c = 0; c < clients; c++) {
      final int clientIndex = c;
      Thread.ofVirtual()
          .start(
              () -> {
                long round = 0;
                Connection connection = null;
                try {
                  while (!stop.get()) {
                    boolean watch = (round++ % 4) == clientIndex % 4;
                    try {
                      if (connection == null) {
                        connection = connect();
                      }
                      long[] timings = new long[CALLS.length + 1];
                      long wait = lifecycle(connection, project, timings, watch);
                      if (measuring.get()) {
                        lifecycles.incrementAndGet();
                        for (int i = 0; i < CALLS.length; i++) {
                          latencies.get(i).add(timings[i]);
                        }
                        if (wait >= 0) {
                          delivery.add(wait);
                          lag.add(timings[CALLS.length]);
                        }
                      }
                    } catch (Exception e) {
                      failures.incrementAndGet();
                      if (errors.size() < 5) {
                        errors.add(e.toString());
                      }
                      if (connection != null) {
                        connection.close();
                        connection = null;
                      }
                    }
                  }
                } finally {
                  if (connection != null) {
                    connection.close();
                  }
                  done.countDown();
                }
              });
    }
    System.out.printf("warming up for %d s with %d clients…%n", warmupSeconds, clients);
    Thread.sleep(warmupSeconds * 1000L);
    measuring.set(true);
    long start = System.nanoTime();
    long serverCpuStart = serverCpuMillis();
    long machineCpuStart = machineBusyMillis();
    System.out.printf("measuring for %d s…%n", seconds);
    for (int s = 1; s <= seconds; s++) {
      Thread.sleep(1000);
      if (s % 5 == 0) {
        System.out.printf("  %3d s: %d lifecycles%n", s, lifecycles.get());
      }
    }
    measuring.set(false);
    double elapsed = (System.nanoTime() - start) / 1e9;
    long serverCpu = serverCpuMillis() - serverCpuStart;
    long machineCpu = machineBusyMillis() - machineCpuStart;
    stop.set(true);
    done.await(60, TimeUnit.SECONDS);
    System.out.println();
    System.out.printf("== %s: %d clients, %.1f s ==%n", label, clients, elapsed);
    System.out.printf(
        "lifecycles/s: %.0f  (%d complete, %d failed)%n",
        lifecycles.get() / elapsed, lifecycles.get(), failures.get());
    if (serverPid > 0 && lifecycles.get() > 0) {
      System.out.printf(
          "CPU per lifecycle: server %.2f ms, whole machine %.2f ms (server %.0f%% of a core)%n",
          (double) serverCpu / lifecycles.get(),
          (double) machineCpu / lifecycles.get(),
          100.0 * serverCpu / (elapsed * 1000));
    }
    System.out.printf("%-34s %8s %8s %8s%n", "call", "p50 ms", "p99 ms", "max ms");
    for (int i = 0; i < CALLS.length; i++) {
      print(CALLS[i], latencies.get(i));
    }
    print("approval -> events stream", delivery);
    print("approval's answer -> events stream", lag);
    for (String error : errors) {
      System.out.println("error: " + error);
    }
  }

  /** User and system CPU time of the server process so far, from /proc; 0 when unknown. */
  private long serverCpuMillis() {
    if (serverPid <= 0) {
      return 0;
    }
    try {
      String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + serverPid + "/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 1000 / 100;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** Busy CPU time of the whole machine so far (every core), from /proc/stat; 0 when unknown. */
  private static long machineBusyMillis() {
    try {
      String[] fields = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long busy = 0;
      for (int i = 1; i < fields.length && i <= 8; i++) {
        if (i != 4 && i != 5) {
          busy += Long.parseLong(fields[i]);
        }
      }
      return busy * 1000 / 100;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** One lifecycle at a time, each watched: the approval-to-delivery latency without load. */
  private void light(String label, int samples) throws Exception {
    String project = "bench-" + suffix;
    ConcurrentLinkedQueue<Long> delivery = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Long> lag = new ConcurrentLinkedQueue<>();
    try (Connection connection = connect()) {
      for (int i = 0; i < 20; i++) {
        lifecycle(connection, project, new long[CALLS.length + 1], true);
      }
      for (int i = 0; i < samples; i++) {
        long[] timings = new long[CALLS.length + 1];
        delivery.add(lifecycle(connection, project, timings, true));
        lag.add(timings[CALLS.length]);
      }
    }
    System.out.printf("== %s: light load, one lifecycle at a time ==%n", label);
    print("approval -> events stream (light)", delivery);
    print("approval's answer -> stream (light)", lag);
  }

  /**
   * One lifecycle; returns the approval-to-delivery latency in ns, or -1 when not watched. When
   * watched, the last slot of {@code timings} gets how long after the approval's own answer the
   * stream delivered it (negative when the stream was first): the stream's lag behind the API,
   * without the time the approval waited in a busy server.
   */
  private long lifecycle(Connection connection, String project, long[] timings, boolean watch)
      throws Exception {
    String create =
        "{\"project\":\""
            + project
            + "\",\"environment\":\"prod\",\"ref\":\"refs/heads/main\",\"sha\":\""
            + sha()
            + "\",\"images\":[\"registry.example.com/shop/web@sha256:"
            + sha()
            + sha().substring(0, 24)
            + "\"],\"description\":\"bench\"}";
    long t = System.nanoTime();
    Response created = connection.send("POST", "/api/v1/deployments", deployerToken, create);
    timings[0] = System.nanoTime() - t;
    expect(created, 201, "create");
    String id = group(ID, created.body());
    String path = "/api/v1/deployments/" + id;
    t = System.nanoTime();
    expect(connection.send("POST", path + "/reviews", reviewerAToken, "{\"decision\":\"approve\"}"), 200, "approve 1");
    timings[1] = System.nanoTime() - t;
    Watcher watcher = watch ? Watcher.open(server, path + "/events", deployerToken) : null;
    t = System.nanoTime();
    Response approved =
        connection.send("POST", path + "/reviews", reviewerBToken, "{\"decision\":\"approve\"}");
    timings[2] = System.nanoTime() - t;
    long sentAt = t;
    long answeredAt = t + timings[2];
    expect(approved, 200, "approve 2");
    if (!"approved".equals(group(STATE, approved.body()))) {
      throw new IllegalStateException("not approved after two approvals: " + approved.body());
    }
    long wait = -1;
    if (watcher != null) {
      long deliveredAt = watcher.awaitApproved(Duration.ofSeconds(10));
      wait = deliveredAt - sentAt;
      timings[CALLS.length] = deliveredAt - answeredAt;
    }
    t = System.nanoTime();
    expect(connection.send("POST", path + "/status", deployerToken, "{\"state\":\"in_progress\",\"logUrl\":\"https://ci.example.com/run/" + id + "\"}"), 200, "in_progress");
    timings[3] = System.nanoTime() - t;
    t = System.nanoTime();
    expect(connection.send("POST", path + "/status", deployerToken, "{\"state\":\"success\"}"), 200, "success");
    timings[4] = System.nanoTime() - t;
    return wait;
  }

  /** An HTTP response: the status and the body as text. */
  private record Response(int status, String body) {}

  /**
   * One keep-alive HTTP/1.1 connection: requests written as bytes, responses read by their
   * Content-Length (or chunk by chunk). Used by one thread at a time.
   */
  private static final class Connection implements AutoCloseable {
    private final String host;
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private boolean open = true;

    Connection(URI server) throws IOException {
      this.host = server.getHost() + ":" + server.getPort();
      this.socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(server.getHost(), server.getPort()), 5000);
      socket.setSoTimeout(30_000);
      this.out = socket.getOutputStream();
      this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    }

    Response send(String method, String path, String token, String body) throws IOException {
      if (!open) {
        throw new IOException("the server closed the connection");
      }
      byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      StringBuilder head = new StringBuilder(256);
      head.append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ").append(host);
      head.append("\r\nAuthorization: Bearer ").append(token);
      head.append("\r\nAccept: application/json");
      if (body != null) {
        head.append("\r\nContent-Type: application/json");
      }
      head.append("\r\nContent-Length: ").append(content.length).append("\r\n\r\n");
      byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);
      byte[] request = Arrays.copyOf(headBytes, headBytes.length + content.length);
      System.arraycopy(content, 0, request, headBytes.length, content.length);
      out.write(request);
      out.flush();
      return read();
    }

    /** Writes a GET and reads only the status and headers; the body is read by the caller. */
    Head openStream(String path, String token) throws IOException {
      String request =
          "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer " + token
              + "\r\nAccept: text/event-stream\r\n\r\n";
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return head();
    }

    private Response read() throws IOException {
      Head head = head();
      byte[] content;
      if (head.chunked()) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        while (true) {
          byte[] chunk = chunk();
          if (chunk == null) {
            break;
          }
          buffer.write(chunk);
        }
        content = buffer.toByteArray();
      } else if (head.length() >= 0) {
        content = in.readNBytes(head.length());
        if (content.length != head.length()) {
          throw new IOException("the response ended early");
        }
      } else {
        content = in.readAllBytes();
        open = false;
      }
      if (head.close()) {
        open = false;
      }
      return new Response(head.status(), new String(content, StandardCharsets.UTF_8));
    }

    /**
     * The next chunk of a chunked body, or null after the last. The line break that ends a chunk's
     * data is read with the next chunk: a streaming server sends it only then.
     */
    byte[] chunk() throws IOException {
      String size = line();
      if (size.isEmpty()) {
        size = line();
      }
      int semicolon = size.indexOf(';');
      int length = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).strip(), 16);
      if (length == 0) {
        while (!line().isEmpty()) {
          // trailers
        }
        return null;
      }
      byte[] data = in.readNBytes(length);
      if (data.length != length) {
        throw new IOException("a malformed chunk");
      }
      return data;
    }

    private Head head() throws IOException {
      String status = line();
      if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
        throw new IOException("not an HTTP/1.1 response: " + status);
      }
      int code = Integer.parseInt(status.substring(9, 12));
      int length = -1;
      boolean chunked = false;
      boolean close = false;
      for (String header = line(); !header.isEmpty(); header = line()) {
        int colon = header.indexOf(':');
        String name = header.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        String value = header.substring(colon + 1).strip();
        switch (name) {
          case "content-length" -> length = Integer.parseInt(value);
          case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
          case "connection" -> close = value.equalsIgnoreCase("close");
          default -> {}
        }
      }
      return new Head(code, length, chunked, close);
    }

    private String line() throws IOException {
      StringBuilder line = new StringBuilder(64);
      while (true) {
        int b = in.read();
        if (b < 0) {
          open = false;
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
    public void close() {
      open = false;
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
    }

    private record Head(int status, int length, boolean chunked, boolean close) {}
  }

  /** Follows a deployment's event stream on its own thread and notes when approval arrives. */
  private static final class Watcher {
    private final CountDownLatch connected = new CountDownLatch(1);
    private final CountDownLatch approved = new CountDownLatch(1);
    private volatile long approvedAt;
    private volatile Connection connection;

    static Watcher open(URI server, String path, String token) throws InterruptedException {
      Watcher watcher = new Watcher();
      Thread.ofVirtual().start(() -> watcher.follow(server, path, token));
      if (!watcher.connected.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the event stream did not open");
      }
      return watcher;
    }

    private void follow(URI server, String path, String token) {
      try (Connection stream = new Connection(server)) {
        connection = stream;
        Connection.Head head = stream.openStream(path, token);
        if (head.status() != 200) {
          return;
        }
        StringBuilder pending = new StringBuilder();
        while (true) {
          byte[] chunk = head.chunked() ? stream.chunk() : stream.in.readNBytes(Math.max(1, stream.in.available()));
          if (chunk == null || chunk.length == 0) {
            return;
          }
          pending.append(new String(chunk, StandardCharsets.UTF_8));
          int newline;
          while ((newline = pending.indexOf("\n")) >= 0) {
            String line = pending.substring(0, newline);
            pending.delete(0, newline + 1);
            if (line.startsWith("data:")) {
              connected.countDown();
              if (line.contains("\"state\":\"approved\"")) {
                approvedAt = System.nanoTime();
                approved.countDown();
                return;
              }
            }
          }
        }
      } catch (IOException e) {
        // reported as a missing delivery below
      } finally {
        connected.countDown();
      }
    }

    long awaitApproved(Duration timeout) throws Exception {
      try {
        if (!approved.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          throw new IllegalStateException("the approved event was not delivered within " + timeout);
        }
        return approvedAt;
      } finally {
        Connection stream = connection;
        if (stream != null) {
          stream.close();
        }
      }
    }
  }

  private static void expect(Response response, int status, String what) {
    if (response.status() != status) {
      String body = response.body();
      throw new IllegalStateException(
          what + ": HTTP " + response.status() + " " + body.substring(0, Math.min(300, body.length())));
    }
  }

  private static void print(String name, ConcurrentLinkedQueue<Long> nanos) {
    long[] values = nanos.stream().mapToLong(Long::longValue).toArray();
    if (values.length == 0) {
      System.out.printf("%-34s %8s%n", name, "no samples");
      return;
    }
    Arrays.sort(values);
    System.out.printf(
        "%-34s %8.2f %8.2f %8.2f   (%d samples)%n",
        name,
        percentile(values, 0.50),
        percentile(values, 0.99),
        values[values.length - 1] / 1e6,
        values.length);
  }

  private static double percentile(long[] sorted, double p) {
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
  }

  private static String sha() {
    byte[] bytes = new byte[20];
    ThreadLocalRandom.current().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static String group(Pattern pattern, String text) {
    Matcher matcher = pattern.matcher(text);
    if (!matcher.find()) {
      throw new IllegalStateException("unexpected answer: " + text);
    }
    return matcher.group(1);
  }

  private static String quote(String text) {
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> quoted.append("\\\"");
        case '\\' -> quoted.append("\\\\");
        case '\n' -> quoted.append("\\n");
        default -> quoted.append(c);
      }
    }
    return quoted.append('"').toString();
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("usage: --name value …; got " + args[i]);
      }
      options.put(args[i].substring(2), args[++i]);
    }
    return options;
  }

  private static String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return value;
  }
}
