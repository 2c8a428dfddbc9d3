package io.gatehouse.deploy.gate;

import io.gatehouse.dast.auth.LoginForm;
import io.gatehouse.dast.checks.CallbackSettings;
import io.gatehouse.dast.http.TlsTrust;
import io.gatehouse.dast.scan.ScanAccess;
import io.gatehouse.deploy.project.InvalidRulesException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import javax.net.ssl.SSLContext;

/**
 * How a {@code dast} gate's scan gets in: cookies, a login form, the TLS trust of an HTTPS target
 * and the out-of-band callback listener. Cookie values, login field values are secrets: no detail,
 * message or log line shows them, and {@link #toString} leaves them out.
 *
 * @param cookies cookies sent with every request, by name, each inline or the name of the
 *     environment's secret that holds it; secrets
 * @param login the login form, if the target needs one
 * @param caCert the PEM certificates of a private CA the HTTPS target's certificate comes from, or
 *     the name of the environment's secret that holds them
 * @param insecure whether to trust every certificate and host name (test systems only)
 * @param callbacks where the callback listener listens and is called; off by default
 */
record DastGateAccess(
    Map<String, Value> cookies,
    Optional<Login> login,
    Optional<Value> caCert,
    boolean insecure,
    CallbackSettings callbacks) {
  static final int MAX_COOKIES = 32;
  static final int MAX_COOKIE_VALUE = 4096;
  static final int MAX_FIELDS = 20;
  static final int MAX_FIELD_VALUE = 1000;
  static final int MAX_PATTERN = 500;
  static final int MAX_CA_CERT = 64 * 1024;

  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}");
  private static final Set<String> LOGIN_KEYS = Set.of("url", "fields", "check", "loggedOutCheck");
  private static final Pattern LISTEN = Pattern.compile("(.+):([0-9]{1,5})");
  private static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,199}");

  DastGateAccess {
    cookies = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(cookies));
    Objects.requireNonNull(login, "login");
    Objects.requireNonNull(caCert, "caCert");
    Objects.requireNonNull(callbacks, "callbacks");
  }

  /** No cookies, no login, the JDK's trust store, no callbacks: what report mode carries. */
  static DastGateAccess none() {
    return new DastGateAccess(
        Map.of(), Optional.empty(), Optional.empty(), false, CallbackSettings.off());
  }

  /**
   * A value given inline, or the name of the environment's secret that holds it, read when the scan
   * starts.
   *
   * @param inline the value itself
   * @param secret the secret's name
   */
  record Value(Optional<String> inline, Optional<String> secret) {
    static Value of(String inline) {
      return new Value(Optional.of(inline), Optional.empty());
    }

    /**
     * A parameter's value: {@code {secret: NAME}}, or a string that {@code check} accepts (given
     * the value and where it is, it throws what {@link Parameters#invalid} makes). The value is a
     * secret: no message quotes it.
     */
    static Value parse(Object raw, String at, BiConsumer<String, String> check) {
      if (raw instanceof Map<?, ?>) {
        return secretReference(Parameters.object(raw, at));
      }
      if (!(raw instanceof String value)) {
        throw Parameters.invalid(
            at, "must be a string or {secret: NAME}, not " + Parameters.kind(raw));
      }
      check.accept(value, at);
      return of(value);
    }

    /** The value, read from the secrets when it is one; {@code path} names it in the error. */
    String resolve(Function<String, Optional<String>> secrets, String path) {
      if (inline.isPresent()) {
        return inline.get();
      }
      return secrets
          .apply(secret.orElseThrow())
          .orElseThrow(
              () ->
                  new IllegalArgumentException(
                      path + ": the environment has no secret named " + secret.get()));
    }

    /**
     * The value, read from the secrets when it is one and then checked by {@code check} (given the
     * value and where it is, it throws what {@link Parameters#invalid} makes): an inline value was
     * checked when the rules were read.
     *
     * @throws IllegalArgumentException when the secret is missing or fails the check; the message
     *     names the parameter and the secret, never the value
     */
    String resolveChecked(
        Function<String, Optional<String>> secrets, String path, BiConsumer<String, String> check) {
      String text = resolve(secrets, path);
      if (secret.isPresent()) {
        try {
          check.accept(text, path + " (secret " + secret.get() + ")");
        } catch (InvalidRulesException e) {
          throw new IllegalArgumentException(e.getMessage(), e);
        }
      }
      return text;
    }

    @Override
    public String toString() {
      return secret.map(name -> "secret " + name).orElse("(inline)");
    }
  }

  /**
   * The login form as declared.
   *
   * @param url the login page, absolute or a path on the scan's origin
   * @param fields the values to fill in, by input name; secrets
   * @param check what a page shows once logged in
   * @param loggedOutCheck what a page shows once the session is lost
   */
  record Login(
      String url, Map<String, Value> fields, Pattern check, Optional<Pattern> loggedOutCheck) {
    Login {
      fields = Map.copyOf(new LinkedHashMap<>(fields));
    }

    @Override
    public String toString() {
      return "Login[url=" + url + ", fields=" + fields.keySet() + "]";
    }
  }

  @Override
  public String toString() {
    return "DastGateAccess[cookies="
        + cookies.keySet()
        + ", login="
        + login
        + ", caCert="
        + caCert.isPresent()
        + ", insecure="
        + insecure
        + ", callbacks="
        + callbacks
        + "]";
  }

  /** Reads the scan-mode parameters {@code cookies}, {@code login}, {@code caCert}, … */
  static DastGateAccess parse(Parameters p, Optional<URI> fixedTarget) {
    Map<String, Value> cookies = cookies(p);
    Optional<Login> login = login(p, fixedTarget);
    Optional<Value> caCert = caCert(p);
    boolean insecure = p.optionalBoolean("insecure", false);
    if (insecure && caCert.isPresent()) {
      throw Parameters.invalid(p.path("insecure"), "excludes caCert: give one or the other");
    }
    if (caCert.isPresent() || insecure) {
      fixedTarget
          .filter(url -> !url.getScheme().equalsIgnoreCase("https"))
          .ifPresent(
              url -> {
                throw Parameters.invalid(
                    p.path(insecure ? "insecure" : "caCert"), "applies only to an https url");
              });
    }
    return new DastGateAccess(cookies, login, caCert, insecure, callbacks(p));
  }

  private static Map<String, Value> cookies(Parameters p) {
    Optional<Parameters> given = p.optionalObject("cookies");
    if (given.isEmpty()) {
      return Map.of();
    }
    Map<?, ?> entries = given.get().entries();
    if (entries.size() > MAX_COOKIES) {
      throw Parameters.invalid(
          p.path("cookies"),
          "must have at most " + MAX_COOKIES + " cookies, not " + entries.size());
    }
    Map<String, Value> cookies = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : entries.entrySet()) {
      String name = String.valueOf(entry.getKey());
      String at = p.path("cookies") + "." + Parameters.shown(name);
      if (!TOKEN.matcher(name).matches()) {
        throw Parameters.invalid(at, "is not a valid cookie name");
      }
      cookies.put(name, Value.parse(entry.getValue(), at, DastGateAccess::cookieValue));
    }
    return cookies;
  }

  /** A login field value, checked; the value is a secret (a password): no message quotes it. */
  private static void fieldValue(String value, String at) {
    if (value.length() > MAX_FIELD_VALUE) {
      throw Parameters.invalid(at, "must be at most " + MAX_FIELD_VALUE + " characters");
    }
  }

  /** A cookie value, checked (RFC 6265); the value is a secret: no message quotes it. */
  private static String cookieValue(String value, String at) {
    if (value.length() > MAX_COOKIE_VALUE) {
      throw Parameters.invalid(at, "must be at most " + MAX_COOKIE_VALUE + " characters");
    }
    if (!value.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ';' && c != ',' && c != '"')) {
      throw Parameters.invalid(
          at, "must be printable ASCII without spaces, ';', ',' or '\"' (the value is not shown)");
    }
    return value;
  }

  private static Optional<Login> login(Parameters p, Optional<URI> fixedTarget) {
    Optional<Parameters> given = p.optionalObject("login");
    if (given.isEmpty()) {
      return Optional.empty();
    }
    Parameters login = given.get().allowOnly(LOGIN_KEYS);
    String url = login.requiredString("url", DastGate.MAX_URL);
    if (url.startsWith("/") && !url.startsWith("//")) {
      try {
        URI path = new URI(url);
        if (path.getRawAuthority() != null || path.getRawFragment() != null) {
          throw new URISyntaxException(url, "a path must have no host and no fragment");
        }
      } catch (URISyntaxException e) {
        throw Parameters.invalid(
            login.path("url"), "is not a valid path such as /login: " + e.getReason());
      }
    } else {
      URI absolute;
      try {
        absolute = DastGate.checkedUrl(url);
      } catch (IllegalArgumentException e) {
        throw Parameters.invalid(
            login.path("url"),
            "must be a path such as /login or a URL on the scan's origin: " + e.getMessage());
      }
      fixedTarget
          .filter(target -> !sameOrigin(target, absolute))
          .ifPresent(
              target -> {
                throw Parameters.invalid(
                    login.path("url"),
                    "must be on the scan's origin "
                        + origin(target)
                        + ", not "
                        + Parameters.shown(origin(absolute), 200));
              });
    }
    Parameters fields =
        login
            .optionalObject("fields")
            .orElseThrow(() -> Parameters.invalid(login.path("fields"), "is required"));
    if (fields.entries().isEmpty() || fields.entries().size() > MAX_FIELDS) {
      throw Parameters.invalid(
          login.path("fields"),
          "must have 1 to " + MAX_FIELDS + " fields, not " + fields.entries().size());
    }
    Map<String, Value> values = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : fields.entries().entrySet()) {
      String name = String.valueOf(entry.getKey());
      String at = login.path("fields") + "." + Parameters.shown(name);
      if (name.isBlank()
          || name.length() > 128
          || !name.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
        throw Parameters.invalid(at, "is not a valid form field name");
      }
      values.put(name, Value.parse(entry.getValue(), at, DastGateAccess::fieldValue));
    }
    Pattern check =
        pattern(login, "check")
            .orElseThrow(
                () ->
                    Parameters.invalid(
                        login.path("check"),
                        "is required: what a page shows once logged in, such as 'Log out'"));
    return Optional.of(new Login(url, values, check, pattern(login, "loggedOutCheck")));
  }

  private static Optional<Pattern> pattern(Parameters p, String key) {
    Optional<String> regex = p.optionalString(key, MAX_PATTERN);
    try {
      return regex.map(Pattern::compile);
    } catch (PatternSyntaxException e) {
      throw Parameters.invalid(p.path(key), "is not a regular expression: " + e.getDescription());
    }
  }

  /** {@code {secret: NAME}}: the environment's secret of that name. */
  static Value secretReference(Parameters p) {
    p.allowOnly(Set.of("secret"));
    String name = p.requiredString("secret", 200);
    if (!SECRET_NAME.matcher(name).matches()) {
      throw Parameters.invalid(
          p.path("secret"), "must be a secret's name: letters, digits and '_', not a digit first");
    }
    return new Value(Optional.empty(), Optional.of(name));
  }

  private static Optional<Value> caCert(Parameters p) {
    if (p.raw("caCert") instanceof Map<?, ?> reference) {
      return Optional.of(secretReference(Parameters.object(reference, p.path("caCert"))));
    }
    Optional<String> pem = p.optionalString("caCert", MAX_CA_CERT);
    if (pem.isEmpty()) {
      return Optional.empty();
    }
    if (!pem.get().contains("-----BEGIN CERTIFICATE-----")) {
      throw Parameters.invalid(
          p.path("caCert"), "must hold PEM certificates (-----BEGIN CERTIFICATE-----)");
    }
    try {
      TlsTrust.trusting(p.path("caCert"), pem.get().getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw Parameters.invalid(p.path("caCert"), "holds no valid certificate");
    }
    return pem.map(Value::of);
  }

  private static CallbackSettings callbacks(Parameters p) {
    Optional<String> url = p.optionalString("callbackUrl", DastGate.MAX_URL);
    Optional<String> listen = p.optionalString("callbackListen", 64);
    if (url.isEmpty()) {
      if (listen.isPresent()) {
        throw Parameters.invalid(p.path("callbackListen"), "goes only with callbackUrl");
      }
      return CallbackSettings.off();
    }
    URI callback;
    try {
      callback = DastGate.checkedUrl(url.get());
    } catch (IllegalArgumentException e) {
      throw Parameters.invalid(p.path("callbackUrl"), e.getMessage());
    }
    if (!callback.getScheme().equalsIgnoreCase("http") || callback.getRawQuery() != null) {
      throw Parameters.invalid(
          p.path("callbackUrl"), "must be an http URL without a query (targets call it plainly)");
    }
    InetSocketAddress bind =
        listen
            .map(text -> listenAddress(text, p.path("callbackListen")))
            .orElseGet(
                () -> new InetSocketAddress(callback.getPort() == -1 ? 80 : callback.getPort()));
    if (bind.getPort() < 1024) {
      throw Parameters.invalid(
          p.path(listen.isPresent() ? "callbackListen" : "callbackUrl"),
          "the listener's port must be 1024 to 65535, not " + bind.getPort());
    }
    return CallbackSettings.reachableAt(callback, bind);
  }

  /** {@code ADDRESS:PORT}, the address an IP literal ({@code 0.0.0.0} for every interface). */
  private static InetSocketAddress listenAddress(String text, String path) {
    var matcher = LISTEN.matcher(text.strip());
    if (!matcher.matches()) {
      throw Parameters.invalid(path, "must be ADDRESS:PORT, such as 0.0.0.0:8099 or [::]:8099");
    }
    String host = matcher.group(1);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (!host.matches("[0-9.]+|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*")) {
      throw Parameters.invalid(path, "the address must be an IP address, not a host name");
    }
    int port = Integer.parseInt(matcher.group(2));
    if (port < 1024 || port > 65_535) {
      throw Parameters.invalid(path, "the port must be 1024 to 65535, not " + port);
    }
    try {
      return new InetSocketAddress(InetAddress.getByName(host), port);
    } catch (UnknownHostException e) {
      throw Parameters.invalid(path, "the address must be an IP address");
    }
  }

  /**
   * What the scanner needs, for a scan of {@code target}.
   *
   * @throws IllegalArgumentException when the login page is not on the target's origin, or the CA
   *     certificates cannot be read (the message names the parameter, never a value)
   */
  ScanAccess scanAccess(URI target, Function<String, Optional<String>> secrets) {
    Optional<SSLContext> tls;
    if (insecure) {
      tls = Optional.of(TlsTrust.insecure());
    } else if (caCert.isPresent()) {
      String pem = caCert.get().resolve(secrets, "caCert");
      try {
        tls = Optional.of(TlsTrust.trusting("caCert", pem.getBytes(StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new IllegalArgumentException("caCert holds no valid certificate", e);
      }
    } else {
      tls = Optional.empty();
    }
    return new ScanAccess(tls, login.map(l -> loginForm(l, target, secrets)));
  }

  private static LoginForm loginForm(
      Login login, URI target, Function<String, Optional<String>> secrets) {
    URI url =
        login.url().startsWith("/") && !login.url().startsWith("//")
            ? target.resolve(login.url())
            : DastGate.checkedUrl(login.url());
    if (!sameOrigin(target, url)) {
      throw new IllegalArgumentException(
          "the login page " + origin(url) + " is not on the scan's origin " + origin(target));
    }
    Map<String, String> fields = new LinkedHashMap<>();
    login
        .fields()
        .forEach((name, value) -> fields.put(name, value.resolve(secrets, "login.fields." + name)));
    return new LoginForm(url, fields, login.check(), login.loggedOutCheck());
  }

  /**
   * The Cookie header value of {@link #cookies}, their secrets read from {@code secrets}, empty
   * when there are none.
   *
   * @throws IllegalArgumentException when a secret is missing or its value cannot be a cookie's
   *     (the message names the cookie and the secret, never a value)
   */
  Optional<String> cookieHeader(Function<String, Optional<String>> secrets) {
    if (cookies.isEmpty()) {
      return Optional.empty();
    }
    List<String> pairs = new ArrayList<>();
    cookies.forEach(
        (name, value) ->
            pairs.add(
                name
                    + "="
                    + value.resolveChecked(
                        secrets, "cookies." + name, DastGateAccess::cookieValue)));
    return Optional.of(String.join("; ", pairs));
  }

  /** What the gate's detail says about how it scanned: what a reviewer must know. */
  List<String> notes() {
    List<String> notes = new ArrayList<>();
    if (insecure) {
      notes.add("insecure: the target's TLS certificate and host name were not verified");
    }
    if (!callbacks.enabled()) {
      notes.add("ssrf and xxe were not checked: no callbackUrl for out-of-band callbacks");
    }
    return notes;
  }

  static boolean sameOrigin(URI a, URI b) {
    return origin(a).equals(origin(b));
  }

  static String origin(URI url) {
    String scheme = String.valueOf(url.getScheme()).toLowerCase(java.util.Locale.ROOT);
    int port = url.getPort() != -1 ? url.getPort() : scheme.equals("https") ? 443 : 80;
    return scheme
        + "://"
        + String.valueOf(url.getHost()).toLowerCase(java.util.Locale.ROOT)
        + ":"
        + port;
  }
}
