package io.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gatehouse scan --openapi}: a JSON API that no link leads to, scanned from its document.
 */
class ScanOpenApiTest {
  private static final Pattern NAME =
      Pattern.compile("\"name\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final String DOCUMENT =
      """
      openapi: 3.0.3
      info: {title: Greeter, version: "1"}
      paths:
        /api/greet:
          post:
            requestBody:
              content:
                application/json:
                  schema:
                    type: object
                    properties: {name: {type: string, example: Ada}}
            responses: {'200': {description: a greeting}}
      """;

  @TempDir Path directory;
  private HttpServer server;
  private String base;
  private final AtomicInteger requests = new AtomicInteger();

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

  /** A page without links, and a JSON endpoint that reflects {@code name} unescaped. */
  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    String body = "<p>Welcome</p>";
    if (exchange.getRequestURI().getPath().equals("/api/greet")) {
      try (InputStream in = exchange.getRequestBody()) {
        Matcher name = NAME.matcher(new String(in.readNBytes(65_536), StandardCharsets.UTF_8));
        body = "<p>Hello " + (name.find() ? name.group(1).replace("\\\"", "\"") : "") + "</p>";
      }
    }
    byte[] bytes = ("<html><body>" + body + "</body></html>").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Test
  void scan_openApiFile_findsTheJsonBodyXssNoLinkLeadsTo() throws IOException {
    Path document = Files.writeString(directory.resolve("openapi.yaml"), DOCUMENT);
    CommandRun run =
        CommandRun.run(
            "scan", base, "--openapi", document.toString(), "--max-depth", "0", "--rate", "200");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.out()).contains("xss-reflected", "json:/name");
    assertThat(run.err()).contains("openapi: 1 operation(s) imported");
  }

  @Test
  void scan_withoutOpenApi_doesNotFindIt() {
    CommandRun run = CommandRun.run("scan", base, "--rate", "200");
    assertThat(run.exitCode()).as(run.err()).isZero();
  }

  @Test
  void scan_invalidOpenApi_exits2BeforeAnyRequest() throws IOException {
    Path document = Files.writeString(directory.resolve("bad.json"), "{\"swagger\": \"2.0\"}");
    CommandRun run = CommandRun.run("scan", base, "--openapi", document.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--openapi", "bad.json", "Swagger 2.0 is not supported");
    assertThat(requests.get()).isZero();
  }

  @Test
  void help_documentsOpenApi() {
    assertThat(CommandRun.run("scan", "--help").out()).contains("--openapi", "FILE|URL");
  }
}
