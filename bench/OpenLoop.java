import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * An open-loop HTTPS load client: request i is due at start + i / rate, whatever happened to the
 * requests before it, and its latency is measured from that due time, so a stall of the server
 * shows in the percentiles instead of slowing the client down (no coordinated omission).
 *
 * <p>Run with the JDK's source launcher: {@code java bench/OpenLoop.java --url https://... --ca
 * ca.crt --rate 1000 --duration 20s --connections 64 --body a.json --body b.json}. Bodies are sent
 * in turn as POST application/json; without a body it sends GET.
 */
public final class OpenLoop {
  public static void main(String[] args) throws Exception {
    URI url = null;
    Path ca = null;
    int rate = 1000;
    Duration duration = Duration.ofSeconds(20);
    int connections = 64;
    Duration warmup = Duration.ofSeconds(5);
    List<byte[]> bodies = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--url" -> url = URI.create(args[++i]);
        case "--ca" -> ca = Path.of(args[++i]);
        case "--rate" -> rate = Integer.parseInt(args[++i]);
        case "--duration" -> duration = Duration.ofSeconds(Long.parseLong(args[++i].replace("s", "")));
        case "--connections" -> connections = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Duration.ofSeconds(Long.parseLong(args[++i].replace("s", "")));
        case "--body" -> bodies.add(Files.readAllBytes(Path.of(args[++i])));
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (url == null || ca == null) {
      System.err.println("usage: OpenLoop --url URL --ca CA.crt [--rate N] [--duration Ns] [--connections N] [--body FILE]...");
      System.exit(2);
    }
    new OpenLoop(url, context(ca), rate, duration, warmup, connections, bodies).run();
  }

  private final URI url;
  private final SSLContext tls;
  private final int rate;
  private final Duration duration;
  private final int connections;
  private final List<byte[]> requests = new ArrayList<>();
  private final long[] latencies;
  private final long warmupRequests;
  private final AtomicLong next = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicLong completed = new AtomicLong();

  private OpenLoop(
      URI url, SSLContext tls, int rate, Duration duration, Duration warmup, int connections, List<byte[]> bodies) {
    this.url = url;
    this.tls = tls;
    this.rate = rate;
    this.duration = duration;
    this.connections = connections;
    this.latencies = new long[(int) (rate * duration.toSeconds())];
    this.warmupRequests = rate * warmup.toSeconds();
    String path = url.getRawPath();
    String host = url.getHost() + ":" + url.getPort();
    if (bodies.isEmpty()) {
      requests.add(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    }
    for (byte[] body : bodies) {
      byte[] head =
          ("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\nContent-Length: "
                  + body.length + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII);
      byte[] request = Arrays.copyOf(head, head.length + body.length);
      System.arraycopy(body, 0, request, head.length, body.length);
      requests.add(request);
    }
  }

  private void run() throws InterruptedException {
    long intervalNanos = 1_000_000_000L / rate;
    // Every connection is opened (TLS handshake done) before the first request is due, and the
    // first seconds at the same rate only warm the server and this client up: not measured.
    long start = System.nanoTime() + 2_000_000_000L;
    long measuredFrom = start + warmupRequests * intervalNanos;
    List<Thread> workers = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      workers.add(Thread.ofPlatform().daemon().start(() -> work(start, intervalNanos)));
    }
    for (Thread worker : workers) {
      worker.join();
    }
    double seconds = (System.nanoTime() - measuredFrom) / 1e9;
    int count = (int) completed.get();
    long[] sorted = Arrays.copyOf(latencies, latencies.length);
    Arrays.sort(sorted);
    System.out.printf(
        "requests %d in %.1fs (%.0f/s offered %d/s), errors %d%n", count, seconds, count / seconds, rate, errors.get());
    System.out.printf(
        "latency p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  p99.9 %.2f ms  max %.2f ms%n",
        ms(sorted, 0.50), ms(sorted, 0.90), ms(sorted, 0.99), ms(sorted, 0.999), sorted[sorted.length - 1] / 1e6);
  }

  private static double ms(long[] sorted, double quantile) {
    int index = (int) Math.ceil(quantile * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
  }

  private void work(long start, long intervalNanos) {
    SSLSocket socket = null;
    InputStream in = null;
    OutputStream out = null;
    try {
      socket = connect();
      in = new BufferedInputStream(socket.getInputStream(), 16384);
      out = socket.getOutputStream();
    } catch (IOException e) {
      socket = null;
    }
    while (true) {
      long i = next.getAndIncrement();
      if (i >= warmupRequests + latencies.length) {
        break;
      }
      long due = start + i * intervalNanos;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      try {
        if (socket == null) {
          socket = connect();
          in = new BufferedInputStream(socket.getInputStream(), 16384);
          out = socket.getOutputStream();
        }
        out.write(requests.get((int) (i % requests.size())));
        out.flush();
        int status = readResponse(in);
        if (status != 200 && i >= warmupRequests) {
          errors.incrementAndGet();
        }
      } catch (IOException e) {
        if (i >= warmupRequests) {
          errors.incrementAndGet();
        }
        socket = null;
      }
      if (i >= warmupRequests) {
        latencies[(int) (i - warmupRequests)] = System.nanoTime() - due;
        completed.incrementAndGet();
      }
    }
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing at the end of the run
      }
    }
  }

  private SSLSocket connect() throws IOException {
    SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(url.getHost(), url.getPort());
    socket.setTcpNoDelay(true);
    socket.startHandshake();
    return socket;
  }

  /** Reads one HTTP/1.1 response with a Content-Length; returns its status. */
  private static int readResponse(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed");
      }
      head.append((char) b);
      matched = (b == '\r' || b == '\n') ? (matched + 1) : 0;
    }
    String headers = head.toString();
    int status = Integer.parseInt(headers.substring(9, 12));
    int length = 0;
    for (String line : headers.split("\r\n")) {
      if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    in.readNBytes(length);
    return status;
  }

  private static SSLContext context(Path ca) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(ca)) {
      trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }
}
