package io.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanCommandTest {
  @TempDir Path reports;
  private HttpServer server;
  private String base;
  private final AtomicInteger requests = new AtomicInteger();

  @BeforeEach
  void startTarget() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.createContext("/login", this::login);
    server.createContext("/private", this::privatePage);
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  @AfterEach
  void stopTarget() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
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

  private final AtomicInteger privateViews = new AtomicInteger();

  private void login(HttpExchange exchange) throws IOException {
    if (exchange.getRequestMethod().equals("POST")) {
      String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      if (form.contains("password=pw%21secret")) {
        exchange.getResponseHeaders().add("Set-Cookie", "session=ok; Path=/");
        exchange.getResponseHeaders().set("Location", "/private");
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
        return;
      }
    }
    page(exchange, "<form method=post><input name=user><input type=password name=password></form>");
  }

  private void privatePage(HttpExchange exchange) throws IOException {
    String cookie = exchange.getRequestHeaders().getFirst("Cookie");
    if (cookie == null || !cookie.contains("session=ok")) {
      exchange.getResponseHeaders().set("Location", "/login");
      exchange.sendResponseHeaders(302, -1);
      exchange.close();
      return;
    }
    privateViews.incrementAndGet();
    page(exchange, "<p>Your orders</p><a href=\"/\">Log out</a>");
  }

  private static void page(HttpExchange exchange, String html) throws IOException {
    byte[] bytes = ("<html><body>" + html + "</body></html>").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private CommandRun loginScan(String passwordVariable, String... more) {
    java.util.List<String> args =
        new java.util.ArrayList<>(
            java.util.List.of(
                "scan",
                base + "private",
                "--passive-only",
                "--rate",
                "200",
                "--fail-on",
                "none",
                "--login-url",
                base + "login",
                "--login-field",
                "user=bot",
                "--login-field-env",
                "password=" + passwordVariable,
                "--login-check",
                "Log out"));
    args.addAll(java.util.List.of(more));
    return CommandRun.run(
        java.util.Map.of("SCAN_PW", "pw!secret", "WRONG_PW", "nope!nope"),
        Terminal.none(),
        args.toArray(String[]::new));
  }

  @Test
  void scan_loginForm_scansAsTheLoggedInUser() {
    CommandRun run = loginScan("SCAN_PW");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(privateViews.get()).isPositive();
    assertThat(run.err()).doesNotContain("pw!secret");
  }

  @Test
  void scan_loginWrongPassword_exits2WithoutShowingIt() {
    CommandRun run = loginScan("WRONG_PW");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("could not log in", "Log out").doesNotContain("nope!nope");
  }

  @Test
  void scan_loginFieldEnvUnset_exits2NamingTheVariable() {
    CommandRun run = loginScan("UNSET_PW");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("UNSET_PW is not set");
  }

  @Test
  void scan_loginUrlWithoutCheck_exits2() {
    CommandRun run =
        CommandRun.run("scan", base, "--login-url", base + "login", "--login-field", "u=x");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--login-check");
  }

  @Test
  void scan_hostileHeadersAndCookies_exit2BeforeAnyRequestWithoutEchoingTheValue() {
    int requestsBefore = requests.get();
    List<List<String>> hostile =
        List.of(
            List.of("--header", "Authorization: Bearer s3cret\r\nX-Injected: 1"),
            List.of("--header", "Authorization: Bearer s3cret\nX-Injected: 1"),
            List.of("--header", "Authorization: s3cret\u0000"),
            List.of("--header", "Authorization: s3cret\u2028"),
            List.of("--header", "Host: evil.example"),
            List.of("--header", "Content-Length: 0"),
            List.of("--header", "Bad Name: x"),
            List.of("--header", ": no name"),
            List.of("--cookie", "session=s3cret\r\nX-Injected: 1"),
            List.of("--cookie", "session=s3cret\r"),
            List.of("--cookie", "session=a;b=c"),
            List.of("--cookie", "ses sion=x"),
            List.of("--cookie", "=x"),
            List.of("--cookie", "session"));
    for (List<String> options : hostile) {
      List<String> args = new ArrayList<>(List.of("scan", base));
      args.addAll(options);
      CommandRun run = CommandRun.run(args.toArray(String[]::new));
      assertThat(run.exitCode()).as(options.toString()).isEqualTo(2);
      assertThat(run.err())
          .as(options.toString())
          .contains(options.get(0))
          .doesNotContain("s3cret");
    }
    assertThat(requests.get()).isEqualTo(requestsBefore);
  }

  @Test
  void scan_caCertMissing_exits2BeforeAnyRequest() {
    CommandRun run =
        CommandRun.run("scan", base, "--ca-cert", reports.resolve("none.pem").toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(requests.get()).isZero();
  }

  @Test
  void scan_insecureWithCaCert_exits2() {
    CommandRun run =
        CommandRun.run(
            "scan", base, "--insecure", "--ca-cert", reports.resolve("ca.pem").toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("exclude each other");
  }

  @Test
  void scan_progressTty_redrawsOneLineInPlace() {
    CommandRun run =
        CommandRun.run(
            "scan",
            base,
            "--rate",
            "20",
            "--passive-only",
            "--fail-on",
            "none",
            "--progress",
            "tty");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).contains("\r\u001b[K").contains("phase=done");
    // The redrawn line shows pages, requests, checks, findings by severity and the time left.
    assertThat(run.err())
        .containsPattern(
            "\r\u001b\\[K\\S+ +\\S+ +[1-9][0-9]* pages  [1-9][0-9]* req  checks [0-9]+/[0-9]+"
                + "  H[0-9]+ M[0-9]+ L[0-9]+ I[0-9]+  \\S+ left");
  }

  @Test
  void scan_progressNone_printsNoProgress() {
    CommandRun run =
        CommandRun.run(
            "scan",
            base,
            "--rate",
            "200",
            "--passive-only",
            "--fail-on",
            "none",
            "--progress",
            "none");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).doesNotContain("phase=");
  }

  @Test
  void scan_callbackUrlNotHttp_exits2BeforeAnyRequest() {
    CommandRun run = CommandRun.run("scan", base, "--callback-url", "ftp://scanner.example.com/");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("callback URL");
    assertThat(requests.get()).isZero();
  }

  @Test
  void scan_callbackUrl_scansWithTheListenerThere() throws IOException {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    CommandRun run =
        CommandRun.run(
            "scan", base, "--rate", "200", "--callback-url", "http://127.0.0.1:" + port + "/");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.out()).contains("xss-reflected");
  }

  @Test
  void scan_badProgressMode_exits2() {
    assertThat(CommandRun.run("scan", base, "--progress", "fancy").exitCode()).isEqualTo(2);
  }

  @Test
  void help_documentsEveryOption() {
    CommandRun run = CommandRun.run("scan", "--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("--scope", "--exclude", "--max-duration", "--rate", "--concurrency")
        .contains("--passive-only", "--header", "--cookie", "--format", "--output-dir")
        .contains("--fail-on", "--rules", "--baseline", "Exit codes")
        .contains("--login-url", "--login-field-env", "--login-check", "--ca-cert", "--insecure")
        .contains("--progress");
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

  private Path rules(String yaml) throws IOException {
    Path file = reports.resolve("dast-rules.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  @Test
  void scan_rulesIgnoreXss_exits0AndReportsItSuppressedWithJustification() throws IOException {
    Path rules =
        rules(
            """
            rules:
              - id: xss-reflected
                action: ignore
                url: 'http://127\\.0\\.0\\.1:\\d+/search.*'
                justification: the search page is a decoy
            """);
    CommandRun run =
        CommandRun.run(
            "scan",
            base,
            "--rate",
            "200",
            "--rules",
            rules.toString(),
            "--format",
            "sarif,json",
            "--output-dir",
            reports.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("1 suppressed", "result: pass").doesNotContain("xss-reflected");
    assertThat(reports.resolve("gatehouse-dast.sarif"))
        .content()
        .contains("\"suppressions\"", "the search page is a decoy");
    JsonNode results =
        new ObjectMapper()
            .readTree(reports.resolve("gatehouse-dast.sarif").toFile())
            .path("runs")
            .get(0)
            .path("results");
    assertThat(results.findValuesAsText("level")).isNotEmpty().doesNotContain("error");
    assertThat(reports.resolve("gatehouse-dast.json"))
        .content()
        .contains("\"status\" : \"ignored\"", "\"high\" : 0");
  }

  @Test
  void scan_rulesWarnXss_exits0AndListsItAsWarning() throws IOException {
    Path rules = rules("rules:\n  - id: xss-reflected\n    action: warn\n");
    CommandRun run = CommandRun.run("scan", base, "--rate", "200", "--rules", rules.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("warn", "xss-reflected", "result: pass");
  }

  @Test
  void scan_rulesUrlNotMatching_stillExits1() throws IOException {
    Path rules =
        rules("rules:\n  - id: xss-reflected\n    action: ignore\n    url: 'https://other/.*'\n");
    CommandRun run = CommandRun.run("scan", base, "--rate", "200", "--rules", rules.toString());
    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
  }

  @Test
  void scan_rulesFailOnMediumRule_exits1DespiteFailOnNone() throws IOException {
    Path rules = rules("rules:\n  - id: csp-missing\n    action: fail\n");
    CommandRun run =
        CommandRun.run(
            "scan",
            base,
            "--rate",
            "200",
            "--passive-only",
            "--fail-on",
            "none",
            "--rules",
            rules.toString());
    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.out()).contains("result: FAIL");
  }

  @Test
  void scan_rulesUnknownRuleId_exits2NamingFileAndPathBeforeAnyRequest() throws IOException {
    Path rules = rules("rules:\n  - id: xss-reflectd\n    action: ignore\n");
    CommandRun run = CommandRun.run("scan", base, "--rules", rules.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains(rules.toString(), "rules[0].id", "unknown rule id");
    assertThat(requests.get()).isZero();
  }

  @Test
  void scan_rulesOversized_exits2BeforeAnyRequest() throws IOException {
    Path rules = rules("rules: []\n#" + "x".repeat(70_000) + "\n");
    CommandRun run = CommandRun.run("scan", base, "--rules", rules.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains(rules.toString(), "larger than the limit");
    assertThat(requests.get()).isZero();
  }

  @Test
  void scan_rulesMissingFile_exits2() {
    CommandRun run =
        CommandRun.run("scan", base, "--rules", reports.resolve("none.yaml").toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("none.yaml", "not a readable file");
    assertThat(requests.get()).isZero();
  }

  @Test
  void scan_baselineOfPreviousScan_exits0AndMarksFindingsInBaseline() throws IOException {
    Path first = reports.resolve("first");
    CommandRun previous =
        CommandRun.run(
            "scan", base, "--rate", "200", "--format", "json", "--output-dir", first.toString());
    assertThat(previous.exitCode()).as(previous.err()).isEqualTo(1);

    CommandRun run =
        CommandRun.run(
            "scan",
            base,
            "--rate",
            "200",
            "--baseline",
            first.resolve("gatehouse-dast.json").toString(),
            "--format",
            "sarif,json",
            "--output-dir",
            reports.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("baseline", "xss-reflected", "result: pass");
    assertThat(reports.resolve("gatehouse-dast.sarif"))
        .content()
        .contains("\"baselineState\" : \"unchanged\"", "partialFingerprints")
        .doesNotContain("\"baselineState\" : \"new\"");
    assertThat(reports.resolve("gatehouse-dast.json"))
        .content()
        .contains("\"status\" : \"baseline\"", "\"failing\" : 0");
  }

  @Test
  void scan_emptyBaseline_exits1WithNewFindings() throws IOException {
    Path baseline = reports.resolve("baseline.json");
    Files.writeString(baseline, "{\"tool\": \"gatehouse-dast\", \"findings\": []}");
    CommandRun run =
        CommandRun.run(
            "scan",
            base,
            "--rate",
            "200",
            "--baseline",
            baseline.toString(),
            "--format",
            "sarif",
            "--output-dir",
            reports.toString());
    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(reports.resolve("gatehouse-dast.sarif"))
        .content()
        .contains("\"baselineState\" : \"new\"");
  }

  @Test
  void scan_malformedBaseline_exits2BeforeAnyRequest() throws IOException {
    Path baseline = reports.resolve("baseline.json");
    Files.writeString(baseline, "{\"tool\": \"gatehouse-dast\", \"findings\": [");
    CommandRun run = CommandRun.run("scan", base, "--baseline", baseline.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("baseline " + baseline, "not valid JSON");
    assertThat(requests.get()).isZero();
  }
}
