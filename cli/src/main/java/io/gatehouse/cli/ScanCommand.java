package io.gatehouse.cli;

import io.gatehouse.dast.auth.LoginForm;
import io.gatehouse.dast.checks.CallbackSettings;
import io.gatehouse.dast.crawl.CrawlSettings;
import io.gatehouse.dast.crawl.InvalidOpenApiException;
import io.gatehouse.dast.crawl.OpenApiImport;
import io.gatehouse.dast.findings.Severity;
import io.gatehouse.dast.http.HttpSettings;
import io.gatehouse.dast.http.Scope;
import io.gatehouse.dast.http.TlsTrust;
import io.gatehouse.dast.report.ScanReport;
import io.gatehouse.dast.scan.ScanAccess;
import io.gatehouse.dast.scan.ScanConfig;
import io.gatehouse.dast.scan.ScanFailedException;
import io.gatehouse.dast.scan.Scanner;
import io.gatehouse.dast.triage.Baseline;
import io.gatehouse.dast.triage.InvalidTriageFileException;
import io.gatehouse.dast.triage.RulesFile;
import io.gatehouse.dast.triage.Triage;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gatehouse scan}: the dynamic application security scanner. */
@Command(
    name = "scan",
    mixinStandardHelpOptions = true,
    versionProvider = Gatehouse.Version.class,
    sortOptions = false,
    description = {
      "Scans a running web application for vulnerabilities (DAST).",
      "",
      "Crawls from URL (links, forms, robots.txt, sitemap.xml, and the operations of an"
          + " --openapi document), runs the passive checks on every page (security headers,"
          + " cookies, version and error disclosure, directory listings), probes for sensitive"
          + " files and permissive CORS, then attacks every input found: query and form fields,"
          + " multipart and JSON bodies, path segments, headers and cookies (reflected XSS, SQL"
          + " injection, path traversal, OS command injection, open redirect) unless"
          + " --passive-only.",
      "",
      "No request ever leaves the scope: URL's origin, plus --scope patterns, minus --exclude"
          + " patterns; redirects are followed hop by hop within it. See docs/dast.md.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  gatehouse scan https://staging.example.com --format sarif,html --output-dir reports",
      "  gatehouse scan http://localhost:8080 --passive-only --fail-on medium",
      "  gatehouse scan https://app.internal --ca-cert ca.pem --login-url https://app.internal/login"
          + " --login-field user=scanner --login-field-env password=SCAN_PASSWORD"
          + " --login-check 'Log out'",
      "  gatehouse scan https://app.example.com --header 'Authorization: Bearer $TOKEN'"
          + " --exclude '/logout' --format sarif:dast.sarif",
      "",
      "Progress goes to standard error: one line redrawn in place on a terminal, a plain line"
          + " every --progress-interval otherwise (--progress); a summary to standard output.",
      "When --max-duration runs out, or on Ctrl-C, the scan stops and still writes its reports,"
          + " marked partial.",
      "",
      "Exit codes: 0 no finding fails, 1 findings fail (at or above --fail-on, or set to fail by"
          + " --rules, and not in --baseline), 2 the scan could not run (target unreachable,"
          + " reports not written, bad command line, invalid rules file or baseline)."
    })
final class ScanCommand implements Callable<Integer> {
  /** An HTTP token (RFC 9110): a header or cookie name. */
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  /** A header value: visible characters, spaces and tabs, no line break or other control. */
  private static final Pattern FIELD_VALUE = Pattern.compile("[\\t\\x20-\\x7e\\x80-\\xff]*");

  /** A cookie value (RFC 6265 cookie-octet), optionally in double quotes. */
  private static final Pattern COOKIE_VALUE =
      Pattern.compile("\"?[\\x21\\x23-\\x2b\\x2d-\\x3a\\x3c-\\x5b\\x5d-\\x7e]*\"?");

  /** Headers the HTTP client sets itself and refuses from its caller. */
  private static final Set<String> RESTRICTED_HEADERS =
      Set.of("host", "content-length", "connection", "expect", "upgrade", "transfer-encoding");

  static final int EXIT_FINDINGS = 1;
  static final int EXIT_SCAN_FAILED = 2;

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "URL",
      description = "Where the scan starts (http or https).")
  String url;

  @Option(
      names = "--scope",
      paramLabel = "REGEX",
      description =
          "Further URLs the scan may request, each a regular expression matched against the whole"
              + " URL; repeatable. The target's own origin is always in scope.")
  List<String> scope = List.of();

  @Option(
      names = "--exclude",
      paramLabel = "REGEX",
      description =
          "URLs never requested, a regular expression found anywhere in the URL (for example"
              + " '/logout'); repeatable; wins over --scope.")
  List<String> exclude = List.of();

  @Option(
      names = "--max-duration",
      paramLabel = "DURATION",
      defaultValue = "10m",
      converter = DurationConverter.class,
      description = "Time limit of the whole scan: 30s, 10m, 1h (default: ${DEFAULT-VALUE}).")
  Duration maxDuration;

  @Option(
      names = "--rate",
      paramLabel = "N",
      defaultValue = "20",
      description = "Requests per second at most (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      defaultValue = "4",
      description = "Requests in flight at most (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(
      names = "--openapi",
      paramLabel = "FILE|URL",
      description =
          "An OpenAPI 3 document (JSON or YAML): its operations in scope are scanned too, with"
              + " their path, query, header and cookie parameters and JSON bodies. With"
              + " --max-depth 0, only they are (no link is followed).")
  String openApi;

  @Option(
      names = "--passive-only",
      description =
          "Send no attack payloads: crawl (without submitting POST forms), passive checks and"
              + " harmless probes only.")
  boolean passiveOnly;

  @Option(
      names = "--header",
      paramLabel = "'NAME: VALUE'",
      description = "A header sent with every request, for example for authentication; repeatable.")
  List<String> headers = List.of();

  @Option(
      names = "--cookie",
      paramLabel = "NAME=VALUE",
      description = "A cookie sent with every request; repeatable.")
  List<String> cookies = List.of();

  @Option(
      names = "--format",
      paramLabel = "FORMAT[:FILE]",
      split = ",",
      description =
          "Report formats: sarif, json, html, junit, markdown; several with commas or repeated."
              + " Each goes to its own file: FORMAT:FILE, or the format's default name in"
              + " --output-dir (gatehouse-dast.sarif, .json, .html, .junit.xml, .md).")
  List<String> formats = List.of();

  @Option(
      names = "--output-dir",
      paramLabel = "DIR",
      defaultValue = ".",
      description = "Where reports without a FILE go (default: the current directory).")
  Path outputDirectory;

  @Option(
      names = "--fail-on",
      paramLabel = "SEVERITY",
      defaultValue = "high",
      description =
          "Exit 1 when a finding has this severity or worse: high, medium, low, none (never)"
              + " (default: ${DEFAULT-VALUE}).")
  String failOn;

  @Option(
      names = "--rules",
      paramLabel = "FILE",
      description =
          "A YAML rules file setting rules to ignore, warn or fail, optionally for a URL regex"
              + " and with a justification (see docs/dast.md). Checked before the scan starts.")
  Path rulesFile;

  @Option(
      names = "--baseline",
      paramLabel = "REPORT",
      description =
          "A previous JSON report of gatehouse scan: only findings not in it fail the scan;"
              + " the others are reported as in the baseline.")
  Path baselineReport;

  @Option(
      names = "--max-pages",
      paramLabel = "N",
      defaultValue = "500",
      description = "Pages the crawler fetches at most (default: ${DEFAULT-VALUE}).")
  int maxPages;

  @Option(
      names = "--max-depth",
      paramLabel = "N",
      defaultValue = "10",
      description = "Links followed from URL at most (default: ${DEFAULT-VALUE}).")
  int maxDepth;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description = "Time limit of one request, body included (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--max-response-size",
      paramLabel = "BYTES",
      defaultValue = "2097152",
      description =
          "Bytes of a response body read at most; the rest is discarded (default: 2 MiB).")
  int maxResponseBytes;

  @Option(
      names = "--callback-url",
      paramLabel = "URL",
      description =
          "Where the target can reach the scan's out-of-band listener (SSRF, XXE): an http URL;"
              + " the listener binds every interface at its port. Default: loopback, which finds"
              + " only a target on this machine.")
  String callbackUrl;

  @Option(
      names = "--login-url",
      paramLabel = "URL",
      description =
          "A login page: the scan reads its form (hidden fields such as a CSRF token included),"
              + " fills in the --login-field values, submits it, keeps the session's cookies, and"
              + " logs in again when a response shows the session is lost. Needs --login-check.")
  String loginUrl;

  @Option(
      names = "--login-field",
      paramLabel = "NAME=VALUE",
      description = "A field of the login form and its value; repeatable.")
  List<String> loginFields = List.of();

  @Option(
      names = "--login-field-env",
      paramLabel = "NAME=VARIABLE",
      description =
          "A field of the login form whose value is the environment variable VARIABLE (for"
              + " passwords: never on the command line); repeatable.")
  List<String> loginFieldsFromEnv = List.of();

  @Option(
      names = "--login-check",
      paramLabel = "REGEX",
      description =
          "What a page shows once logged in (for example 'Log out'); the login fails (exit 2)"
              + " unless the page it leads to, or URL, shows it.")
  String loginCheck;

  @Option(
      names = "--logged-out-check",
      paramLabel = "REGEX",
      description =
          "What a page shows once the session is lost, besides a 401 or a redirect to the login"
              + " page (for example 'Please sign in'); the scan then logs in again.")
  String loggedOutCheck;

  @Option(
      names = "--ca-cert",
      paramLabel = "FILE",
      description =
          "Trust the CA certificates in FILE (PEM) for HTTPS targets instead of the JDK's trust"
              + " store, for a target with a private CA.")
  Path caCert;

  @Option(
      names = "--insecure",
      description =
          "Trust every HTTPS certificate and check no host name (a test system only; off by"
              + " default).")
  boolean insecure;

  @Option(
      names = "--progress",
      paramLabel = "MODE",
      description =
          "tty: one line redrawn in place; plain: a line every --progress-interval; none."
              + " Default: tty on a terminal, plain otherwise (CI logs).")
  String progressMode;

  @Option(
      names = "--progress-interval",
      paramLabel = "DURATION",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description = "How often a progress line goes to standard error (default: ${DEFAULT-VALUE}).")
  Duration progressInterval;

  private final CommandEnvironment environment;

  ScanCommand(CommandEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    ScanAccess access;
    try {
      access = access();
    } catch (IOException e) {
      err.println("scan: " + e.getMessage());
      err.flush();
      return EXIT_SCAN_FAILED;
    }
    ScanConfig config = config(access.tls());
    ScanProgressPrinter.Mode mode = progressMode();
    List<ScanOutputs.Output> outputs = ScanOutputs.parse(spec, formats, outputDirectory);
    Severity threshold = threshold();
    PrintWriter out = spec.commandLine().getOut();
    Triage triage;
    try {
      triage = triage(threshold);
    } catch (InvalidTriageFileException e) {
      err.println("scan: " + e.getMessage());
      err.flush();
      return EXIT_SCAN_FAILED;
    }
    Scanner scanner = Scanner.create(config, Clock.systemUTC(), access);
    Triage judged = triage;
    scanner.countInProgress(finding -> !judged.judge(finding).ignored());
    AtomicInteger exitCode = new AtomicInteger(EXIT_SCAN_FAILED);
    CountDownLatch finished = new CountDownLatch(1);
    ScanProgressPrinter progress =
        ScanProgressPrinter.start(mode, scanner::progress, err, progressInterval);
    Thread hook =
        new Thread(
            () -> onSignal(scanner, progress, finished, exitCode, err), "gatehouse-scan-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      ScanReport report = scanner.run().withTriage(triage);
      progress.close();
      for (String broken : scanner.checkErrors()) {
        err.println(
            "scan: a check broke, so what it tests is untested (please report it): " + broken);
      }
      exitCode.set(finish(report, outputs, out, err));
    } catch (ScanFailedException e) {
      progress.close();
      err.println("scan: " + e.getMessage());
      exitCode.set(EXIT_SCAN_FAILED);
    } finally {
      progress.close();
      finished.countDown();
      removeHook(hook);
    }
    return exitCode.get();
  }

  /** The TLS trust and the login form, read and checked before anything is sent. */
  private ScanAccess access() throws IOException {
    if (insecure && caCert != null) {
      throw new ParameterException(
          spec.commandLine(), "--insecure and --ca-cert exclude each other");
    }
    Optional<SSLContext> tls =
        insecure
            ? Optional.of(TlsTrust.insecure())
            : caCert == null ? Optional.empty() : Optional.of(TlsTrust.trusting(caCert));
    return new ScanAccess(tls, loginForm());
  }

  private Optional<LoginForm> loginForm() {
    boolean anyField = !loginFields.isEmpty() || !loginFieldsFromEnv.isEmpty();
    if (loginUrl == null) {
      if (anyField || loginCheck != null || loggedOutCheck != null) {
        throw new ParameterException(
            spec.commandLine(),
            "--login-field, --login-field-env, --login-check and --logged-out-check need"
                + " --login-url");
      }
      return Optional.empty();
    }
    if (!anyField || loginCheck == null) {
      throw new ParameterException(
          spec.commandLine(),
          "--login-url needs at least one --login-field or --login-field-env, and --login-check");
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (String field : loginFields) {
      String[] pair = nameAndValue("--login-field", field);
      fields.put(pair[0], pair[1]);
    }
    for (String field : loginFieldsFromEnv) {
      String[] pair = nameAndValue("--login-field-env", field);
      String value = environment.variables().get(pair[1]);
      if (value == null) {
        throw new ParameterException(
            spec.commandLine(),
            "--login-field-env "
                + pair[0]
                + ": the environment variable "
                + pair[1]
                + " is not set");
      }
      fields.put(pair[0], value);
    }
    URI url = ScanOutputs.targetOf(spec, loginUrl);
    return Optional.of(
        new LoginForm(
            url,
            fields,
            pattern("--login-check", loginCheck),
            Optional.ofNullable(loggedOutCheck).map(p -> pattern("--logged-out-check", p))));
  }

  private String[] nameAndValue(String option, String text) {
    int eq = text.indexOf('=');
    if (eq <= 0) {
      throw new ParameterException(spec.commandLine(), option + " must be NAME=VALUE");
    }
    return new String[] {text.substring(0, eq), text.substring(eq + 1)};
  }

  private Pattern pattern(String option, String regex) {
    return patterns(option, List.of(regex)).getFirst();
  }

  /**
   * Whether the console is an interactive terminal: on Java 22 and later a console exists even when
   * the output is redirected, and {@code Console.isTerminal()} (not in the Java 21 API this builds
   * against) says which.
   */
  private static boolean isTerminal(Console console) {
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException | ClassCastException e) {
      return true;
    }
  }

  @SuppressWarnings("SystemConsoleNull")
  private ScanProgressPrinter.Mode progressMode() {
    if (progressMode == null) {
      Console console = System.console();
      return console != null && isTerminal(console)
          ? ScanProgressPrinter.Mode.TTY
          : ScanProgressPrinter.Mode.PLAIN;
    }
    return switch (progressMode.strip().toLowerCase(Locale.ROOT)) {
      case "tty" -> ScanProgressPrinter.Mode.TTY;
      case "plain" -> ScanProgressPrinter.Mode.PLAIN;
      case "none" -> ScanProgressPrinter.Mode.NONE;
      default ->
          throw new ParameterException(
              spec.commandLine(),
              "--progress must be tty, plain or none, got '" + progressMode + "'");
    };
  }

  private static int finish(
      ScanReport report, List<ScanOutputs.Output> outputs, PrintWriter out, PrintWriter err) {
    ScanSummary.print(report, out);
    if (!ScanOutputs.write(report, outputs, err)) {
      return EXIT_SCAN_FAILED;
    }
    return report.failing().isEmpty() ? 0 : EXIT_FINDINGS;
  }

  /** The threshold, the rules file and the baseline, read and checked before anything is sent. */
  private Triage triage(Severity threshold) throws InvalidTriageFileException {
    RulesFile rules = rulesFile == null ? RulesFile.none() : RulesFile.load(rulesFile);
    Baseline baseline = baselineReport == null ? Baseline.none() : Baseline.load(baselineReport);
    return Triage.of(Optional.ofNullable(threshold), rules, baseline);
  }

  /**
   * Ctrl-C or SIGTERM: stop the scan, let the main thread write the reports, exit with its code.
   */
  private static void onSignal(
      Scanner scanner,
      ScanProgressPrinter progress,
      CountDownLatch finished,
      AtomicInteger exitCode,
      PrintWriter err) {
    progress.close();
    err.println("scan: stopping (interrupted); writing a partial report");
    err.flush();
    scanner.stop("interrupted");
    try {
      finished.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    err.flush();
    Runtime.getRuntime().halt(exitCode.get());
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook runs and exits with the code
    }
  }

  private ScanConfig config(Optional<SSLContext> tls) {
    URI target = ScanOutputs.targetOf(spec, url);
    Scope scanScope = Scope.of(target, patterns("--scope", scope), patterns("--exclude", exclude));
    try {
      HttpSettings http =
          new HttpSettings(
              scanScope, rate, concurrency, timeout, maxResponseBytes, 10, requestHeaders());
      CrawlSettings crawl =
          withOpenApi(new CrawlSettings(maxDepth, maxPages, 20, !passiveOnly), target, http, tls);
      ScanConfig config = new ScanConfig(target, http, crawl, maxDuration, passiveOnly);
      return callbackUrl == null
          ? config
          : config.withCallbacks(CallbackSettings.reachableAt(callbackUri()));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  /** {@code crawl} with the operations of the --openapi document, if any, as seeds. */
  private CrawlSettings withOpenApi(
      CrawlSettings crawl, URI target, HttpSettings http, Optional<SSLContext> tls) {
    if (openApi == null) {
      return crawl;
    }
    try {
      OpenApiImport.Result result =
          OpenApiImport.load(openApi, target, http.scope(), timeout, http.headers(), tls);
      PrintWriter err = spec.commandLine().getErr();
      result.notes().forEach(note -> err.println("scan: openapi: " + note));
      err.println("scan: openapi: " + result.endpoints().size() + " operation(s) imported");
      return crawl.withSeeds(result.endpoints());
    } catch (InvalidOpenApiException e) {
      throw new ParameterException(spec.commandLine(), "--openapi " + e.getMessage(), e);
    }
  }

  private URI callbackUri() {
    try {
      return new URI(callbackUrl.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("--callback-url is not a URL: " + e.getReason(), e);
    }
  }

  private List<Pattern> patterns(String option, List<String> regexes) {
    try {
      return regexes.stream().map(Pattern::compile).toList();
    } catch (PatternSyntaxException e) {
      throw new ParameterException(
          spec.commandLine(), option + " is not a regular expression: " + e.getDescription(), e);
    }
  }

  private Map<String, String> requestHeaders() {
    Map<String, String> result = new LinkedHashMap<>();
    for (String header : headers) {
      int colon = header.indexOf(':');
      String name = colon <= 0 ? "" : header.substring(0, colon).strip();
      if (!TOKEN.matcher(name).matches()) {
        throw new ParameterException(
            spec.commandLine(), "--header must be 'NAME: VALUE', got a value without a name");
      }
      if (RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        throw new ParameterException(
            spec.commandLine(),
            "--header cannot set " + name + ": the scanner sets it for each request itself");
      }
      String value = header.substring(colon + 1);
      if (!FIELD_VALUE.matcher(value).matches()) {
        // The value may be a credential: name the header, never echo the value.
        throw new ParameterException(
            spec.commandLine(),
            "--header "
                + name
                + ": the value has a control character (a line break?); a header value is one"
                + " line of printable text");
      }
      result.put(name, value.strip());
    }
    for (String cookie : cookies) {
      int equals = cookie.indexOf('=');
      if (equals <= 0
          || !TOKEN.matcher(cookie.substring(0, equals)).matches()
          || !COOKIE_VALUE.matcher(cookie.substring(equals + 1)).matches()) {
        throw new ParameterException(
            spec.commandLine(),
            "--cookie must be NAME=VALUE: a name of letters, digits and !#$%&'*+.^_`|~-, and a"
                + " value without spaces, quotes, commas, semicolons, backslashes or control"
                + " characters");
      }
    }
    if (!cookies.isEmpty()) {
      result.merge("Cookie", String.join("; ", cookies), (a, b) -> a + "; " + b);
    }
    return result;
  }

  /** The severity that fails the scan, or null for none. */
  private Severity threshold() {
    String value = failOn.strip().toLowerCase(Locale.ROOT);
    return switch (value) {
      case "high" -> Severity.HIGH;
      case "medium" -> Severity.MEDIUM;
      case "low" -> Severity.LOW;
      case "none" -> null;
      default ->
          throw new ParameterException(
              spec.commandLine(),
              "--fail-on must be high, medium, low or none, got '" + failOn + "'");
    };
  }
}
