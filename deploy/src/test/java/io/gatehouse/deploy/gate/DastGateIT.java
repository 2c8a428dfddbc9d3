package io.gatehouse.deploy.gate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.dast.findings.Confidence;
import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Rule;
import io.gatehouse.dast.findings.Severity;
import io.gatehouse.dast.report.ReportFormat;
import io.gatehouse.dast.report.Reports;
import io.gatehouse.dast.report.ScanReport;
import io.gatehouse.deploy.access.ApiCalls;
import io.gatehouse.deploy.server.ControlPlaneSettings;
import io.gatehouse.deploy.server.ServerFixture;
import io.gatehouse.testing.DatabaseKind;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The {@code dast} gate through a real server on H2 and PostgreSQL: in scan mode the server scans a
 * real web application on loopback (a vulnerable one fails the gate, its safe twin passes it); in
 * report mode the deployment's job uploads a JSON report, judged under the gate's rules.
 */
class DastGateIT {
  private static final String SHA = "4f9c1e0b6d2a8e7f3c5b9a1d0e2f4a6b8c0d2e4f";
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  private final DastTargetApp vulnerable = DastTargetApp.vulnerable();
  private final DastTargetApp safe = DastTargetApp.safe();
  private final List<DastTargetApp> others = new java.util.ArrayList<>();
  @TempDir Path dir;
  private ServerFixture server;
  private ApiCalls api;
  private String admin;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    vulnerable.close();
    safe.close();
    others.forEach(DastTargetApp::close);
  }

  private void start(DatabaseKind kind) {
    start(kind, "");
  }

  /** Starts the server with the shop's environments and {@code more} environments (YAML). */
  private void start(DatabaseKind kind, String more) {
    ControlPlaneSettings settings =
        ControlPlaneSettings.defaults().withTimings(Duration.ofMillis(200), Duration.ofSeconds(30));
    server =
        ServerFixture.start(
            ServerFixture.configFor(kind.create()), settings, List.of(), Clock.systemUTC());
    api = new ApiCalls(server);
    admin = server.adminToken();
    String document =
        """
        version: 1
        projects:
          - name: shop
            environments:
              - name: vulnerable
                gates:
                  - name: dast
                    type: dast
                    delay: 0s
                    interval: 1s
                    timeout: 10m
                    parameters: {url: "%s", maxDuration: 60s, rate: 100, maxPages: 20}
              - name: safe
                gates:
                  - name: dast
                    type: dast
                    delay: 0s
                    interval: 1s
                    timeout: 10m
                    parameters: {url: "%s", maxDuration: 60s, rate: 100, maxPages: 20}
              - name: report
                gates:
                  - name: pipeline-dast
                    type: dast
                    delay: 0s
                    interval: 1s
                    timeout: 10m
                    parameters:
                      mode: report
                      failOn: medium
                      rules:
                        - {id: xss-reflected, action: warn, url: '.*/legacy/.*', justification: retired next sprint}
        """
                .formatted(vulnerable.url(), safe.url())
            + more;
    ApiCalls.Answer applied =
        api.post(admin, "/api/v1/apply", ApiCalls.json("document", document, "dryRun", false));
    assertThat(applied.status()).as(applied.body().toString()).isEqualTo(200);
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void scan_vulnerableTarget_failsTheGateAndShowsTheFindings(DatabaseKind kind) {
    start(kind);
    long id = deploy("vulnerable");

    JsonNode deployment = await(id, d -> dastState(d).equals("done"));

    assertThat(deployment.path("state").asText()).isEqualTo("waiting");
    JsonNode dast = deployment.path("dast").get(0);
    assertThat(dast.path("gate").asText()).isEqualTo("dast");
    assertThat(dast.path("mode").asText()).isEqualTo("scan");
    assertThat(dast.path("result").asText()).isEqualTo("fail");
    assertThat(dast.path("summary").path("failing").asLong()).isPositive();
    assertThat(dast.path("summary").path("target").asText()).isEqualTo(vulnerable.url());
    JsonNode first = dast.path("findings").get(0);
    assertThat(first.path("ruleId").asText()).isEqualTo("xss-reflected");
    assertThat(first.path("status").asText()).isEqualTo("fail");
    assertThat(first.path("parameter").asText()).isEqualTo("q");
    JsonNode gate =
        await(id, d -> d.path("gates").size() == 1 && gateStatus(d).equals("fail"))
            .path("gates")
            .get(0);
    assertThat(gate.path("type").asText()).isEqualTo("dast");
    assertThat(gate.path("detail").asText()).contains("1 failing", "xss-reflected");
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void scan_safeTarget_passesTheGateOnce(DatabaseKind kind) {
    start(kind);
    long id = deploy("safe");

    JsonNode deployment = await(id, d -> d.path("state").asText().equals("approved"));

    JsonNode dast = deployment.path("dast").get(0);
    assertThat(dast.path("result").asText()).isEqualTo("pass");
    assertThat(dast.path("summary").path("failing").asLong()).isZero();
    assertThat(dast.path("summary").path("requests").asLong()).isPositive();
    assertThat(deployment.path("gates").get(0).path("status").asText()).isEqualTo("pass");
    assertThat(deployment.path("dast")).hasSize(1);
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void scan_excludedPath_neverRequestedSoTheGatePasses(DatabaseKind kind) {
    start(
        kind,
        environment(
            "excluding",
            "{url: \"%s\", maxDuration: 60s, rate: 100, maxPages: 20, exclude: [/search]}"
                .formatted(vulnerable.url())));
    long id = deploy("excluding");

    JsonNode deployment = await(id, d -> d.path("state").asText().equals("approved"));

    assertThat(deployment.path("dast").get(0).path("result").asText()).isEqualTo("pass");
    assertThat(vulnerable.paths()).contains("/").doesNotContain("/search");
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void report_uploadedByTheJob_isJudgedUnderTheGateRules(DatabaseKind kind) {
    start(kind);
    long id = deploy("report");
    String path = "/api/v1/deployments/" + id + "/dast-report";
    JsonNode waiting = await(id, d -> gateStatus(d).equals("pending"));
    assertThat(waiting.path("gates").get(0).path("detail").asText()).contains(path);

    String otherToken = token();
    assertThat(api.post(otherToken, path, report("/search")).code())
        .isEqualTo("not_deployment_job");
    assertThat(api.post(admin, path, "{\"tool\":\"gatehouse-dast\"").status()).isEqualTo(400);
    ApiCalls.Answer extraKey =
        api.post(admin, path, report("/search").replace("\"tool\"", "\"x\":1,\"tool\""));
    assertThat(extraKey.code()).isEqualTo("invalid_report");
    assertThat(api.post(admin, path + "?gate=nope", report("/search")).code())
        .isEqualTo("no_report_gate");

    ApiCalls.Answer failing = api.post(admin, path, report("/search"));
    assertThat(failing.status()).as(failing.body().toString()).isEqualTo(201);
    assertThat(failing.body().path("pass").asBoolean()).isFalse();
    JsonNode failed = await(id, d -> gateStatus(d).equals("fail"));
    assertThat(failed.path("dast").get(0).path("findings").get(0).path("status").asText())
        .isEqualTo("fail");

    ApiCalls.Answer warned = api.post(admin, path, report("/legacy/search"));
    assertThat(warned.body().path("pass").asBoolean()).as(warned.body().toString()).isTrue();
    JsonNode approved = await(id, d -> d.path("state").asText().equals("approved"));
    JsonNode finding = approved.path("dast").get(0).path("findings").get(0);
    assertThat(finding.path("status").asText()).isEqualTo("warn");
    assertThat(finding.path("justification").asText()).isEqualTo("retired next sprint");
    assertThat(api.post(admin, path, report("/search")).code()).isEqualTo("deployment_not_waiting");
  }

  /** An environment {@code name} with one dast gate scanning with {@code parameters} (JSON). */
  private static String environment(String name, String parameters) {
    return """
              - name: %s
                gates:
                  - name: dast
                    type: dast
                    delay: 0s
                    interval: 1s
                    timeout: 10m
                    parameters: %s
        """
        .formatted(name, parameters);
  }

  private static String quoted(String text) {
    try {
      return io.gatehouse.deploy.server.ApiJson.mapper().writeValueAsString(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void scan_behindLoginForm_findsTheVulnerabilityOnlyReachableLoggedIn(DatabaseKind kind) {
    DastTargetApp app = DastTargetApp.behindLogin();
    others.add(app);
    String common = "url: \"%s\", maxDuration: 60s, rate: 100, maxPages: 20".formatted(app.url());
    start(
        kind,
        environment(
                "members",
                ("{%s, login: {url: /login, fields: {username: %s, password: {secret:"
                        + " DAST_PASSWORD}}, check: 'Log out'}}")
                    .formatted(common, DastTargetApp.USER))
            + environment("anonymous", "{%s}".formatted(common)));
    putSecret("members", "DAST_PASSWORD", DastTargetApp.PASSWORD);
    long members = deploy("members");
    long anonymous = deploy("anonymous");

    JsonNode loggedIn = await(members, d -> dastState(d).equals("done"));
    JsonNode outside = await(anonymous, d -> d.path("state").asText().equals("approved"));

    JsonNode dast = loggedIn.path("dast").get(0);
    assertThat(dast.path("result").asText()).as(dast.toString()).isEqualTo("fail");
    JsonNode first = dast.path("findings").get(0);
    assertThat(first.path("ruleId").asText()).isEqualTo("xss-reflected");
    assertThat(first.path("url").asText()).isEqualTo(app.url() + "account/search");
    assertThat(outside.path("dast").get(0).path("findings").toString())
        .doesNotContain("xss-reflected");
    JsonNode failed = await(members, d -> gateStatus(d).equals("fail"));
    assertThat(failed.path("gates").get(0).path("detail").asText())
        .contains("xss-reflected", "ssrf and xxe were not checked");
    assertThat(failed.toString() + outside).doesNotContain(DastTargetApp.PASSWORD);
    String audit = auditExport();
    assertThat(audit).contains("dast_gate.secret.read", "DAST_PASSWORD", "deployment/" + members);
    assertThat(audit).doesNotContain(DastTargetApp.PASSWORD);
  }

  @Test
  void scan_headerAndCookieFromSecrets_reachWhatOnlyAnAuthenticatedClientSees() {
    DastTargetApp app = DastTargetApp.behindLogin();
    others.add(app);
    String session = app.session();
    String common = "url: \"%s\", maxDuration: 60s, rate: 100, maxPages: 20".formatted(app.url());
    start(
        DatabaseKind.H2,
        environment(
                "bearer", "{%s, headers: {Authorization: {secret: DAST_AUTH}}}".formatted(common))
            + environment(
                "cookie", "{%s, cookies: {session: {secret: DAST_SESSION}}}".formatted(common))
            + environment(
                "missing", "{%s, headers: {Authorization: {secret: NOT_SET}}}".formatted(common)));
    putSecret("bearer", "DAST_AUTH", "Bearer " + DastTargetApp.API_TOKEN);
    putSecret("cookie", "DAST_SESSION", session);
    long bearer = deploy("bearer");
    long cookie = deploy("cookie");
    long missing = deploy("missing");

    for (long id : List.of(bearer, cookie)) {
      JsonNode done = await(id, d -> dastState(d).equals("done"));
      JsonNode dast = done.path("dast").get(0);
      assertThat(dast.path("findings").toString())
          .as(dast.toString())
          .contains("xss-reflected", app.url() + "account/search");
      assertThat(done.toString()).doesNotContain(DastTargetApp.API_TOKEN, session);
    }
    JsonNode failed = await(missing, d -> gateStatus(d).equals("fail"));
    assertThat(failed.path("gates").get(0).path("detail").asText())
        .contains("headers.Authorization", "no secret named NOT_SET");
    String audit = auditExport();
    assertThat(audit)
        .contains("DAST_AUTH", "DAST_SESSION", "deployment/" + bearer, "deployment/" + cookie)
        .doesNotContain(DastTargetApp.API_TOKEN, session);
  }

  private void putSecret(String environment, String name, String value) {
    ApiCalls.Answer stored =
        api.put(
            admin,
            "/api/v1/projects/shop/environments/" + environment + "/secrets/" + name,
            ApiCalls.json("value", value));
    assertThat(stored.status()).as(stored.body().toString()).isEqualTo(201);
  }

  private String auditExport() {
    try (java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient()) {
      java.net.http.HttpResponse<String> export =
          client.send(
              java.net.http.HttpRequest.newBuilder(server.uri("/api/v1/audit/export?project=shop"))
                  .header("Authorization", "Bearer " + admin)
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(export.statusCode()).as(export.body()).isEqualTo(200);
      return export.body();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void scan_httpsWithPrivateCa_trustsOnlyThatCa(DatabaseKind kind) {
    DastTargetApp app = DastTargetApp.https(dir);
    others.add(app);
    String common = "url: \"%s\", maxDuration: 60s, rate: 100, maxPages: 20".formatted(app.url());
    start(
        kind,
        environment("tls", "{%s, caCert: %s}".formatted(common, quoted(app.caPem())))
            + environment("untrusted", "{%s}".formatted(common)));
    long trusted = deploy("tls");
    long untrusted = deploy("untrusted");

    JsonNode scanned = await(trusted, d -> dastState(d).equals("done"));
    JsonNode refused = await(untrusted, d -> dastState(d).equals("error"));

    JsonNode dast = scanned.path("dast").get(0);
    assertThat(dast.path("result").asText()).as(dast.toString()).isEqualTo("fail");
    assertThat(dast.path("findings").get(0).path("ruleId").asText()).isEqualTo("xss-reflected");
    assertThat(dast.path("summary").path("target").asText()).startsWith("https://127.0.0.1:");
    assertThat(refused.path("dast").get(0).path("detail").asText())
        .contains("the scan could not run");
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void scan_callbackUrl_confirmsSsrfOutOfBand_offByDefault(DatabaseKind kind) throws IOException {
    DastTargetApp app = DastTargetApp.fetching();
    others.add(app);
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    String common = "url: \"%s\", maxDuration: 60s, rate: 100, maxPages: 20".formatted(app.url());
    start(
        kind,
        environment(
                "callbacks",
                "{%s, callbackUrl: \"http://127.0.0.1:%d/\", callbackListen: \"127.0.0.1:%d\"}"
                    .formatted(common, port, port))
            + environment("default", "{%s}".formatted(common)));
    long withCallbacks = deploy("callbacks");

    JsonNode found = await(withCallbacks, d -> dastState(d).equals("done"));
    long without = deploy("default");
    JsonNode passed = await(without, d -> d.path("state").asText().equals("approved"));

    JsonNode dast = found.path("dast").get(0);
    assertThat(dast.path("result").asText()).as(dast.toString()).isEqualTo("fail");
    assertThat(dast.path("findings").get(0).path("ruleId").asText()).isEqualTo("ssrf");
    assertThat(dast.path("findings").get(0).path("parameter").asText()).isEqualTo("url");
    assertThat(dast.path("detail").asText()).doesNotContain("ssrf and xxe were not checked");
    assertThat(passed.path("dast").get(0).path("findings").toString()).doesNotContain("\"ssrf\"");
    assertThat(passed.path("gates").get(0).path("detail").asText())
        .contains("ssrf and xxe were not checked: no callbackUrl");
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void api_rulesFileContentInTheDeclaration_judgesTheUploadedReport(DatabaseKind kind) {
    start(kind);
    String rules =
        "rules:\n  - id: xss-reflected\n    action: warn\n    justification: legacy search\n";
    String declaration =
        """
        {"gates":[{"name":"dast","type":"dast","delay":"0s","interval":"1s","timeout":"10m",
          "parameters":{"mode":"report","rulesFile":{"path":".gatehouse/dast-rules.yaml",
          "content":%s}}}]}
        """;
    String path = "/api/v1/projects/shop/environments/api-rules";
    ApiCalls.Answer bad =
        api.put(
            admin, path, declaration.formatted(quoted("rules:\n  - id: nope\n    action: warn\n")));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body().toString())
        .contains("gates[0].parameters.rulesFile", "rules file .gatehouse/dast-rules.yaml: line 2");

    ApiCalls.Answer put = api.put(admin, path, declaration.formatted(quoted(rules)));
    assertThat(put.status()).as(put.body().toString()).isIn(200, 201);
    long id = deploy("api-rules");
    await(id, d -> gateStatus(d).equals("pending"));
    ApiCalls.Answer uploaded =
        api.post(admin, "/api/v1/deployments/" + id + "/dast-report", report("/search"));

    assertThat(uploaded.body().path("pass").asBoolean()).as(uploaded.body().toString()).isTrue();
    JsonNode finding =
        await(id, d -> d.path("state").asText().equals("approved"))
            .path("dast")
            .get(0)
            .path("findings")
            .get(0);
    assertThat(finding.path("status").asText()).isEqualTo("warn");
    assertThat(finding.path("justification").asText()).isEqualTo("legacy search");
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void apply_badAccessParameters_refusedNamingTheParameter(DatabaseKind kind) {
    start(kind);
    String hugePem =
        "-----BEGIN CERTIFICATE-----\\n" + "A".repeat(70_000) + "\\n-----END CERTIFICATE-----";
    Map<String, String> cases =
        Map.of(
            "{url: \"https://a.example/\", login: {url: \"https://evil.example/login\","
                + " fields: {u: x}, check: ok}}",
            "parameters.login.url",
            "{url: \"https://a.example/\", caCert: \"" + hugePem + "\"}",
            "parameters.caCert",
            "{url: \"https://a.example/\", caCert: \"-----BEGIN CERTIFICATE-----\\nAAAA\\n\"}",
            "parameters.caCert",
            "{url: \"https://a.example/\", callbackUrl: \"ftp://x.example/\"}",
            "parameters.callbackUrl",
            "{url: \"https://a.example/\", callbackUrl: \"http://scanner.example:8099/\","
                + " callbackListen: \"scanner.example:8099\"}",
            "parameters.callbackListen",
            "{url: \"https://a.example/\", insecure: true, caCert: \"x\"}",
            "parameters.caCert",
            "{mode: report, rulesFile: {path: ../rules.yaml, content: \"rules: []\"}}",
            "parameters.rulesFile.path",
            "{url: \"https://a.example/\", cookies: {\"a b\": x}}",
            "parameters.cookies.a b");
    cases.forEach(
        (parameters, path) -> {
          String document =
              "version: 1\nprojects:\n  - name: bad\n    environments:\n"
                  + environment("e", parameters);
          ApiCalls.Answer answer =
              api.post(admin, "/api/v1/apply", ApiCalls.json("document", document, "dryRun", true));
          assertThat(answer.status()).as(parameters).isEqualTo(400);
          assertThat(answer.body().path("error").path("message").asText())
              .as(parameters)
              .contains("gates[0]." + path);
        });
  }

  /** A JSON report of gatehouse scan with one reflected XSS at {@code path}. */
  private static String report(String path) {
    Rule rule = Rule.of("xss-reflected", "Reflected cross-site scripting", Severity.HIGH, 79, "x");
    Finding finding =
        new Finding(
            rule,
            Confidence.CONFIRMED,
            "https://staging.example.com" + path,
            "GET",
            "q",
            new Finding.Evidence("GET " + path + "?q=<x>", "<p><x></p>", "marker unescaped"));
    Instant at = Instant.parse("2026-11-22T10:00:00Z");
    return Reports.render(
        new ScanReport(
            "https://staging.example.com/",
            at,
            at.plusSeconds(30),
            Optional.empty(),
            new ScanReport.Stats(3, 1, 1, 120, 0),
            List.of(finding)),
        ReportFormat.JSON);
  }

  private long deploy(String environment) {
    ApiCalls.Answer created =
        api.post(
            admin,
            "/api/v1/deployments",
            ApiCalls.json(
                "project",
                "shop",
                "environment",
                environment,
                "ref",
                "refs/heads/main",
                "sha",
                SHA,
                "images",
                List.of(),
                "description",
                "",
                "payload",
                Map.of()));
    assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
    return created.body().path("id").asLong();
  }

  private String token() {
    ApiCalls.Answer token =
        api.post(admin, "/api/v1/users/admin/tokens", ApiCalls.json("name", "other"));
    assertThat(token.status()).as(token.body().toString()).isEqualTo(201);
    return token.body().path("token").asText();
  }

  private JsonNode await(long id, Predicate<JsonNode> condition) {
    return api.awaitDeployment(admin, id, condition, PATIENCE);
  }

  private static String dastState(JsonNode deployment) {
    JsonNode dast = deployment.path("dast");
    return dast.isEmpty() ? "" : dast.get(0).path("state").asText();
  }

  private static String gateStatus(JsonNode deployment) {
    JsonNode gates = deployment.path("gates");
    return gates.isEmpty() ? "" : gates.get(0).path("status").asText();
  }
}
