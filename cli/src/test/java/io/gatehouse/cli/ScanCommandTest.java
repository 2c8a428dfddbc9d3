package io.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanCommandTest {
  @TempDir Path reports;
  private HttpServer server;
  private String base;

  @BeforeEach
  void startTarget() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  @AfterEach
  void stopTarget() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String query = exchange.getRequestURI().getRawQuery();
    String q =
        query == null
            ? ""
            : URLDecoder.decode(query.replaceFirst("^q=", ""), StandardCharsets.UTF_8);
    String body =
        exchange.getRequestURI().getPath().equals("/search")
            ? "<html><body><p>Results for " + q + "</p></body></html>"
            : "<html><body><a href=\"/search?q=shoes\">search</a></body></html>";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Test
  void help_documentsEveryOption() {
    CommandRun run = CommandRun.run("scan", "--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("--scope", "--exclude", "--max-duration", "--rate", "--concurrency")
        .contains("--passive-only", "--header", "--cookie", "--format", "--output-dir")
        .contains("--fail-on", "Exit codes");
  }

  @Test
  void scan_reflectedXss_exits1AndWritesEachFormatToItsFile() throws IOException {
    CommandRun run =
        CommandRun.run(
            "scan",
            base,
            "--rate",
            "200",
            "--format",
            "sarif,json,html,junit,markdown",
            "--output-dir",
            reports.toString(),
            "--progress-interval",
            "1s");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.out()).contains("xss-reflected", "result: FAIL");
    assertThat(reports.resolve("gatehouse-dast.sarif"))
        .content()
        .contains("\"2.1.0\"", "xss-reflected");
    assertThat(reports.resolve("gatehouse-dast.json")).content().contains("\"xss-reflected\"");
    assertThat(reports.resolve("gatehouse-dast.html")).content().contains("<!DOCTYPE html>");
    assertThat(reports.resolve("gatehouse-dast.junit.xml")).content().contains("<testsuites>");
    assertThat(reports.resolve("gatehouse-dast.md")).content().contains("Gatehouse DAST");
  }

  @Test
  void scan_failOnNone_exits0() {
    CommandRun run = CommandRun.run("scan", base, "--rate", "200", "--fail-on", "none");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("result: pass");
  }

  @Test
  void scan_passiveOnly_sendsNoPayloadAndExits0() {
    CommandRun run = CommandRun.run("scan", base, "--rate", "200", "--passive-only");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).doesNotContain("xss-reflected");
  }

  @Test
  void scan_formatWithFile_writesThatFile() {
    Path file = reports.resolve("out/dast.sarif");
    CommandRun run =
        CommandRun.run(
            "scan", base, "--rate", "200", "--fail-on", "none", "--format", "sarif:" + file);
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(Files.exists(file)).isTrue();
  }

  @Test
  void scan_unreachableTarget_exits2() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    CommandRun run = CommandRun.run("scan", "http://127.0.0.1:" + port + "/", "--timeout", "2s");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("does not answer");
  }

  @Test
  void scan_timeLimit_writesPartialReport() throws IOException {
    CommandRun run =
        CommandRun.run(
            "scan",
            base,
            "--rate",
            "2",
            "--max-duration",
            "1s",
            "--fail-on",
            "none",
            "--format",
            "json",
            "--output-dir",
            reports.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("PARTIAL SCAN: time limit reached");
    assertThat(reports.resolve("gatehouse-dast.json")).content().contains("\"partial\" : true");
  }

  @Test
  void scan_badFailOn_exits2() {
    assertThat(CommandRun.run("scan", base, "--fail-on", "critical").exitCode()).isEqualTo(2);
  }

  @Test
  void scan_unknownFormat_exits2() {
    CommandRun run = CommandRun.run("scan", base, "--format", "pdf");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("unknown format 'pdf'");
  }

  @Test
  void scan_notHttpUrl_exits2() {
    assertThat(CommandRun.run("scan", "file:///etc/passwd").exitCode()).isEqualTo(2);
  }

  @Test
  void scan_badScopeRegex_exits2() {
    CommandRun run = CommandRun.run("scan", base, "--scope", "(");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--scope is not a regular expression");
  }
}
