import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives a running {@code gatehouse server} with deployment token requests: each of N concurrent
 * clients is the job of its own approved deployment (its own API token created it) and asks, in a
 * closed loop over one keep-alive HTTP/1.1 connection written and read directly over a socket, for
 * that deployment's OIDC token ({@code POST /api/v1/deployments/{id}/token}). Every answer is
 * checked to be 200 with a three-part JWT. Prints tokens per second, p50/p99/max latency and the
 * CPU time per token of the server process and of the whole machine.
 *
 * <p>Usage: {@code java bench/Tokens.java --server URL --admin-token TOKEN [--clients 64]
 * [--duration 20] [--warmup 5] [--alg ES256|RS256] [--request token|whoami] [--server-pid PID]
 * [--label NAME]}. With {@code --request whoami} the same clients send {@code GET /api/v1/whoami}
 * instead (authentication and one small read, no signature, no audit entry): the cost of an API
 * request itself on this server, to compare the token's cost with.
 */
public final class Tokens {
  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");
  private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    URI server = URI.create(options.getOrDefault("server", "http://127.0.0.1:8080"));
    String admin = required(options, "admin-token");
    int clients = Integer.parseInt(options.getOrDefault("clients", "64"));
    int duration = Integer.parseInt(options.getOrDefault("duration", "20"));
    int warmup = Integer.parseInt(options.getOrDefault("warmup", "5"));
    String alg = options.getOrDefault("alg", "ES256");
    String label = options.getOrDefault("label", server.toString());
    boolean whoami = options.getOrDefault("request", "token").equals("whoami");
    long serverPid = Long.parseLong(options.getOrDefault("server-pid", "0"));

    String project = "bench-" + HexFormat.of().formatHex(new byte[] {(byte) ThreadLocalRandom.current().nextInt()});
    List<Job> jobs = setUp(server, admin, project, clients);
    String body = "{\"audience\":\"sts.amazonaws.com\",\"lifetime\":\"5m\",\"alg\":\"" + alg + "\"}";

    AtomicBoolean measuring = new AtomicBoolean(false);
    AtomicBoolean stop = new AtomicBoolean(false);
    AtomicLong issued = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    List<long[]> samples = new ArrayList<>();
    List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
    CountDownLatch done = new CountDownLatch(clients);
    for (Job job : jobs) {
      long[] latencies = new long[200_000];
      int[] count = {0};
      samples.add(latencies);
      Thread.ofVirtual()
          .start(
              () -> {
                Connection connection = null;
                String path =
                    whoami ? "/api/v1/whoami" : "/api/v1/deployments/" + job.deployment() + "/token";
                try {
                  while (!stop.get()) {
                    try {
                      if (connection == null) {
                        connection = new Connection(server);
                      }
                      long t = System.nanoTime();
                      Response response =
                          whoami
                              ? connection.send("GET", path, job.token(), null)
                              : connection.send("POST", path, job.token(), body);
                      long took = System.nanoTime() - t;
                      if (response.status() != 200
                          || (!whoami && group(TOKEN, response.body()).split("\\.", -1).length != 3)) {
                        throw new IllegalStateException("HTTP " + response.status() + " " + response.body());
                      }
                      if (measuring.get()) {
                        issued.incrementAndGet();
                        if (count[0] < latencies.length) {
                          latencies[count[0]++] = took;
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
                  latencies[latencies.length - 1] = count[0];
                  done.countDown();
                }
              });
    }
    System.out.printf("warming up for %d s with %d clients (%s)…%n", warmup, clients, alg);
    Thread.sleep(warmup * 1000L);
    measuring.set(true);
    long start = System.nanoTime();
    long serverCpuStart = serverCpuMillis(serverPid);
    long machineCpuStart = machineBusyMillis();
    for (int s = 1; s <= duration; s++) {
      Thread.sleep(1000);
      if (s % 5 == 0) {
        System.out.printf("  %3d s: %d tokens%n", s, issued.get());
      }
    }
    measuring.set(false);
    double elapsed = (System.nanoTime() - start) / 1e9;
    long serverCpu = serverCpuMillis(serverPid) - serverCpuStart;
    long machineCpu = machineBusyMillis() - machineCpuStart;
    long total = issued.get();
    stop.set(true);
    done.await(60, TimeUnit.SECONDS);

    long[] all = merge(samples);
    System.out.println();
    String what = whoami ? "GET /api/v1/whoami" : alg;
    String unit = whoami ? "requests" : "tokens";
    System.out.printf("== %s: %d clients, %s, %.1f s ==%n", label, clients, what, elapsed);
    System.out.printf("%s/s: %.0f  (%d done, %d failed)%n", unit, total / elapsed, total, failures.get());
    if (serverPid > 0 && total > 0) {
      System.out.printf(
          "CPU per " + unit.substring(0, unit.length() - 1) + ": server %.3f ms, whole machine %.3f ms (server %.0f%% of a core)%n",
          (double) serverCpu / total, (double) machineCpu / total, 100.0 * serverCpu / (elapsed * 1000));
    }
    if (all.length > 0) {
      System.out.printf(
          "latency ms: p50 %.2f  p99 %.2f  max %.2f  (%d samples)%n",
          percentile(all, 0.50), percentile(all, 0.99), all[all.length - 1] / 1e6, all.length);
    }
    for (String error : errors) {
      System.out.println("error: " + error);
    }
  }

  private record Job(String token, long deployment) {}

  /** A project whose environment approves at once, a deployer, and per client a token and a deployment. */
  private static List<Job> setUp(URI server, String admin, String project, int clients) throws Exception {
    String document =
        String.join(
            "\n",
            "version: 1",
            "users:",
            "  - name: " + project + "-ci",
            "projects:",
            "  - name: " + project,
            "    deployers:",
            "      users: [" + project + "-ci]",
            "    environments:",
            "      - name: prod",
            "");
    List<Job> jobs = new ArrayList<>();
    try (Connection connection = new Connection(server)) {
      expect(connection.send("POST", "/api/v1/apply", admin, "{\"document\":" + quote(document) + ",\"dryRun\":false}"), 200, "apply");
      for (int i = 0; i < clients; i++) {
        Response token = connection.send("POST", "/api/v1/users/" + project + "-ci/tokens", admin, "{\"name\":\"job-" + i + "\"}");
        expect(token, 201, "token");
        String jobToken = group(TOKEN, token.body());
        String create =
            "{\"project\":\"" + project + "\",\"environment\":\"prod\",\"ref\":\"refs/heads/main\",\"sha\":\"" + sha()
                + "\",\"images\":[\"registry.example.com/shop/web:1.0@sha256:" + sha() + sha().substring(0, 24) + "\"]}";
        Response created = connection.send("POST", "/api/v1/deployments", jobToken, create);
        expect(created, 201, "deployment");
        jobs.add(new Job(jobToken, Long.parseLong(group(ID, created.body()))));
      }
    }
    System.out.printf("set up project %s: %d approved deployments, one job token each%n", project, clients);
    return jobs;
  }

  private static long[] merge(List<long[]> samples) {
    int size = 0;
    for (long[] s : samples) {
      size += (int) s[s.length - 1];
    }
    long[] all = new long[size];
    int at = 0;
    for (long[] s : samples) {
      int n = (int) s[s.length - 1];
      System.arraycopy(s, 0, all, at, n);
      at += n;
    }
    Arrays.sort(all);
    return all;
  }

  private static double percentile(long[] sorted, double p) {
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
  }

  /** User and system CPU time of the server process so far, from /proc; 0 when unknown. */
  private static long serverCpuMillis(long pid) {
    if (pid <= 0) {
      return 0;
    }
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 1000 / 100;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** Busy CPU time of the whole machine so far (every core), from /proc/stat; 0 when unknown. */
  private static long machineBusyMillis() {
    try {
      String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
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

  private record Response(int status, String body) {}

  /** One keep-alive HTTP/1.1 connection; responses read by Content-Length. One thread at a time. */
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

    Response send(String method, String path, String token, String body) throws IOException {
      byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      String head =
          method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer " + token
              + "\r\nAccept: application/json"
              + (body == null ? "" : "\r\nContent-Type: application/json\r\nContent-Length: " + content.length)
              + "\r\n\r\n";
      byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
      byte[] request = Arrays.copyOf(headBytes, headBytes.length + content.length);
      System.arraycopy(content, 0, request, headBytes.length, content.length);
      out.write(request);
      out.flush();
      String status = line();
      if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
        throw new IOException("not an HTTP/1.1 response: " + status);
      }
      int code = Integer.parseInt(status.substring(9, 12));
      int length = -1;
      for (String header = line(); !header.isEmpty(); header = line()) {
        int colon = header.indexOf(':');
        if (header.substring(0, colon).strip().toLowerCase(Locale.ROOT).equals("content-length")) {
          length = Integer.parseInt(header.substring(colon + 1).strip());
        }
      }
      if (length < 0) {
        throw new IOException("a response without Content-Length");
      }
      byte[] data = in.readNBytes(length);
      if (data.length != length) {
        throw new IOException("the response ended early");
      }
      return new Response(code, new String(data, StandardCharsets.UTF_8));
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
    public void close() {
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }

  private static void expect(Response response, int status, String what) {
    if (response.status() != status) {
      String body = response.body();
      throw new IllegalStateException(what + ": HTTP " + response.status() + " " + body.substring(0, Math.min(300, body.length())));
    }
  }

  private static String sha() {
    byte[] bytes = new byte[20];
    ThreadLocalRandom.current().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static String group(Pattern pattern, String text) {
    Matcher matcher = pattern.matcher(text);
    if (!matcher.find()) {
      throw new IllegalStateException("unexpected answer: " + text.substring(0, Math.min(300, text.length())));
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
