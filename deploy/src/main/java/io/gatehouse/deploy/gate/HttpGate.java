package io.gatehouse.deploy.gate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.deploy.server.ApiJson;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * The {@code http} gate: POSTs the deployment as JSON to a URL and passes on a 2xx answer that
 * meets the optional condition. With {@code callback: true} a 2xx answer only means "accepted": the
 * gate is pending until the receiver answers at the callback URL it was sent.
 *
 * <p>Header values are secrets: they appear in no detail, message or log line. Redirects are not
 * followed; the answer is read up to 64 KiB.
 */
final class HttpGate implements Gate {
  static final String TYPE = "http";
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);
  static final int MAX_ANSWER_BYTES = 64 * 1024;
  static final int MAX_URL = 2000;
  static final int MAX_HEADERS = 32;
  static final int MAX_HEADER_VALUE = 8192;
  static final int SHOWN_BODY = 200;
  static final String CALLBACK_PATH = "/api/v1/gates/callbacks/";
  private static final Set<String> KEYS =
      Set.of("url", "headers", "timeout", "successWhen", "callback");
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}");
  private static final Set<String> RESERVED_HEADERS =
      Set.of("connection", "content-length", "content-type", "expect", "host", "upgrade");
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private final Settings settings;
  private final String gateName;
  private final Duration callbackLifetime;
  private final Duration answerLifetime;
  private final HttpClient client;
  private final Supplier<URI> publicBaseUrl;
  private final GateCallbacks callbacks;
  private final ObjectMapper mapper = ApiJson.mapper();

  HttpGate(
      Settings settings,
      String gateName,
      Duration callbackLifetime,
      Duration answerLifetime,
      HttpClient client,
      Supplier<URI> publicBaseUrl,
      GateCallbacks callbacks) {
    this.settings = settings;
    this.gateName = gateName;
    this.callbackLifetime = callbackLifetime;
    this.answerLifetime = answerLifetime;
    this.client = client;
    this.publicBaseUrl = publicBaseUrl;
    this.callbacks = callbacks;
  }

  /**
   * The parameters.
   *
   * @param url where to POST, http or https
   * @param headers extra request headers; secrets, never shown
   * @param timeout how long one call may take
   * @param successWhen a condition on the JSON answer, if any
   * @param callback whether the answer comes later, at the callback URL
   */
  record Settings(
      URI url,
      Map<String, String> headers,
      Duration timeout,
      Optional<ResponseCondition> successWhen,
      boolean callback) {
    Settings {
      headers = Map.copyOf(headers);
    }

    static Settings parse(Parameters p) {
      p.allowOnly(KEYS);
      URI url = url(p);
      Map<String, String> headers = headers(p);
      Duration timeout =
          p.optionalDuration("timeout", Duration.ofMillis(100), MAX_TIMEOUT)
              .orElse(DEFAULT_TIMEOUT);
      Optional<ResponseCondition> condition =
          p.optionalObject("successWhen").map(c -> ResponseCondition.parse(c, ApiJson.mapper()));
      boolean callback = p.optionalBoolean("callback", false);
      if (callback && condition.isPresent()) {
        throw Parameters.invalid(
            p.path("successWhen"), "cannot be combined with callback: true (the callback decides)");
      }
      return new Settings(url, headers, timeout, condition, callback);
    }

    private static URI url(Parameters p) {
      String text = p.requiredString("url", MAX_URL);
      String path = p.path("url");
      URI url;
      try {
        url = new URI(text);
      } catch (URISyntaxException e) {
        throw Parameters.invalid(path, "must be an absolute http or https URL: " + e.getReason());
      }
      String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        throw Parameters.invalid(
            path,
            "must be an http or https URL, not "
                + (scheme.isEmpty()
                    ? "a relative one"
                    : "scheme '" + Parameters.shown(scheme) + "'"));
      }
      if (url.getHost() == null || url.getHost().isEmpty()) {
        throw Parameters.invalid(path, "must name a host");
      }
      if (url.getRawUserInfo() != null) {
        throw Parameters.invalid(
            path, "must not hold credentials; put them in a header under 'headers'");
      }
      if (url.getRawFragment() != null) {
        throw Parameters.invalid(path, "must not have a fragment (#…)");
      }
      return url;
    }

    static Map<String, String> headers(Parameters p) {
      return headers(p, Settings::headerValue);
    }

    /**
     * The {@code headers} of {@code p}: at most {@value #MAX_HEADERS}, each name checked, each
     * value read by {@code value} (given the value and where it is).
     */
    static <V> Map<String, V> headers(Parameters p, BiFunction<Object, String, V> value) {
      Optional<Parameters> given = p.optionalObject("headers");
      if (given.isEmpty()) {
        return Map.of();
      }
      Map<?, ?> entries = given.get().entries();
      if (entries.size() > MAX_HEADERS) {
        throw Parameters.invalid(
            p.path("headers"),
            "must have at most " + MAX_HEADERS + " headers, not " + entries.size());
      }
      Map<String, V> headers = new LinkedHashMap<>();
      for (Map.Entry<?, ?> entry : entries.entrySet()) {
        String name = String.valueOf(entry.getKey());
        String at = p.path("headers") + "." + Parameters.shown(name);
        if (!HEADER_NAME.matcher(name).matches()) {
          throw Parameters.invalid(at, "is not a valid header name");
        }
        if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
          throw Parameters.invalid(at, "is set by the gate itself and cannot be given");
        }
        headers.put(name, value.apply(entry.getValue(), at));
      }
      return headers;
    }

    /**
     * A header value, checked: a string of at most {@value #MAX_HEADER_VALUE} characters without
     * control or non-Latin-1 characters. The value is a secret: no message quotes it.
     */
    static String headerValue(Object value, String at) {
      if (!(value instanceof String text)) {
        throw Parameters.invalid(at, "must be a string, not " + Parameters.kind(value));
      }
      if (text.length() > MAX_HEADER_VALUE) {
        throw Parameters.invalid(at, "must be at most " + MAX_HEADER_VALUE + " characters");
      }
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
          throw Parameters.invalid(at, "must not hold control or non-Latin-1 characters");
        }
      }
      return text;
    }

    @Override
    public String toString() {
      return "Settings[url="
          + target(url)
          + ", headers="
          + headers.keySet()
          + ", timeout="
          + timeout
          + ", successWhen="
          + successWhen.map(ResponseCondition::describe)
          + ", callback="
          + callback
          + "]";
    }
  }

  /** The request document: which gate, which round, the deployment, and where to answer. */
  @JsonInclude(JsonInclude.Include.NON_ABSENT)
  record Request(String gate, int round, GateDeployment deployment, Optional<String> callbackUrl) {}

  @Override
  public GateOutcome evaluate(GateContext context) {
    if (!settings.callback()) {
      return call(context, Optional.empty());
    }
    Optional<GateCallbacks.Callback> latest = callbacks.latest(context.deployment().id(), gateName);
    if (latest.isPresent()) {
      Optional<GateOutcome> known = fromCallback(latest.get(), context.now());
      if (known.isPresent()) {
        return known.get();
      }
    }
    return requestCallback(context);
  }

  /**
   * The outcome an earlier request still decides: pending while it awaits its answer; the answer
   * once it came, for one interval after it was first reported; else nothing, and a new request is
   * due.
   */
  private Optional<GateOutcome> fromCallback(GateCallbacks.Callback callback, Instant now) {
    if (callback.result().isEmpty()) {
      return now.isBefore(callback.expiresAt())
          ? Optional.of(
              GateOutcome.pending("awaiting the callback requested in round " + callback.round()))
          : Optional.empty();
    }
    Instant reported = callback.reportedAt().orElse(now);
    if (callback.reportedAt().isEmpty()) {
      callbacks.markReported(callback.id(), now);
    }
    if (now.isBefore(reported.plus(answerLifetime))) {
      String detail = callback.detail().isEmpty() ? "" : ": " + callback.detail();
      String said = "the callback of round " + callback.round() + " answered ";
      return Optional.of(
          callback.result().get().equals("pass")
              ? GateOutcome.pass(said + "pass" + detail)
              : GateOutcome.fail(said + "fail" + detail));
    }
    return Optional.empty();
  }

  private GateOutcome requestCallback(GateContext context) {
    Instant now = context.now();
    String token =
        callbacks.issue(
            context.deployment().id(), gateName, context.round(), now, now.plus(callbackLifetime));
    GateOutcome outcome = call(context, Optional.of(callbackUrl(token)));
    if (outcome.status() != GateOutcome.Status.PENDING) {
      callbacks.withdraw(token);
    }
    return outcome;
  }

  private String callbackUrl(String token) {
    String base = publicBaseUrl.get().toString();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return base + CALLBACK_PATH + token;
  }

  private GateOutcome call(GateContext context, Optional<String> callbackUrl) {
    byte[] body;
    try {
      body =
          mapper.writeValueAsBytes(
              new Request(gateName, context.round(), context.deployment(), callbackUrl));
    } catch (JsonProcessingException e) {
      return GateOutcome.fail("the deployment cannot be written as JSON");
    }
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(settings.url())
            .timeout(settings.timeout())
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    settings.headers().forEach(builder::header);
    String target = "POST " + target(settings.url());
    CompletableFuture<HttpResponse<BoundedBody.Result>> answer =
        client.sendAsync(builder.build(), BoundedBody.handler(MAX_ANSWER_BYTES));
    try {
      return judge(target, answer.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS));
    } catch (TimeoutException e) {
      answer.cancel(true);
      return GateOutcome.fail(target + ": " + noAnswer());
    } catch (InterruptedException e) {
      answer.cancel(true);
      Thread.currentThread().interrupt();
      return GateOutcome.fail(target + ": interrupted before the answer came");
    } catch (ExecutionException e) {
      return GateOutcome.fail(target + " failed: " + reason(e.getCause()));
    }
  }

  private GateOutcome judge(String target, HttpResponse<BoundedBody.Result> response) {
    int status = response.statusCode();
    String answered = target + " answered " + status;
    if (status < 200 || status > 299) {
      return GateOutcome.fail(answered + excerpt(response));
    }
    if (settings.callback()) {
      return GateOutcome.pending(answered + ": accepted; awaiting the callback");
    }
    if (settings.successWhen().isEmpty()) {
      return GateOutcome.pass(answered);
    }
    ResponseCondition condition = settings.successWhen().get();
    if (response.body().truncated()) {
      return GateOutcome.fail(
          answered + " with more than 64 KiB; the condition cannot be checked on it");
    }
    JsonNode json = json(response.body().bytes());
    if (json == null) {
      return GateOutcome.fail(answered + " with a body that is not JSON" + excerpt(response));
    }
    return condition
        .unmetBy(json)
        .map(unmet -> GateOutcome.fail(answered + ", but " + unmet))
        .orElseGet(() -> GateOutcome.pass(answered + ", and " + condition.describe()));
  }

  private JsonNode json(byte[] bytes) {
    try {
      JsonNode node = mapper.readTree(bytes);
      return node == null || node.isMissingNode() ? null : node;
    } catch (IOException e) {
      return null;
    }
  }

  private String noAnswer() {
    return "no answer within " + Parameters.format(settings.timeout());
  }

  private String reason(Throwable cause) {
    return switch (cause) {
      case HttpTimeoutException t -> noAnswer();
      case ConnectException c -> "cannot connect (refused or unreachable)";
      case SSLException s -> "TLS failed: " + Parameters.shown(String.valueOf(s.getMessage()));
      case IOException io ->
          "the connection failed: "
              + Parameters.shown(
                  io.getMessage() == null ? io.getClass().getSimpleName() : io.getMessage());
      case null -> "unknown error";
      default -> "the request failed: " + cause.getClass().getSimpleName();
    };
  }

  /** The start of a textual answer body, for a detail; nothing for other bodies. */
  private static String excerpt(HttpResponse<BoundedBody.Result> response) {
    String type = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
    byte[] bytes = response.body().bytes();
    boolean textual = type.startsWith("text/") || type.contains("json") || type.contains("xml");
    if (!textual || bytes.length == 0) {
      return "";
    }
    String text =
        WHITESPACE.matcher(new String(bytes, StandardCharsets.UTF_8)).replaceAll(" ").strip();
    return text.isEmpty() ? "" : ": " + Parameters.shown(text, SHOWN_BODY);
  }

  /** The URL without its query, which may hold a secret: scheme, host, port and path. */
  static String target(URI url) {
    String port = url.getPort() < 0 ? "" : ":" + url.getPort();
    String path = url.getRawPath() == null ? "" : url.getRawPath();
    return url.getScheme() + "://" + url.getHost() + port + Parameters.shown(path, 100);
  }
}
