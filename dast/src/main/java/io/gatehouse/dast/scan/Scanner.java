package io.gatehouse.dast.scan;

import io.gatehouse.dast.auth.FormLogin;
import io.gatehouse.dast.checks.ActiveCheck;
import io.gatehouse.dast.checks.CallbackListener;
import io.gatehouse.dast.checks.Checks;
import io.gatehouse.dast.checks.InjectionPoint;
import io.gatehouse.dast.checks.PassiveCheck;
import io.gatehouse.dast.checks.ProbeCheck;
import io.gatehouse.dast.checks.SiteCheck;
import io.gatehouse.dast.crawl.CrawlResult;
import io.gatehouse.dast.crawl.Crawler;
import io.gatehouse.dast.crawl.Endpoint;
import io.gatehouse.dast.crawl.Parameter;
import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Findings;
import io.gatehouse.dast.http.Request;
import io.gatehouse.dast.http.Response;
import io.gatehouse.dast.http.ScanHttpClient;
import io.gatehouse.dast.http.ScanStoppedException;
import io.gatehouse.dast.report.ScanReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * Runs a scan: crawl (with the passive checks on every page), probes, then every active check on
 * every parameter found. The time limit and {@link #stop} end it early with a partial report; a
 * target that does not answer at all fails it.
 */
public final class Scanner {
  /** How many broken checks are kept with their detail; the rest are counted. */
  private static final int KEPT_CHECK_ERRORS = 20;

  /** The stop reason when the time limit is reached. */
  public static final String TIME_LIMIT = "time limit reached";

  private final ScanConfig config;
  private final Clock clock;
  private final ScanHttpClient client;
  private final List<PassiveCheck> passive;
  private final List<ActiveCheck> active;
  private final Findings findings = new Findings();
  private final AtomicReference<String> phase = new AtomicReference<>("starting");
  private final AtomicInteger pages = new AtomicInteger();
  private final AtomicInteger checksDone = new AtomicInteger();
  private final AtomicInteger checksTotal = new AtomicInteger();
  private final Set<String> tested = ConcurrentHashMap.newKeySet();
  private final Object brokenLock = new Object();
  private int brokenCount;
  private String firstBroken;
  private final List<String> brokenDetails = new ArrayList<>();
  private volatile Instant started;
  private volatile Predicate<Finding> progressCounts = finding -> true;

  private final ScanAccess access;

  private Scanner(
      ScanConfig config,
      Clock clock,
      ScanAccess access,
      List<PassiveCheck> passive,
      List<ActiveCheck> active) {
    this.config = config;
    this.passive = List.copyOf(passive);
    this.active = List.copyOf(active);
    this.clock = clock;
    this.access = access;
    this.client = ScanHttpClient.create(config.http(), access.tls());
    this.started = clock.instant();
  }

  /** A scanner for {@code config}; {@code clock} stamps the report. */
  public static Scanner create(ScanConfig config, Clock clock) {
    return create(config, clock, ScanAccess.none());
  }

  /** A scanner that trusts and logs in as {@code access} says. */
  public static Scanner create(ScanConfig config, Clock clock, ScanAccess access) {
    return new Scanner(config, clock, access, Checks.passive(), Checks.active());
  }

  /** A scanner with other passive and active checks than the built-in ones (tests). */
  static Scanner create(
      ScanConfig config, Clock clock, List<PassiveCheck> passive, List<ActiveCheck> active) {
    return new Scanner(config, clock, ScanAccess.none(), passive, active);
  }

  /**
   * Runs the scan to its end, its time limit or {@link #stop}.
   *
   * @throws ScanFailedException when the target cannot be reached at all
   */
  public ScanReport run() throws ScanFailedException {
    started = clock.instant();
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> Thread.ofPlatform().daemon().name("scan-time-limit").unstarted(runnable));
    Optional<CallbackListener> callbacks = Optional.empty();
    try (client) {
      // Bound first: a scan asked to confirm SSRF and XXE out of band fails rather than skip them.
      callbacks = startCallbacks();
      var unused =
          timer.schedule(
              () -> stop(TIME_LIMIT), config.maxDuration().toMillis(), TimeUnit.MILLISECONDS);
      logIn();
      checkReachable();
      phase.set("crawl");
      CrawlResult crawl =
          Crawler.create(client, config.crawl(), this::inspect).crawl(config.target());
      phase.set("probe");
      Checks.probes().forEach(p -> probe(p, crawl));
      List<InjectionPoint> points = injectionPoints(crawl.endpoints());
      if (!config.passiveOnly()) {
        phase.set("active");
        runActive(points, callbacks);
        phase.set("site");
        Checks.site().forEach(check -> runSite(check, crawl, points));
        callbacks.ifPresent(listener -> findings.addAll(listener.lateFindings()));
      }
      phase.set("done");
      return report(crawl);
    } finally {
      callbacks.ifPresent(CallbackListener::close);
      timer.shutdownNow();
    }
  }

  private void logIn() throws ScanFailedException {
    if (access.login().isEmpty()) {
      return;
    }
    phase.set("login");
    try {
      FormLogin.start(access.login().get(), client, config.target());
    } catch (ScanStoppedException e) {
      // stopped before it started: the report says so
    } catch (IOException e) {
      throw new ScanFailedException("the scan could not log in: " + e.getMessage(), e);
    }
  }

  private void checkReachable() throws ScanFailedException {
    try {
      client.send(Request.get(config.target()));
    } catch (ScanStoppedException e) {
      // stopped before it started: the report says so
    } catch (IOException e) {
      throw new ScanFailedException(
          "the target " + config.target() + " does not answer: " + e.getMessage(), e);
    }
  }

  private void inspect(Response response) {
    pages.incrementAndGet();
    for (PassiveCheck check : passive) {
      try {
        findings.addAll(check.inspect(response));
      } catch (RuntimeException e) {
        failed(check.getClass().getSimpleName() + " on " + response.uri(), e);
      }
    }
  }

  private void probe(ProbeCheck check, CrawlResult crawl) {
    try {
      if (client.stopReason().isEmpty()) {
        findings.addAll(check.probe(config.target(), crawl.pages(), client));
      }
    } catch (RuntimeException e) {
      failed(check.getClass().getSimpleName(), e);
    }
  }

  /**
   * A check that broke (a defect, not the target's doing) leaves what it tests untested: the scan
   * goes on with the other checks, and its report is marked partial, saying which check broke.
   */
  private void failed(String check, RuntimeException e) {
    synchronized (brokenLock) {
      brokenCount++;
      if (firstBroken == null) {
        firstBroken = check + ": " + e.getClass().getSimpleName();
      }
      if (brokenDetails.size() < KEPT_CHECK_ERRORS) {
        brokenDetails.add(check + ": " + stackTrace(e));
      }
    }
  }

  private static String stackTrace(Throwable e) {
    StringWriter text = new StringWriter();
    e.printStackTrace(new PrintWriter(text));
    return text.toString().strip();
  }

  /**
   * The checks that broke during the scan, each with its stack trace (the first {@value
   * #KEPT_CHECK_ERRORS}), for the log or standard error: a defect worth reporting.
   */
  public List<String> checkErrors() {
    synchronized (brokenLock) {
      List<String> details = new ArrayList<>(brokenDetails);
      if (brokenCount > details.size()) {
        details.add((brokenCount - details.size()) + " more broke the same way or another");
      }
      return List.copyOf(details);
    }
  }

  private static List<InjectionPoint> injectionPoints(List<Endpoint> endpoints) {
    List<InjectionPoint> points = new ArrayList<>();
    for (Endpoint endpoint : endpoints) {
      for (Parameter parameter : endpoint.parameters()) {
        points.add(new InjectionPoint(endpoint, parameter));
      }
    }
    return points;
  }

  private void runActive(List<InjectionPoint> points, Optional<CallbackListener> callbacks) {
    List<ActiveCheck> checks = new ArrayList<>(active);
    callbacks.ifPresent(listener -> checks.addAll(Checks.outOfBand(listener)));
    checksTotal.set(points.size() * checks.size() + Checks.site().size());
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (InjectionPoint point : points) {
        for (ActiveCheck check : checks) {
          executor.execute(() -> runCheck(check, point));
        }
      }
    }
  }

  /**
   * The out-of-band listener, or none when the scan has none or sends no attacks.
   *
   * @throws ScanFailedException when its address cannot be bound
   */
  private Optional<CallbackListener> startCallbacks() throws ScanFailedException {
    if (!config.callbacks().enabled() || config.passiveOnly()) {
      return Optional.empty();
    }
    try {
      return Optional.of(CallbackListener.start(config.callbacks()));
    } catch (IOException e) {
      throw new ScanFailedException(
          "the callback listener for out-of-band checks (SSRF, XXE) cannot listen on "
              + config.callbacks().bind()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private void runSite(SiteCheck check, CrawlResult crawl, List<InjectionPoint> points) {
    try {
      if (client.stopReason().isEmpty()) {
        findings.addAll(check.run(config.target(), crawl.pages(), points, client));
      }
    } catch (RuntimeException e) {
      failed(check.getClass().getSimpleName(), e);
    } finally {
      checksDone.incrementAndGet();
    }
  }

  private void runCheck(ActiveCheck check, InjectionPoint point) {
    try {
      if (client.stopReason().isEmpty()
          && !findings.contains(
              check.rule().id(), point.endpoint().url().toString(), point.parameter().label())) {
        check.test(point, client).ifPresent(findings::add);
        tested.add(point.endpoint().key() + "\n" + point.parameter());
      }
    } catch (IOException e) {
      // untested: the target failed to answer, or the scan stopped
    } catch (RuntimeException e) {
      failed(
          check.rule().id() + " at " + point.endpoint().url() + " " + point.parameter().label(), e);
    } finally {
      checksDone.incrementAndGet();
    }
  }

  /** The failed checks, in a few words (a stop reason is at most 200 characters), or nothing. */
  private String brokenChecks() {
    synchronized (brokenLock) {
      if (brokenCount == 0) {
        return "";
      }
      String first = firstBroken.length() > 110 ? firstBroken.substring(0, 109) + "…" : firstBroken;
      return brokenCount == 1
          ? "a check failed with an error (" + first + ")"
          : brokenCount + " checks failed with an error (first: " + first + ")";
    }
  }

  private ScanReport report(CrawlResult crawl) {
    Optional<String> stopReason = client.stopReason().filter(reason -> !reason.equals("closed"));
    String broken = brokenChecks();
    if (!broken.isEmpty()) {
      stopReason = Optional.of(stopReason.map(reason -> reason + "; ").orElse("") + broken);
    }
    return new ScanReport(
        config.target().toString(),
        started,
        clock.instant(),
        stopReason,
        new ScanReport.Stats(
            crawl.pages().size(),
            crawl.endpoints().size(),
            tested.size(),
            client.requestsSent(),
            client.requestsRefused()),
        findings.sorted());
  }

  /** Stops the scan: no request is sent after this, and {@link #run} returns a partial report. */
  public void stop(String reason) {
    client.stop(reason);
  }

  /**
   * Which findings the progress counts: all by default; a command with a rules file counts only
   * those it does not ignore, as its summary does.
   */
  public void countInProgress(Predicate<Finding> which) {
    this.progressCounts = Objects.requireNonNull(which);
  }

  /** A snapshot of the scan's progress; callable from any thread. */
  public ScanProgress progress() {
    Duration elapsed = Duration.between(started, clock.instant());
    return new ScanProgress(
        phase.get(),
        pages.get(),
        client.requestsSent(),
        checksDone.get(),
        checksTotal.get(),
        findings.countBySeverity(progressCounts),
        elapsed,
        config.maxDuration().minus(elapsed));
  }
}
