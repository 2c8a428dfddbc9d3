package io.gatehouse.deploy.gate;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.dast.findings.Severity;
import io.gatehouse.dast.triage.InvalidTriageFileException;
import io.gatehouse.dast.triage.RulesFile;
import io.gatehouse.deploy.server.ApiJson;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code dast} gate: passes when a DAST scan of the deployed application has no finding that
 * fails under the gate's rules. In {@code scan} mode the server scans the URL itself, in the
 * background and bounded in time, once per deployment; in {@code report} mode the deployment's job
 * uploads the JSON report of {@code gatehouse scan} and the gate judges it.
 */
final class DastGate implements Gate {
  static final String TYPE = "dast";
  static final Duration DEFAULT_MAX_DURATION = Duration.ofMinutes(10);
  static final Duration MAX_MAX_DURATION = Duration.ofHours(2);
  static final double DEFAULT_RATE = 10;
  static final double MAX_RATE = 200;
  static final int DEFAULT_CONCURRENCY = 4;
  static final int MAX_CONCURRENCY = 16;
  static final int DEFAULT_MAX_PAGES = 500;
  static final int MAX_MAX_PAGES = 10_000;
  static final int MAX_URL = 2000;
  static final int MAX_EXCLUDES = 50;
  static final int MAX_PATTERN = 500;
  static final String UPLOAD_PATH = "/api/v1/deployments/{id}/dast-report";

  private static final Set<String> SCAN_KEYS =
      Set.of(
          "mode",
          "url",
          "urlFromPayload",
          "urlPattern",
          "maxDuration",
          "rate",
          "concurrency",
          "maxPages",
          "passiveOnly",
          "exclude",
          "headers",
          "cookies",
          "login",
          "caCert",
          "insecure",
          "callbackUrl",
          "callbackListen",
          "rules",
          "rulesFile",
          "failOn",
          "allowPartial");
  private static final Set<String> REPORT_KEYS =
      Set.of("mode", "rules", "rulesFile", "failOn", "allowPartial");

  private final Settings settings;
  private final String gateName;
  private final Duration interval;
  private final DastGateResults results;
  private final DastGateScans scans;

  DastGate(
      Settings settings,
      String gateName,
      Duration interval,
      DastGateResults results,
      DastGateScans scans) {
    this.settings = settings;
    this.gateName = gateName;
    this.interval = interval;
    this.results = results;
    this.scans = scans;
  }

  /** How the findings are found. */
  enum Mode {
    /** The server scans the target. */
    SCAN,
    /** The deployment's job uploads a report. */
    REPORT;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Where the scan goes: a fixed URL, or a URL the deployment's payload names at a JSON pointer,
   * which must match the pattern whole.
   */
  record Target(Optional<URI> url, Optional<JsonPointer> fromPayload, Optional<Pattern> pattern) {
    /** The URL to scan for this deployment, or why there is none. */
    UrlOrReason resolve(GateDeployment deployment) {
      if (url.isPresent()) {
        return new UrlOrReason(url, "");
      }
      JsonNode payload = ApiJson.mapper().valueToTree(deployment.payload());
      JsonNode value = payload.at(fromPayload.orElseThrow());
      String where = "the deployment's payload at " + fromPayload.orElseThrow();
      if (!value.isTextual()) {
        return new UrlOrReason(Optional.empty(), where + " holds no URL");
      }
      String text = value.asText();
      if (!pattern.orElseThrow().matcher(text).matches()) {
        return new UrlOrReason(
            Optional.empty(),
            where + " is '" + Parameters.shown(text) + "', which urlPattern does not allow");
      }
      try {
        return new UrlOrReason(Optional.of(checkedUrl(text)), "");
      } catch (IllegalArgumentException e) {
        return new UrlOrReason(Optional.empty(), where + " " + e.getMessage());
      }
    }
  }

  /** A URL, or the reason there is none. */
  record UrlOrReason(Optional<URI> url, String reason) {}

  /**
   * The parameters.
   *
   * @param mode scan or report
   * @param target where to scan (scan mode)
   * @param maxDuration the scan's time limit
   * @param rate requests per second at most
   * @param concurrency requests in flight at most
   * @param maxPages pages crawled at most
   * @param passiveOnly whether to send no attacks
   * @param excludes patterns of URLs the scan never requests (found anywhere in the URL)
   * @param headers headers sent with every request of the scan (authentication), each inline or the
   *     name of the environment's secret that holds it; secrets, never shown
   * @param access cookies, login form, TLS trust and callback listener of the scan
   * @param rules the rules entries, inline or from the rules file, checked
   * @param failOn the severity that fails, empty for none
   * @param allowPartial whether a scan stopped by its time limit may pass
   */
  record Settings(
      Mode mode,
      Target target,
      Duration maxDuration,
      double rate,
      int concurrency,
      int maxPages,
      boolean passiveOnly,
      List<Pattern> excludes,
      Map<String, DastGateAccess.Value> headers,
      DastGateAccess access,
      RulesFile rules,
      Optional<Severity> failOn,
      boolean allowPartial) {
    Settings {
      excludes = List.copyOf(excludes);
      headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** What a reviewer must know about how the scan ran, for the gate's detail. */
    List<String> notes() {
      if (mode == Mode.REPORT) {
        return List.of();
      }
      return access.notes().stream()
          .filter(note -> !passiveOnly || !note.startsWith("ssrf"))
          .toList();
    }

    @Override
    public String toString() {
      return "Settings[mode="
          + mode
          + ", target="
          + target
          + ", maxDuration="
          + maxDuration
          + ", headers="
          + headers.keySet()
          + ", access="
          + access
          + ", failOn="
          + failOn
          + "]";
    }

    static Settings parse(Parameters p) {
      Mode mode = mode(p);
      p.allowOnly(mode == Mode.SCAN ? SCAN_KEYS : REPORT_KEYS);
      RulesFile rules = rules(p);
      Optional<Severity> failOn = failOn(p);
      boolean allowPartial = p.optionalBoolean("allowPartial", false);
      if (mode == Mode.REPORT) {
        return new Settings(
            mode,
            new Target(Optional.empty(), Optional.empty(), Optional.empty()),
            DEFAULT_MAX_DURATION,
            DEFAULT_RATE,
            DEFAULT_CONCURRENCY,
            DEFAULT_MAX_PAGES,
            false,
            List.of(),
            Map.of(),
            DastGateAccess.none(),
            rules,
            failOn,
            allowPartial);
      }
      Target target = target(p);
      Map<String, DastGateAccess.Value> headers = headers(p);
      DastGateAccess access = DastGateAccess.parse(p, target.url());
      if (!access.cookies().isEmpty()
          && headers.keySet().stream().anyMatch(name -> name.equalsIgnoreCase("Cookie"))) {
        throw Parameters.invalid(
            p.path("cookies"), "give cookies either here or as a Cookie header, not both");
      }
      return new Settings(
          mode,
          target,
          p.optionalDuration("maxDuration", Duration.ofSeconds(1), MAX_MAX_DURATION)
              .orElse(DEFAULT_MAX_DURATION),
          number(p, "rate", 0.1, MAX_RATE, DEFAULT_RATE),
          (int) whole(p, "concurrency", 1, MAX_CONCURRENCY, DEFAULT_CONCURRENCY),
          (int) whole(p, "maxPages", 1, MAX_MAX_PAGES, DEFAULT_MAX_PAGES),
          p.optionalBoolean("passiveOnly", false),
          excludes(p),
          headers,
          access,
          rules,
          failOn,
          allowPartial);
    }

    /**
     * The {@code headers}: as an {@code http} gate's, but a value may also be {@code {secret:
     * NAME}}, the environment's secret of that name, read when the scan starts.
     */
    private static Map<String, DastGateAccess.Value> headers(Parameters p) {
      return HttpGate.Settings.headers(
          p, (value, at) -> DastGateAccess.Value.parse(value, at, HttpGate.Settings::headerValue));
    }

    /**
     * The headers to send, their secrets read from {@code secrets}.
     *
     * @throws IllegalArgumentException when a secret is missing or its value cannot be a header's
     *     (the message names the header and the secret, never a value)
     */
    Map<String, String> resolvedHeaders(Function<String, Optional<String>> secrets) {
      Map<String, String> resolved = new LinkedHashMap<>();
      headers.forEach(
          (name, value) ->
              resolved.put(
                  name,
                  value.resolveChecked(
                      secrets, "headers." + name, HttpGate.Settings::headerValue)));
      return resolved;
    }

    /**
     * The {@code exclude} patterns: at most {@value #MAX_EXCLUDES} regular expressions of at most
     * {@value #MAX_PATTERN} characters each, compiled when the rules are applied.
     */
    private static List<Pattern> excludes(Parameters p) {
      List<?> entries = p.optionalList("exclude", MAX_EXCLUDES);
      List<Pattern> patterns = new ArrayList<>();
      for (int i = 0; i < entries.size(); i++) {
        String path = p.path("exclude") + "[" + i + "]";
        String text = Parameters.string(entries.get(i), path, MAX_PATTERN);
        try {
          patterns.add(Pattern.compile(text));
        } catch (PatternSyntaxException e) {
          throw Parameters.invalid(
              path, "is not a regular expression: " + Parameters.shown(e.getDescription()));
        }
      }
      return patterns;
    }

    private static Mode mode(Parameters p) {
      String text = p.optionalString("mode", 16).orElse("scan");
      return switch (text) {
        case "scan" -> Mode.SCAN;
        case "report" -> Mode.REPORT;
        default ->
            throw Parameters.invalid(
                p.path("mode"), "must be scan or report, not '" + Parameters.shown(text) + "'");
      };
    }

    private static Target target(Parameters p) {
      boolean fixed = p.has("url");
      boolean fromPayload = p.has("urlFromPayload");
      if (fixed == fromPayload) {
        throw Parameters.invalid(
            p.path("url"), "give exactly one of url and urlFromPayload (in scan mode)");
      }
      if (fixed) {
        if (p.has("urlPattern")) {
          throw Parameters.invalid(p.path("urlPattern"), "goes only with urlFromPayload");
        }
        String text = p.requiredString("url", MAX_URL);
        try {
          return new Target(Optional.of(checkedUrl(text)), Optional.empty(), Optional.empty());
        } catch (IllegalArgumentException e) {
          throw Parameters.invalid(p.path("url"), e.getMessage());
        }
      }
      String pointer = p.requiredString("urlFromPayload", 200);
      JsonPointer compiled;
      try {
        compiled = JsonPointer.compile(pointer);
      } catch (IllegalArgumentException e) {
        throw Parameters.invalid(
            p.path("urlFromPayload"), "must be a JSON pointer such as /previewUrl");
      }
      if (compiled.matches()) {
        throw Parameters.invalid(p.path("urlFromPayload"), "must point into the payload");
      }
      if (!p.has("urlPattern")) {
        throw Parameters.invalid(
            p.path("urlPattern"),
            "is required with urlFromPayload: a regular expression the URL must match whole, so"
                + " that a deployment cannot make the server scan any address");
      }
      String regex = p.requiredString("urlPattern", 500);
      try {
        return new Target(
            Optional.empty(), Optional.of(compiled), Optional.of(Pattern.compile(regex)));
      } catch (PatternSyntaxException e) {
        throw Parameters.invalid(
            p.path("urlPattern"), "is not a regular expression: " + e.getDescription());
      }
    }

    private static RulesFile rules(Parameters p) {
      if (p.has("rulesFile")) {
        if (p.has("rules")) {
          throw Parameters.invalid(
              p.path("rules"),
              "give rules or rulesFile, not both: move the inline entries into the rules file");
        }
        return DastGateRulesFile.parse(p);
      }
      List<?> entries = p.optionalList("rules", 1000);
      if (entries.isEmpty()) {
        return RulesFile.none();
      }
      byte[] json;
      try {
        json = ApiJson.mapper().writeValueAsBytes(Map.of("rules", entries));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw Parameters.invalid(p.path("rules"), "cannot be read");
      }
      try {
        return RulesFile.parse(Path.of("rules"), json);
      } catch (InvalidTriageFileException e) {
        String where = e.where().startsWith("rules") ? e.where().substring(5) : "";
        throw Parameters.invalid(p.path("rules") + where, e.reason());
      }
    }

    private static Optional<Severity> failOn(Parameters p) {
      String text = p.optionalString("failOn", 16).orElse("high");
      return switch (text) {
        case "high" -> Optional.of(Severity.HIGH);
        case "medium" -> Optional.of(Severity.MEDIUM);
        case "low" -> Optional.of(Severity.LOW);
        case "info" -> Optional.of(Severity.INFO);
        case "none" -> Optional.empty();
        default ->
            throw Parameters.invalid(
                p.path("failOn"),
                "must be high, medium, low, info or none, not '" + Parameters.shown(text) + "'");
      };
    }

    private static double number(Parameters p, String key, double min, double max, double d) {
      Object value = p.raw(key);
      if (value == null) {
        return d;
      }
      if (!(value instanceof Number n)) {
        throw Parameters.invalid(p.path(key), "must be a number, not " + Parameters.kind(value));
      }
      double v = n.doubleValue();
      if (!(v >= min && v <= max)) {
        throw Parameters.invalid(p.path(key), "must be between " + min + " and " + max + ": " + n);
      }
      return v;
    }

    private static long whole(Parameters p, String key, long min, long max, long d) {
      Object value = p.raw(key);
      if (value == null) {
        return d;
      }
      if (!(value instanceof Integer || value instanceof Long)) {
        throw Parameters.invalid(
            p.path(key), "must be a whole number, not " + Parameters.kind(value));
      }
      long v = ((Number) value).longValue();
      if (v < min || v > max) {
        throw Parameters.invalid(p.path(key), "must be between " + min + " and " + max + ": " + v);
      }
      return v;
    }
  }

  /** An absolute http or https URL with a host, no credentials and no fragment. */
  static URI checkedUrl(String text) {
    URI url;
    try {
      url = new URI(text.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("must be an absolute http or https URL: " + e.getReason());
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("must be an http or https URL");
    }
    if (url.getHost() == null || url.getHost().isEmpty()) {
      throw new IllegalArgumentException("must name a host");
    }
    if (url.getRawUserInfo() != null) {
      throw new IllegalArgumentException("must not hold credentials");
    }
    if (url.getRawFragment() != null) {
      throw new IllegalArgumentException("must not have a fragment (#…)");
    }
    return url.getRawPath() == null || url.getRawPath().isEmpty() ? url.resolve("/") : url;
  }

  @Override
  public GateOutcome evaluate(GateContext context) {
    long deployment = context.deployment().id();
    Optional<DastGateResults.Stored> latest = results.latest(deployment, gateName);
    if (settings.mode() == Mode.REPORT) {
      return latest
          .map(DastGate::outcome)
          .orElseGet(
              () ->
                  GateOutcome.pending(
                      "awaiting the DAST report of the deployment's job at POST "
                          + UPLOAD_PATH.replace("{id}", String.valueOf(deployment))));
    }
    if (latest.isPresent()) {
      DastGateResults.Stored stored = latest.get();
      switch (stored.state()) {
        case "running" -> {
          if (context.now().isBefore(stored.leaseUntil())) {
            return GateOutcome.pending(scans.describeRunning(stored));
          }
          results.abandon(stored.id(), context.now());
        }
        case "done" -> {
          return outcome(stored);
        }
        default -> {
          Instant retry = stored.finishedAt().orElse(context.now()).plus(interval);
          if (context.now().isBefore(retry)) {
            return GateOutcome.fail(stored.detail());
          }
        }
      }
    }
    UrlOrReason target = settings.target().resolve(context.deployment());
    if (target.url().isEmpty()) {
      return GateOutcome.fail("nothing to scan: " + target.reason());
    }
    return scans.start(context, gateName, target.url().get(), settings);
  }

  private static GateOutcome outcome(DastGateResults.Stored stored) {
    return switch (stored.result().orElse("fail")) {
      case "pass" -> GateOutcome.pass(stored.detail());
      default -> GateOutcome.fail(stored.detail());
    };
  }
}
