package io.gatehouse.deploy.gate;

import static io.gatehouse.deploy.gate.GatesTest.map;
import static io.gatehouse.deploy.gate.GatesTest.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.dast.findings.Severity;
import io.gatehouse.deploy.project.InvalidRulesException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class DastGateTest {
  private static DastGate.Settings parse(Map<String, Object> parameters) {
    return DastGate.Settings.parse(Parameters.of(parameters, "gates[0].parameters"));
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> refused(
      Map<String, Object> parameters, String path) {
    return assertThatThrownBy(() -> Gates.validate(spec("dast", parameters), "gates[0]"))
        .isInstanceOfSatisfying(
            InvalidRulesException.class, e -> assertThat(e.path()).isEqualTo(path));
  }

  @Test
  void parse_urlOnly_defaults() {
    DastGate.Settings settings = parse(map("url", "https://staging.example.com"));

    assertThat(settings.mode()).isEqualTo(DastGate.Mode.SCAN);
    assertThat(settings.target().url()).contains(URI.create("https://staging.example.com/"));
    assertThat(settings.maxDuration()).isEqualTo(Duration.ofMinutes(10));
    assertThat(settings.rate()).isEqualTo(10);
    assertThat(settings.concurrency()).isEqualTo(4);
    assertThat(settings.failOn()).contains(Severity.HIGH);
    assertThat(settings.allowPartial()).isFalse();
    assertThat(settings.rules().entries()).isEmpty();
  }

  @Test
  void parse_everyScanParameter_taken() {
    DastGate.Settings settings =
        parse(
            map(
                "url",
                "http://shop.staging.svc:8080/app",
                "maxDuration",
                "2m30s",
                "rate",
                2.5,
                "concurrency",
                2,
                "maxPages",
                50,
                "passiveOnly",
                true,
                "failOn",
                "none",
                "allowPartial",
                true,
                "rules",
                List.of(map("id", "csp-missing", "action", "ignore", "justification", "legacy"))));

    assertThat(settings.maxDuration()).isEqualTo(Duration.ofSeconds(150));
    assertThat(settings.rate()).isEqualTo(2.5);
    assertThat(settings.maxPages()).isEqualTo(50);
    assertThat(settings.passiveOnly()).isTrue();
    assertThat(settings.failOn()).isEmpty();
    assertThat(settings.rules().entries()).hasSize(1);
  }

  @Test
  void validate_reportMode_takesOnlyTheJudgingParameters() {
    assertThatCode(
            () -> Gates.validate(spec("dast", map("mode", "report", "failOn", "low")), "gates[0]"))
        .doesNotThrowAnyException();
    refused(map("mode", "report", "url", "https://x.example.com"), "gates[0].parameters.url")
        .hasMessageContaining("unknown parameter");
  }

  @Test
  void parse_headerAndCookieSecrets_resolvedWhenTheScanStartsAndCheckedThen() {
    DastGate.Settings settings =
        parse(
            map(
                "url",
                "https://x.example.com",
                "headers",
                map("Authorization", map("secret", "DAST_AUTH"), "X-Team", "shop"),
                "cookies",
                map("session", map("secret", "DAST_SESSION"), "consent", "yes")));
    Map<String, String> secrets =
        Map.of("DAST_AUTH", "Bearer t0ken-from-secret", "DAST_SESSION", "s-42");

    assertThat(settings.resolvedHeaders(name -> Optional.ofNullable(secrets.get(name))))
        .containsExactly(
            Map.entry("Authorization", "Bearer t0ken-from-secret"), Map.entry("X-Team", "shop"));
    assertThat(settings.access().cookieHeader(name -> Optional.ofNullable(secrets.get(name))))
        .contains("session=s-42; consent=yes");
    assertThat(settings.toString()).contains("session").doesNotContain("s-42", "t0ken");
    assertThatThrownBy(() -> settings.resolvedHeaders(name -> Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("headers.Authorization: the environment has no secret named DAST_AUTH");
    assertThatThrownBy(
            () -> settings.resolvedHeaders(name -> Optional.of("Bearer x\r\nX-Injected: 1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("headers.Authorization (secret DAST_AUTH)")
        .hasMessageNotContaining("X-Injected");
    assertThatThrownBy(() -> settings.access().cookieHeader(name -> Optional.of("a; admin=1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cookies.session (secret DAST_SESSION)")
        .hasMessageNotContaining("admin=1");
  }

  @Test
  void validate_badSecretReferences_refused() {
    refused(
            map(
                "url",
                "https://x.example.com",
                "headers",
                map("Authorization", map("secret", "1x"))),
            "gates[0].parameters.headers.Authorization.secret")
        .hasMessageContaining("must be a secret's name");
    refused(
            map(
                "url",
                "https://x.example.com",
                "cookies",
                map("session", map("secret", "S", "other", 1))),
            "gates[0].parameters.cookies.session.other")
        .hasMessageContaining("unknown parameter");
    refused(
            map("url", "https://x.example.com", "headers", map("Authorization", List.of("a"))),
            "gates[0].parameters.headers.Authorization")
        .hasMessageContaining("must be a string");
  }

  @Test
  void parse_headers_keptAndNeverShown() {
    DastGate.Settings settings =
        parse(
            map(
                "url",
                "https://x.example.com",
                "headers",
                map("Authorization", "Bearer scan-token-123")));

    assertThat(settings.resolvedHeaders(name -> Optional.empty()))
        .containsEntry("Authorization", "Bearer scan-token-123");
    assertThat(settings.toString()).contains("Authorization").doesNotContain("scan-token-123");
  }

  @Test
  void parse_exclude_compiledAndHostileOnesRefused() {
    DastGate.Settings settings =
        parse(map("url", "https://x.example.com", "exclude", List.of("/logout", "\\?delete=")));
    assertThat(settings.excludes())
        .extracting(Pattern::pattern)
        .containsExactly("/logout", "\\?delete=");

    refused(
            map("url", "https://x.example.com", "exclude", List.of("/ok", "([a-z")),
            "gates[0].parameters.exclude[1]")
        .hasMessageContaining("not a regular expression");
    refused(
            map("url", "https://x.example.com", "exclude", "/logout"),
            "gates[0].parameters.exclude")
        .hasMessageContaining("must be a list");
    refused(
            map("url", "https://x.example.com", "exclude", List.of(42)),
            "gates[0].parameters.exclude[0]")
        .hasMessageContaining("must be a string");
    refused(
        map("url", "https://x.example.com", "exclude", List.of("a".repeat(501))),
        "gates[0].parameters.exclude[0]");
    refused(
            map("url", "https://x.example.com", "exclude", java.util.Collections.nCopies(51, "/x")),
            "gates[0].parameters.exclude")
        .hasMessageContaining("at most 50");
    refused(map("mode", "report", "exclude", List.of("/x")), "gates[0].parameters.exclude")
        .hasMessageContaining("unknown parameter");
  }

  @Test
  void validate_reservedHeader_refused() {
    refused(
        map("url", "https://x.example.com", "headers", map("Host", "evil.example.com")),
        "gates[0].parameters.headers.Host");
  }

  @Test
  void validate_noUrl_refused() {
    refused(map(), "gates[0].parameters.url").hasMessageContaining("exactly one of url");
  }

  @Test
  void validate_urlAndUrlFromPayload_refused() {
    refused(
            map("url", "https://x.example.com", "urlFromPayload", "/url"),
            "gates[0].parameters.url")
        .hasMessageContaining("exactly one");
  }

  @Test
  void validate_fileUrl_refused() {
    refused(map("url", "file:///etc/passwd"), "gates[0].parameters.url")
        .hasMessageContaining("http or https");
  }

  @Test
  void validate_urlWithCredentials_refused() {
    refused(map("url", "https://user:pw@x.example.com/"), "gates[0].parameters.url")
        .hasMessageContaining("credentials");
  }

  @Test
  void validate_urlFromPayloadWithoutPattern_refused() {
    refused(map("urlFromPayload", "/previewUrl"), "gates[0].parameters.urlPattern")
        .hasMessageContaining("is required with urlFromPayload");
  }

  @Test
  void validate_badPattern_refused() {
    refused(
            map("urlFromPayload", "/previewUrl", "urlPattern", "https://(.*"),
            "gates[0].parameters.urlPattern")
        .hasMessageContaining("not a regular expression");
  }

  @Test
  void validate_rateOutOfRange_refused() {
    refused(map("url", "https://x.example.com", "rate", 1000), "gates[0].parameters.rate");
    refused(map("url", "https://x.example.com", "rate", "fast"), "gates[0].parameters.rate")
        .hasMessageContaining("must be a number");
  }

  @Test
  void validate_maxDurationAboveTwoHours_refused() {
    refused(
        map("url", "https://x.example.com", "maxDuration", "3h"),
        "gates[0].parameters.maxDuration");
  }

  @Test
  void validate_unknownFailOn_refused() {
    refused(map("url", "https://x.example.com", "failOn", "critical"), "gates[0].parameters.failOn")
        .hasMessageContaining("high, medium, low, info or none");
  }

  @Test
  void validate_unknownRuleId_namesTheEntry() {
    refused(
            map(
                "url",
                "https://x.example.com",
                "rules",
                List.of(
                    map("id", "csp-missing", "action", "warn"),
                    map("id", "nope", "action", "warn"))),
            "gates[0].parameters.rules[1].id")
        .hasMessageContaining("unknown rule id 'nope'");
  }

  @Test
  void validate_badRuleAction_refused() {
    refused(
            map(
                "url",
                "https://x.example.com",
                "rules",
                List.of(map("id", "csp-missing", "action", "mute"))),
            "gates[0].parameters.rules[0].action")
        .hasMessageContaining("ignore, warn or fail");
  }

  @Test
  void resolve_payloadUrlMatchingPattern_scansIt() {
    DastGate.Settings settings =
        parse(
            map(
                "urlFromPayload",
                "/preview/url",
                "urlPattern",
                "https://pr-[0-9]+\\.preview\\.example\\.com/"));
    GateDeployment deployment =
        withPayload(Map.of("preview", Map.of("url", "https://pr-17.preview.example.com/")));

    assertThat(settings.target().resolve(deployment).url())
        .contains(URI.create("https://pr-17.preview.example.com/"));
  }

  @Test
  void resolve_payloadUrlOutsidePattern_refusedWithReason() {
    DastGate.Settings settings =
        parse(
            map(
                "urlFromPayload",
                "/url",
                "urlPattern",
                "https://pr-[0-9]+\\.preview\\.example\\.com/"));

    DastGate.UrlOrReason resolved =
        settings.target().resolve(withPayload(Map.of("url", "http://169.254.169.254/")));

    assertThat(resolved.url()).isEmpty();
    assertThat(resolved.reason()).contains("urlPattern does not allow");
    assertThat(settings.target().resolve(withPayload(Map.of())).reason()).contains("holds no URL");
  }

  private static GateDeployment withPayload(Map<String, Object> payload) {
    GateDeployment d = GateFixtures.deployment(List.of());
    return new GateDeployment(
        d.id(),
        d.project(),
        d.environment(),
        d.ref(),
        d.sha(),
        d.images(),
        d.requester(),
        d.description(),
        payload,
        d.createdAt());
  }

  @Test
  void gate_invalidDeclaration_failsWithoutScanning() {
    Gate gate = GateFixtures.gates().gate(spec("dast", map("url", "ftp://x")));

    GateOutcome outcome = gate.evaluate(GateFixtures.context(spec("dast", map())));

    assertThat(outcome.status()).isEqualTo(GateOutcome.Status.FAIL);
    assertThat(outcome.detail()).contains("invalid gate declaration");
    assertThat(Optional.of(outcome.detail())).isPresent();
  }

  @Test
  void parse_rulesFile_takesTheFileRules() {
    DastGate.Settings settings =
        parse(
            map(
                "mode",
                "report",
                "rulesFile",
                map(
                    "path",
                    ".gatehouse/dast-rules.yaml",
                    "content",
                    "rules:\n  - id: xss-reflected\n    action: warn\n")));

    assertThat(settings.rules().entries()).hasSize(1);
    assertThat(settings.rules().entries().getFirst().ruleId()).isEqualTo("xss-reflected");
  }

  @Test
  void parse_rulesFileWithUnknownRule_namesTheFileAndLine() {
    String content =
        "rules:\n  - id: xss-reflected\n    action: warn\n  - id: nope\n    action: fail\n";

    refused(
            map("mode", "report", "rulesFile", map("path", "r.yaml", "content", content)),
            "gates[0].parameters.rulesFile")
        .hasMessageContaining("rules file r.yaml: line 4, rules[1].id: unknown rule id 'nope'");
  }

  @Test
  void parse_rulesFileNotYaml_namesTheFile() {
    refused(
            map("mode", "report", "rulesFile", map("path", "r.yaml", "content", "rules: [\n  {")),
            "gates[0].parameters.rulesFile")
        .hasMessageContaining("rules file r.yaml");
  }

  @Test
  void parse_rulesFileEscapingTheProject_refused() {
    for (String path :
        List.of("../rules.yaml", "/etc/passwd", "a/../../b.yaml", "C:/x.yaml", "a\\b")) {
      refused(
              map("mode", "report", "rulesFile", map("path", path, "content", "rules: []")),
              "gates[0].parameters.rulesFile.path")
          .as(path)
          .isNotNull();
    }
  }

  @Test
  void parse_rulesFileOversized_refused() {
    String content = "rules: []\n" + "#".repeat(70_000);

    refused(
            map("mode", "report", "rulesFile", map("path", "r.yaml", "content", content)),
            "gates[0].parameters.rulesFile.content")
        .hasMessageContaining("larger than");
  }

  @Test
  void parse_rulesFileAsPlainPath_refusedSayingApplyReadsIt() {
    refused(map("mode", "report", "rulesFile", "r.yaml"), "gates[0].parameters.rulesFile")
        .hasMessageContaining("gatehouse apply");
  }

  @Test
  void parse_rulesAndRulesFile_refused() {
    refused(
        map(
            "mode",
            "report",
            "rules",
            List.of(map("id", "xss-reflected", "action", "warn")),
            "rulesFile",
            map("path", "r.yaml", "content", "rules: []")),
        "gates[0].parameters.rules");
  }

  @Test
  void parse_loginAndCookies_keptAndNeverShown() {
    DastGate.Settings settings =
        parse(
            map(
                "url",
                "https://shop.example/",
                "cookies",
                map("consent", "yes"),
                "login",
                map(
                    "url",
                    "https://shop.example/login",
                    "fields",
                    map("user", "bot", "password", "hunter2-secret"),
                    "check",
                    "Log out")));

    assertThat(settings.access().login().orElseThrow().fields())
        .containsEntry("password", DastGateAccess.Value.of("hunter2-secret"));
    assertThat(settings.access().cookieHeader(name -> Optional.empty())).contains("consent=yes");
    assertThat(settings.toString()).doesNotContain("hunter2-secret", "yes");
    assertThat(settings.notes()).anyMatch(note -> note.startsWith("ssrf and xxe"));
  }

  @Test
  void parse_loginOutsideTheOrigin_refused() {
    refused(
            map(
                "url",
                "https://shop.example/",
                "login",
                map(
                    "url",
                    "https://shop.example:8443/login",
                    "fields",
                    map("u", "x"),
                    "check",
                    "ok")),
            "gates[0].parameters.login.url")
        .hasMessageContaining("origin");
  }

  @Test
  void parse_loginPathMalformed_refused() {
    for (String url : List.of("/a b", "/login#x", "//evil.example/login", "javascript:alert(1)")) {
      refused(
              map(
                  "url",
                  "https://shop.example/",
                  "login",
                  map("url", url, "fields", map("u", "x"), "check", "ok")),
              "gates[0].parameters.login.url")
          .as(url)
          .isNotNull();
    }
  }

  @Test
  void parse_loginFieldValueInvalid_messageHidesTheValue() {
    refused(
            map(
                "url",
                "https://shop.example/",
                "login",
                map("url", "/login", "fields", map("password", "x".repeat(2000)), "check", "ok")),
            "gates[0].parameters.login.fields.password")
        .message()
        .doesNotContain("xxxxxxxx");
  }

  @Test
  void parse_insecure_notedForReviewers() {
    DastGate.Settings settings = parse(map("url", "https://shop.example/", "insecure", true));

    assertThat(settings.notes()).anyMatch(note -> note.startsWith("insecure"));
    refused(map("url", "http://shop.example/", "insecure", true), "gates[0].parameters.insecure");
  }

  @Test
  void parse_callbackUrl_listensWhereAsked() {
    DastGate.Settings settings =
        parse(
            map(
                "url",
                "https://shop.example/",
                "callbackUrl",
                "http://scanner.internal:8099/",
                "callbackListen",
                "127.0.0.1:18099"));

    assertThat(settings.access().callbacks().enabled()).isTrue();
    assertThat(settings.access().callbacks().bind().getPort()).isEqualTo(18099);
    assertThat(settings.notes()).isEmpty();
    refused(
        map("url", "https://shop.example/", "callbackUrl", "http://scanner.internal:80/"),
        "gates[0].parameters.callbackUrl");
    refused(
        map("url", "https://shop.example/", "callbackListen", "127.0.0.1:18099"),
        "gates[0].parameters.callbackListen");
  }

  @Test
  void scanAccess_secretReferences_readFromTheEnvironmentsSecrets() {
    DastGate.Settings settings =
        parse(
            map(
                "url",
                "https://shop.example/",
                "login",
                map(
                    "url",
                    "/login",
                    "fields",
                    map("user", "bot", "password", map("secret", "DAST_PASSWORD")),
                    "check",
                    "Log out")));
    URI target = URI.create("https://shop.example/");

    var access =
        settings
            .access()
            .scanAccess(
                target,
                name ->
                    name.equals("DAST_PASSWORD")
                        ? Optional.of("from-the-store")
                        : Optional.empty());

    assertThat(access.login().orElseThrow().fields()).containsEntry("password", "from-the-store");
    assertThat(access.login().orElseThrow().url())
        .isEqualTo(URI.create("https://shop.example/login"));
    assertThatThrownBy(() -> settings.access().scanAccess(target, name -> Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("login.fields.password: the environment has no secret named DAST_PASSWORD");
  }

  @Test
  void parse_secretReferenceMalformed_refused() {
    refused(
        map(
            "url",
            "https://shop.example/",
            "login",
            map("url", "/login", "fields", map("p", map("secret", "1-bad")), "check", "ok")),
        "gates[0].parameters.login.fields.p.secret");
    refused(
        map("url", "https://shop.example/", "caCert", map("secret", "CA", "extra", 1)),
        "gates[0].parameters.caCert.extra");
  }
}
