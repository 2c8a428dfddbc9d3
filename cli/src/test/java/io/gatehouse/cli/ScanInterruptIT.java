package io.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code gatehouse scan} as its own process, stopped by a signal (SIGTERM, as Ctrl-C's SIGINT goes
 * through the same shutdown hook) in the middle of a scan of a slow, endless target: it stops at
 * once, writes its reports marked partial and exits with the findings' code.
 */
class ScanInterruptIT {
  @TempDir Path dir;
  private HttpServer target;
  private final AtomicInteger requests = new AtomicInteger();

  @BeforeEach
  void start() throws IOException {
    target = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    target.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    target.createContext(
        "/",
        exchange -> {
          int n = requests.incrementAndGet();
          byte[] body =
              ("<html><body><a href=\"/page/" + n + "\">next</a></body></html>")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/html");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    target.start();
  }

  @AfterEach
  void stop() {
    target.stop(0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"TERM", "INT"})
  void scan_signalledMidway_writesAPartialReportAndExits0(String signal) throws Exception {
    Path report = dir.resolve("dast.json");
    String url = "http://127.0.0.1:" + target.getAddress().getPort() + "/";
    try (GatehouseProcess scan =
        GatehouseProcess.start(
            Map.of(),
            "scan",
            url,
            "--rate",
            "5",
            "--max-duration",
            "10m",
            "--progress",
            "plain",
            "--progress-interval",
            "200ms",
            "--format",
            "json:" + report)) {
      awaitProgress(scan);
      if (signal.equals("TERM")) {
        scan.terminate();
      } else {
        scan.interrupt();
      }
      Optional<Integer> exit = scan.awaitExit(Duration.ofSeconds(30));

      assertThat(exit).as(String.join("\n", scan.stderr())).contains(0);
      assertThat(scan.stderr()).anyMatch(l -> l.contains("stopping (interrupted)"));
      assertThat(scan.stdout()).anyMatch(l -> l.startsWith("PARTIAL SCAN: interrupted"));
      JsonNode json = new ObjectMapper().readTree(Files.readString(report));
      assertThat(json.path("partial").asBoolean()).isTrue();
      assertThat(json.path("stopReason").asText()).isEqualTo("interrupted");
    }
  }

  private static void awaitProgress(GatehouseProcess scan) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(deadline)) {
      if (scan.stderr().stream().anyMatch(l -> l.contains("phase=crawl"))) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no progress line: " + scan.stderr());
  }
}
