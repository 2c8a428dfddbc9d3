package io.gatehouse.deploy.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.deploy.project.GateSpec;
import io.gatehouse.deploy.project.InvalidRulesException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GatesTest {
  static GateSpec spec(String type, Map<String, Object> parameters) {
    return new GateSpec(
        "check", type, Duration.ZERO, Duration.ofSeconds(30), Duration.ofHours(1), parameters);
  }

  static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> refused(
      GateSpec spec, String path) {
    return assertThatThrownBy(() -> Gates.validate(spec, "gates[0]"))
        .isInstanceOfSatisfying(
            InvalidRulesException.class, e -> assertThat(e.path()).isEqualTo(path));
  }

  private static void accepted(GateSpec spec) {
    assertThatCode(() -> Gates.validate(spec, "gates[0]")).doesNotThrowAnyException();
  }

  private static GateSpec timed(Duration delay, Duration interval, Duration timeout) {
    return new GateSpec("check", "window", delay, interval, timeout, map("timeZone", "UTC"));
  }

  // --- common fields ---

  @Test
  void validate_unknownType_namesTypeAndKnownTypes() {
    refused(spec("zap", map()), "gates[0].type")
        .hasMessageContaining("unknown gate type 'zap'")
        .hasMessageContaining("http, prior-environment, window, image-policy, dast");
  }

  @Test
  void validate_missingType_refused() {
    refused(spec(null, map()), "gates[0].type").hasMessageContaining("is required");
  }

  @Test
  void validate_negativeDelay_refused() {
    refused(
        timed(Duration.ofSeconds(-1), Duration.ofSeconds(30), Duration.ofHours(1)),
        "gates[0].delay");
  }

  @Test
  void validate_missingInterval_refused() {
    refused(timed(Duration.ZERO, null, Duration.ofHours(1)), "gates[0].interval")
        .hasMessageContaining("is required");
  }

  @Test
  void validate_intervalBelowOneSecond_refused() {
    refused(timed(Duration.ZERO, Duration.ofMillis(999), Duration.ofHours(1)), "gates[0].interval")
        .hasMessageContaining("between 1s and 1d");
  }

  @Test
  void validate_intervalAboveOneDay_refused() {
    refused(timed(Duration.ZERO, Duration.ofHours(25), Duration.ofDays(2)), "gates[0].interval");
  }

  @Test
  void validate_timeoutBelowInterval_refused() {
    refused(timed(Duration.ZERO, Duration.ofMinutes(5), Duration.ofMinutes(4)), "gates[0].timeout")
        .hasMessageContaining("the interval (5m)");
  }

  @Test
  void validate_timeoutAboveThirtyDays_refused() {
    refused(timed(Duration.ZERO, Duration.ofHours(1), Duration.ofDays(31)), "gates[0].timeout");
  }

  @Test
  void validate_boundaryTimings_accepted() {
    accepted(timed(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1)));
    accepted(timed(Duration.ofDays(30), Duration.ofHours(24), Duration.ofDays(30)));
  }

  @Test
  void validate_nullParameters_treatedAsEmpty() {
    refused(spec("window", null), "gates[0].parameters.timeZone").hasMessageContaining("required");
  }

  @Test
  void validate_unknownParameter_namesItAndTheKnownOnes() {
    refused(spec("window", map("timeZone", "UTC", "tz", "UTC")), "gates[0].parameters.tz")
        .hasMessageContaining("expected one of: allow, deny, timeZone");
  }

  @Test
  void validate_hostileParameterName_shownEscapedAndCut() {
    String name = "\u0000" + "x".repeat(500);
    assertThatThrownBy(() -> Gates.validate(spec("window", map(name, 1)), "g"))
        .isInstanceOfSatisfying(
            InvalidRulesException.class,
            e -> assertThat(e.path()).startsWith("g.parameters.\\u0000x").hasSizeLessThan(100));
  }

  @Test
  void validate_nonStringParameterKey_refused() {
    Map<Object, Object> raw = new HashMap<>();
    raw.put(7, "x");
    @SuppressWarnings("unchecked")
    Map<String, Object> parameters = (Map<String, Object>) (Map<?, ?>) raw;
    refused(spec("window", parameters), "gates[0].parameters.7");
  }

  // --- http ---

  @Test
  void validate_httpMinimal_accepted() {
    accepted(spec("http", map("url", "https://checks.example.com/health")));
  }

  @Test
  void validate_httpEverything_accepted() {
    accepted(
        spec(
            "http",
            map(
                "url",
                "http://127.0.0.1:8080/ready?x=1",
                "headers",
                map("Authorization", "Bearer s3cret", "X-Team", "shop"),
                "timeout",
                "1500ms",
                "successWhen",
                map("pointer", "/status", "in", List.of("ok", "green", 1, true)))));
    accepted(spec("http", map("url", "https://h.example/", "callback", true, "timeout", "60s")));
  }

  @Test
  void validate_httpMissingUrl_refused() {
    refused(spec("http", map()), "gates[0].parameters.url").hasMessageContaining("is required");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "file:///etc/passwd",
        "ftp://example.com/x",
        "jar:file:/x.jar!/y",
        "gopher://example.com",
        "javascript:alert(1)",
        "data:text/plain,hi",
        "/relative/path",
        "example.com/health"
      })
  void validate_httpOtherSchemes_refused(String url) {
    refused(spec("http", map("url", url)), "gates[0].parameters.url")
        .hasMessageContaining("http or https");
  }

  @Test
  void validate_httpUrlWithCredentials_refusedWithoutEchoingThem() {
    refused(
            spec("http", map("url", "https://user:hunter2@example.com/")),
            "gates[0].parameters.url")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void validate_httpUrlMalformedOrOversized_refused() {
    refused(spec("http", map("url", "https://exa mple.com/")), "gates[0].parameters.url");
    refused(spec("http", map("url", "https:///nohost")), "gates[0].parameters.url");
    refused(
            spec("http", map("url", "https://example.com/" + "a".repeat(2000))),
            "gates[0].parameters.url")
        .hasMessageContaining("at most 2000");
    refused(spec("http", map("url", 42)), "gates[0].parameters.url")
        .hasMessageContaining("must be a string, not a number");
    refused(spec("http", map("url", "https://example.com/#frag")), "gates[0].parameters.url");
  }

  @Test
  void validate_httpTimeout_boundsAndFormat() {
    refused(
            spec("http", map("url", "https://e.x/", "timeout", "61s")),
            "gates[0].parameters.timeout")
        .hasMessageContaining("between 100ms and 1m");
    refused(
            spec("http", map("url", "https://e.x/", "timeout", "10")),
            "gates[0].parameters.timeout")
        .hasMessageContaining("duration");
    refused(spec("http", map("url", "https://e.x/", "timeout", 10)), "gates[0].parameters.timeout");
    refused(
        spec("http", map("url", "https://e.x/", "timeout", "9".repeat(40) + "s")),
        "gates[0].parameters.timeout");
  }

  @Test
  void validate_httpHeaders_checked() {
    refused(
            spec("http", map("url", "https://e.x/", "headers", List.of("a"))),
            "gates[0].parameters.headers")
        .hasMessageContaining("must be an object");
    refused(
        spec("http", map("url", "https://e.x/", "headers", map("Bad Name", "v"))),
        "gates[0].parameters.headers.Bad Name");
    refused(
        spec("http", map("url", "https://e.x/", "headers", map("Host", "evil"))),
        "gates[0].parameters.headers.Host");
    refused(
        spec("http", map("url", "https://e.x/", "headers", map("X-Count", 3))),
        "gates[0].parameters.headers.X-Count");
  }

  @Test
  void validate_httpHeaderValueWithNewline_refusedWithoutEchoingIt() {
    refused(
            spec(
                "http", map("url", "https://e.x/", "headers", map("X-Key", "secret\r\nX-Evil: 1"))),
            "gates[0].parameters.headers.X-Key")
        .hasMessageNotContaining("secret");
  }

  @Test
  void validate_httpTooManyHeaders_refused() {
    Map<String, Object> headers = new LinkedHashMap<>();
    for (int i = 0; i < 33; i++) {
      headers.put("X-H" + i, "v");
    }
    refused(
            spec("http", map("url", "https://e.x/", "headers", headers)),
            "gates[0].parameters.headers")
        .hasMessageContaining("at most 32");
  }

  @Test
  void validate_httpCallbackNotBoolean_refused() {
    refused(
            spec("http", map("url", "https://e.x/", "callback", "yes")),
            "gates[0].parameters.callback")
        .hasMessageContaining("true or false");
  }

  @Test
  void validate_httpCallbackWithCondition_refused() {
    refused(
        spec(
            "http",
            map(
                "url",
                "https://e.x/",
                "callback",
                true,
                "successWhen",
                map("pointer", "/ok", "equals", true))),
        "gates[0].parameters.successWhen");
  }

  @Test
  void validate_httpCondition_checked() {
    String base = "gates[0].parameters.successWhen";
    refused(spec("http", map("url", "https://e.x/", "successWhen", "ok")), base);
    refused(
        spec("http", map("url", "https://e.x/", "successWhen", map("equals", 1))),
        base + ".pointer");
    refused(
            spec(
                "http",
                map("url", "https://e.x/", "successWhen", map("pointer", "status", "equals", 1))),
            base + ".pointer")
        .hasMessageContaining("JSON pointer");
    refused(spec("http", map("url", "https://e.x/", "successWhen", map("pointer", "/s"))), base)
        .hasMessageContaining("exactly one of 'equals' and 'in'");
    refused(
        spec(
            "http",
            map(
                "url",
                "https://e.x/",
                "successWhen",
                map("pointer", "/s", "equals", 1, "in", List.of(1)))),
        base);
    refused(
        spec(
            "http",
            map("url", "https://e.x/", "successWhen", map("pointer", "/s", "in", List.of()))),
        base + ".in");
    refused(
        spec("http", map("url", "https://e.x/", "successWhen", map("pointer", "/s", "in", "ok"))),
        base + ".in");
    refused(
        spec("http", map("url", "https://e.x/", "successWhen", map("pointer", "/s", "op", "eq"))),
        base + ".op");
  }

  @Test
  void validate_httpConditionEqualsNull_accepted() {
    Map<String, Object> condition = map("pointer", "/error", "equals", null);
    accepted(spec("http", map("url", "https://e.x/", "successWhen", condition)));
  }

  @Test
  void validate_httpConditionHugeList_refused() {
    List<Object> values = new ArrayList<>(Collections.nCopies(101, "ok"));
    refused(
            spec(
                "http",
                map("url", "https://e.x/", "successWhen", map("pointer", "/s", "in", values))),
            "gates[0].parameters.successWhen.in")
        .hasMessageContaining("at most 100");
  }

  @Test
  void validate_httpConditionOversizedValue_refused() {
    refused(
        spec(
            "http",
            map(
                "url",
                "https://e.x/",
                "successWhen",
                map("pointer", "/s", "equals", "x".repeat(5000)))),
        "gates[0].parameters.successWhen.equals");
  }

  // --- prior-environment ---

  @Test
  void validate_priorEnvironment_acceptedAndChecked() {
    accepted(spec("prior-environment", map("environment", "staging")));
    accepted(spec("prior-environment", map("environment", "staging", "minimumAge", "1h30m")));
    refused(spec("prior-environment", map()), "gates[0].parameters.environment");
    refused(spec("prior-environment", map("environment", " ")), "gates[0].parameters.environment");
    refused(
        spec("prior-environment", map("environment", List.of("a"))),
        "gates[0].parameters.environment");
    refused(
        spec("prior-environment", map("environment", "x".repeat(256))),
        "gates[0].parameters.environment");
    refused(
        spec("prior-environment", map("environment", "staging", "minimumAge", "-1h")),
        "gates[0].parameters.minimumAge");
    refused(
        spec("prior-environment", map("environment", "staging", "minimumAge", "366d")),
        "gates[0].parameters.minimumAge");
    refused(
        spec("prior-environment", map("environment", "staging", "minimumAge", "1 hour")),
        "gates[0].parameters.minimumAge");
  }

  // --- window ---

  @Test
  void validate_windowEveryForm_accepted() {
    accepted(
        spec(
            "window",
            map(
                "timeZone", "Europe/Berlin",
                "allow", List.of(map("days", List.of("mon-fri"), "from", "09:00", "to", "17:00")),
                "deny",
                    List.of(
                        map("name", "new year freeze", "from", "12-24", "to", "01-01"),
                        map("from", "2026-11-27T00:00", "to", "2026-11-30T06:00"),
                        map("days", List.of("fri"), "from", "22:00", "to", "06:00"),
                        map("days", List.of("SAT", "sun")),
                        map("from", "18:00", "to", "24:00")))));
  }

  @Test
  void validate_windowTimeZone_checked() {
    refused(spec("window", map()), "gates[0].parameters.timeZone");
    refused(spec("window", map("timeZone", "Mars/Olympus")), "gates[0].parameters.timeZone")
        .hasMessageContaining("IANA");
    refused(spec("window", map("timeZone", "+02:00")), "gates[0].parameters.timeZone");
    refused(spec("window", map("timeZone", 2)), "gates[0].parameters.timeZone");
  }

  @Test
  void validate_windowEntries_checked() {
    String allow = "gates[0].parameters.allow";
    refused(spec("window", map("timeZone", "UTC", "allow", map("from", "09:00"))), allow);
    refused(spec("window", map("timeZone", "UTC", "allow", List.of("09:00-17:00"))), allow + "[0]");
    refused(
        spec("window", map("timeZone", "UTC", "allow", List.of(map("from", "09:00")))),
        allow + "[0].to");
    refused(
        spec("window", map("timeZone", "UTC", "allow", List.of(map("from", "9am", "to", "5pm")))),
        allow + "[0].from");
    refused(
        spec(
            "window",
            map("timeZone", "UTC", "allow", List.of(map("from", "09:00", "to", "25:00")))),
        allow + "[0].to");
    refused(
        spec(
            "window",
            map("timeZone", "UTC", "allow", List.of(map("from", "09:00", "to", "09:00")))),
        allow + "[0].to");
    refused(
        spec(
            "window",
            map("timeZone", "UTC", "allow", List.of(map("from", "24:00", "to", "01:00")))),
        allow + "[0].from");
    refused(
        spec("window", map("timeZone", "UTC", "allow", List.of(map("days", List.of("funday"))))),
        allow + "[0].days[0]");
    refused(
        spec("window", map("timeZone", "UTC", "allow", List.of(map("days", List.of())))),
        allow + "[0].days");
    refused(
        spec("window", map("timeZone", "UTC", "allow", List.of(map("days", "mon")))),
        allow + "[0].days");
    refused(
        spec("window", map("timeZone", "UTC", "allow", List.of(map("at", "noon")))),
        allow + "[0].at");
  }

  @Test
  void validate_windowDatedAndYearly_checked() {
    String deny = "gates[0].parameters.deny[0]";
    refused(
        spec(
            "window", map("timeZone", "UTC", "deny", List.of(map("from", "02-30", "to", "03-01")))),
        deny + ".from");
    refused(
        spec(
            "window", map("timeZone", "UTC", "deny", List.of(map("from", "12-24", "to", "17:00")))),
        deny + ".to");
    refused(
            spec(
                "window",
                map(
                    "timeZone",
                    "UTC",
                    "deny",
                    List.of(map("from", "2027-01-02T00:00", "to", "2026-12-24T00:00")))),
            deny + ".to")
        .hasMessageContaining("after");
    refused(
        spec(
            "window",
            map(
                "timeZone",
                "UTC",
                "deny",
                List.of(map("from", "2026-13-01T00:00", "to", "2027-01-01T00:00")))),
        deny + ".from");
    refused(
        spec(
            "window",
            map(
                "timeZone",
                "UTC",
                "deny",
                List.of(map("days", List.of("mon"), "from", "12-24", "to", "01-01")))),
        deny + ".days");
  }

  @Test
  void validate_windowHugeLists_refused() {
    List<Object> windows = new ArrayList<>(Collections.nCopies(51, map("days", List.of("mon"))));
    refused(spec("window", map("timeZone", "UTC", "allow", windows)), "gates[0].parameters.allow")
        .hasMessageContaining("at most 50");
    List<Object> days = new ArrayList<>(Collections.nCopies(8, "mon"));
    refused(
        spec("window", map("timeZone", "UTC", "deny", List.of(map("days", days)))),
        "gates[0].parameters.deny[0].days");
  }

  // --- image-policy ---

  @Test
  void validate_imagePolicy_acceptedAndChecked() {
    accepted(spec("image-policy", map()));
    accepted(spec("image-policy", map("namespace", "shop-prod")));
    refused(spec("image-policy", map("namespace", "Shop_Prod")), "gates[0].parameters.namespace");
    refused(
        spec("image-policy", map("namespace", "x".repeat(64))), "gates[0].parameters.namespace");
    refused(spec("image-policy", map("registries", List.of())), "gates[0].parameters.registries");
  }

  // --- gate(spec) ---

  @Test
  void gate_invalidDeclaration_failsWithTheReasonInsteadOfThrowing() {
    Gates gates = GateFixtures.gates();
    Gate gate = gates.gate(spec("window", map("timeZone", "Nowhere/Land")));

    GateOutcome outcome = gate.evaluate(GateFixtures.context(spec("window", map())));

    assertThat(outcome.status()).isEqualTo(GateOutcome.Status.FAIL);
    assertThat(outcome.detail()).contains("invalid gate declaration").contains("timeZone");
  }

  @Test
  void gate_throwingDependency_failsWithReference() {
    Gates gates =
        GateFixtures.gates(
            (project, environment, sha, images) -> {
              throw new IllegalStateException("database down");
            });
    GateSpec spec = spec("prior-environment", map("environment", "staging"));

    GateOutcome outcome = gates.gate(spec).evaluate(GateFixtures.context(spec));

    assertThat(outcome.status()).isEqualTo(GateOutcome.Status.FAIL);
    assertThat(outcome.detail()).contains("server log").doesNotContain("database down");
  }
}
