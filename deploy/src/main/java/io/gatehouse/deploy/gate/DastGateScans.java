package io.gatehouse.deploy.gate;

import io.gatehouse.dast.crawl.CrawlSettings;
import io.gatehouse.dast.http.HttpSettings;
import io.gatehouse.dast.http.Scope;
import io.gatehouse.dast.report.ScanReport;
import io.gatehouse.dast.scan.ScanAccess;
import io.gatehouse.dast.scan.ScanConfig;
import io.gatehouse.dast.scan.ScanFailedException;
import io.gatehouse.dast.scan.ScanProgress;
import io.gatehouse.dast.scan.Scanner;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scans of {@code dast} gates in scan mode, run on background threads of this server, off the
 * gate's evaluation and off any database transaction. At most {@link #MAX_RUNNING} run at once per
 * server; each is bounded by its gate's {@code maxDuration}. When the server stops, running scans
 * are stopped and recorded as cut off, so that the next evaluation scans again.
 */
final class DastGateScans implements AutoCloseable {
  /** The most scans one server runs at once. */
  static final int MAX_RUNNING = 2;

  /** How long past its time limit a scan's row counts as running before it is abandoned. */
  static final Duration LEASE_GRACE = Duration.ofMinutes(2);

  private static final Logger log = LoggerFactory.getLogger(DastGateScans.class);

  private final DastGateResults results;
  private final Clock clock;
  private final GateSecrets secrets;
  private final Semaphore slots = new Semaphore(MAX_RUNNING);
  private final Map<Long, Scanner> running = new ConcurrentHashMap<>();
  private final ExecutorService executor =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("dast-gate-scan-", 0).factory());
  private volatile boolean closing;

  DastGateScans(DastGateResults results, Clock clock, GateSecrets secrets) {
    this.results = results;
    this.clock = clock;
    this.secrets = secrets;
  }

  /**
   * Starts a scan of {@code target} for this deployment's gate unless one is running: the gate is
   * pending until it ends.
   */
  GateOutcome start(GateContext context, String gate, URI target, DastGate.Settings settings) {
    if (closing) {
      return GateOutcome.pending("the server is stopping; the scan starts on the next evaluation");
    }
    ScanConfig config;
    ScanAccess access;
    try {
      Function<String, Optional<String>> secret =
          name -> secrets.secret(context.projectId(), context.deployment(), name);
      config = config(target, settings, secret);
      access = settings.access().scanAccess(target, secret);
    } catch (IllegalArgumentException e) {
      return GateOutcome.fail("the scan cannot start: " + Parameters.shown(e.getMessage(), 300));
    }
    if (!slots.tryAcquire()) {
      return GateOutcome.pending(
          "waiting for a free scan slot (" + MAX_RUNNING + " scans run on this server)");
    }
    long deployment = context.deployment().id();
    Optional<Long> id;
    try {
      id =
          results.start(
              deployment,
              gate,
              HttpGate.target(target),
              clock.instant(),
              clock.instant().plus(settings.maxDuration()).plus(LEASE_GRACE));
    } catch (RuntimeException e) {
      slots.release();
      throw e;
    }
    if (id.isEmpty()) {
      slots.release();
      return GateOutcome.pending("a scan of " + HttpGate.target(target) + " is running");
    }
    Scanner scanner = Scanner.create(config, clock, access);
    running.put(id.get(), scanner);
    executor.execute(() -> run(id.get(), deployment, gate, scanner, settings));
    log.info("dast gate {} of deployment {}: scan {} started", gate, deployment, id.get());
    return GateOutcome.pending(
        "scan of "
            + HttpGate.target(target)
            + " started (at most "
            + Parameters.format(settings.maxDuration())
            + ")");
  }

  /** What a running scan is doing, for the pending gate's detail. */
  String describeRunning(DastGateResults.Stored stored) {
    Scanner scanner = running.get(stored.id());
    if (scanner == null) {
      return stored.detail() + " (since " + stored.startedAt() + ")";
    }
    ScanProgress p = scanner.progress();
    return stored.detail()
        + ": "
        + p.phase()
        + ", "
        + p.pages()
        + " pages, "
        + p.requests()
        + " requests, checks "
        + p.checksDone()
        + "/"
        + p.checksTotal()
        + ", "
        + Math.max(0, p.remaining().toSeconds())
        + " s left";
  }

  private void run(
      long id, long deployment, String gate, Scanner scanner, DastGate.Settings settings) {
    try {
      ScanReport report = scanner.run();
      for (String broken : scanner.checkErrors()) {
        log.warn(
            "dast gate {} of deployment {}: a check broke, so what it tests is untested: {}",
            gate,
            deployment,
            broken);
      }
      if (closing) {
        results.error(id, deployment, "the scan was cut off: the server stopped", clock.instant());
        return;
      }
      DastGateResults.Judged judged = DastGateResults.judge(report, settings);
      results.finish(id, deployment, judged, clock.instant());
      log.info(
          "dast gate {} of deployment {}: scan {} {}",
          gate,
          deployment,
          id,
          judged.pass() ? "passed" : "failed");
    } catch (ScanFailedException e) {
      results.error(id, deployment, "the scan could not run: " + e.getMessage(), clock.instant());
    } catch (RuntimeException e) {
      log.error("dast gate {} of deployment {}: scan {} failed", gate, deployment, id, e);
      results.error(
          id, deployment, "the scan failed: " + e.getClass().getSimpleName(), clock.instant());
    } finally {
      running.remove(id);
      slots.release();
    }
  }

  private static ScanConfig config(
      URI target, DastGate.Settings settings, Function<String, Optional<String>> secrets) {
    Scope scope = Scope.of(target, List.of(), settings.excludes());
    Map<String, String> headers = new LinkedHashMap<>(settings.resolvedHeaders(secrets));
    settings.access().cookieHeader(secrets).ifPresent(cookies -> headers.put("Cookie", cookies));
    HttpSettings http =
        HttpSettings.defaults(scope)
            .withLimits(settings.rate(), settings.concurrency())
            .withHeaders(headers);
    CrawlSettings crawl = new CrawlSettings(10, settings.maxPages(), 20, !settings.passiveOnly());
    return new ScanConfig(target, http, crawl, settings.maxDuration(), settings.passiveOnly())
        .withCallbacks(settings.access().callbacks());
  }

  /** Stops the running scans and waits a little for them to record that they were cut off. */
  @Override
  public void close() {
    closing = true;
    running.values().forEach(s -> s.stop("the server is stopping"));
    executor.shutdown();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
