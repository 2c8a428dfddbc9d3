import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
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
 * concurrent clients. Prints lifecycles per second, p50/p99 per API call, and the latency from
 * sending the deciding approval to the moment a client following the deployment's event stream
 * receives the {@code approved} state.
 *
 * <p>Usage: {@code java bench/Lifecycle.java --server URL --admin-token TOKEN [--clients 64]
 * [--duration 30] [--warmup 5] [--label NAME]}
 */
public final class Lifecycle {
  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");
  private static final Pattern STATE = Pattern.compile("\"state\"\\s*:\\s*\"([a-z_]+)\"");
  private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");
  private static final String[] CALLS = {
    "create", "approve-1", "approve-2", "in_progress", "success"
  };

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final URI server;
  private final String suffix = HexFormat.of().formatHex(new byte[] {(byte) ThreadLocalRandom.current().nextInt()});
  private String deployerToken;
  private String reviewerAToken;
  private String reviewerBToken;

  private Lifecycle(URI server) {
    this.server = server;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    URI server = URI.create(options.getOrDefault("server", "http://127.0.0.1:8080"));
    String admin = required(options, "admin-token");
    int clients = Integer.parseInt(options.getOrDefault("clients", "64"));
    int duration = Integer.parseInt(options.getOrDefault("duration", "30"));
    int warmup = Integer.parseInt(options.getOrDefault("warmup", "5"));
    String label = options.getOrDefault("label", server.toString());
    Lifecycle bench = new Lifecycle(server);
    bench.setUp(admin);
    bench.run(label, clients, warmup, duration);
  }

  private void setUp(String adminToken) throws Exception {
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
    expect(send("POST", "/api/v1/apply", adminToken, body), 200, "apply");
    deployerToken = token(adminToken, project + "-deployer");
    reviewerAToken = token(adminToken, project + "-rev-a");
    reviewerBToken = token(adminToken, project + "-rev-b");
    System.out.printf("set up project %s with two required teams%n", project);
  }

  private String token(String adminToken, String user) throws Exception {
    HttpResponse<String> response =
        send("POST", "/api/v1/users/" + user + "/tokens", adminToken, "{\"name\":\"bench\"}");
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
    ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    CountDownLatch done = new CountDownLatch(clients);
    String project = "bench-" + suffix;
    for (int c = 0; c < clients; c++) {
      final int clientIndex = c;
      Thread.ofVirtual()
          .start(
              () -> {
                long round = 0;
                try {
                  while (!stop.get()) {
                    boolean watch = (round++ % 4) == clientIndex % 4;
                    try {
                      long[] timings = new long[CALLS.length];
                      long wait = lifecycle(project, timings, watch);
                      if (measuring.get()) {
                        lifecycles.incrementAndGet();
                        for (int i = 0; i < CALLS.length; i++) {
                          latencies.get(i).add(timings[i]);
                        }
                        if (wait >= 0) {
                          delivery.add(wait);
                        }
                      }
                    } catch (Exception e) {
                      failures.incrementAndGet();
                      if (errors.size() < 5) {
                        errors.add(e.toString());
                      }
                    }
                  }
                } finally {
                  done.countDown();
                }
              });
    }
    System.out.printf("warming up for %d s with %d clients…%n", warmupSeconds, clients);
    Thread.sleep(warmupSeconds * 1000L);
    measuring.set(true);
    long start = System.nanoTime();
    System.out.printf("measuring for %d s…%n", seconds);
    for (int s = 1; s <= seconds; s++) {
      Thread.sleep(1000);
      if (s % 5 == 0) {
        System.out.printf("  %3d s: %d lifecycles%n", s, lifecycles.get());
      }
    }
    measuring.set(false);
    double elapsed = (System.nanoTime() - start) / 1e9;
    stop.set(true);
    done.await(60, TimeUnit.SECONDS);
    System.out.println();
    System.out.printf("== %s: %d clients, %.1f s ==%n", label, clients, elapsed);
    System.out.printf(
        "lifecycles/s: %.0f  (%d complete, %d failed)%n",
        lifecycles.get() / elapsed, lifecycles.get(), failures.get());
    System.out.printf("%-26s %8s %8s %8s%n", "call", "p50 ms", "p99 ms", "max ms");
    for (int i = 0; i < CALLS.length; i++) {
      print(CALLS[i], latencies.get(i));
    }
    print("approval -> events stream", delivery);
    for (String error : errors) {
      System.out.println("error: " + error);
    }
  }

  /** One lifecycle; returns the approval-to-delivery latency in ns, or -1 when not watched. */
  private long lifecycle(String project, long[] timings, boolean watch) throws Exception {
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
    HttpResponse<String> created = send("POST", "/api/v1/deployments", deployerToken, create);
    timings[0] = System.nanoTime() - t;
    expect(created, 201, "create");
    String id = group(ID, created.body());
    String path = "/api/v1/deployments/" + id;
    t = System.nanoTime();
    expect(send("POST", path + "/reviews", reviewerAToken, "{\"decision\":\"approve\"}"), 200, "approve 1");
    timings[1] = System.nanoTime() - t;
    Watcher watcher = watch ? Watcher.open(client, server.resolve(path + "/events"), deployerToken) : null;
    t = System.nanoTime();
    HttpResponse<String> approved =
        send("POST", path + "/reviews", reviewerBToken, "{\"decision\":\"approve\"}");
    timings[2] = System.nanoTime() - t;
    long sentAt = t;
    expect(approved, 200, "approve 2");
    if (!"approved".equals(group(STATE, approved.body()))) {
      throw new IllegalStateException("not approved after two approvals: " + approved.body());
    }
    long wait = -1;
    if (watcher != null) {
      wait = watcher.awaitApproved(Duration.ofSeconds(10)) - sentAt;
    }
    t = System.nanoTime();
    expect(send("POST", path + "/status", deployerToken, "{\"state\":\"in_progress\",\"logUrl\":\"https://ci.example.com/run/" + id + "\"}"), 200, "in_progress");
    timings[3] = System.nanoTime() - t;
    t = System.nanoTime();
    expect(send("POST", path + "/status", deployerToken, "{\"state\":\"success\"}"), 200, "success");
    timings[4] = System.nanoTime() - t;
    return wait;
  }

  /** Follows a deployment's event stream on its own thread and notes when approval arrives. */
  private static final class Watcher {
    private final CountDownLatch connected = new CountDownLatch(1);
    private final CountDownLatch approved = new CountDownLatch(1);
    private volatile long approvedAt;
    private volatile InputStream body;

    static Watcher open(HttpClient client, URI uri, String token) throws InterruptedException {
      Watcher watcher = new Watcher();
      Thread.ofVirtual().start(() -> watcher.follow(client, uri, token));
      if (!watcher.connected.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the event stream did not open");
      }
      return watcher;
    }

    private void follow(HttpClient client, URI uri, String token) {
      HttpRequest request =
          HttpRequest.newBuilder(uri)
              .header("Authorization", "Bearer " + token)
              .header("Accept", "text/event-stream")
              .GET()
              .build();
      try {
        HttpResponse<InputStream> response =
            client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        body = response.body();
        try (BufferedReader reader =
            new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
          String line;
          while ((line = reader.readLine()) != null) {
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
      } catch (IOException | InterruptedException e) {
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
        InputStream stream = body;
        if (stream != null) {
          stream.close();
        }
      }
    }
  }

  private HttpResponse<String> send(String method, String path, String token, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token);
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void expect(HttpResponse<String> response, int status, String what) {
    if (response.statusCode() != status) {
      String body = response.body();
      throw new IllegalStateException(
          what + ": HTTP " + response.statusCode() + " " + body.substring(0, Math.min(300, body.length())));
    }
  }

  private static void print(String name, ConcurrentLinkedQueue<Long> nanos) {
    long[] values = nanos.stream().mapToLong(Long::longValue).toArray();
    if (values.length == 0) {
      System.out.printf("%-26s %8s%n", name, "no samples");
      return;
    }
    Arrays.sort(values);
    System.out.printf(
        "%-26s %8.2f %8.2f %8.2f   (%d samples)%n",
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
