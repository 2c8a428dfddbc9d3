package io.gatehouse.deploy.deployment;

import io.gatehouse.deploy.gate.Gate;
import io.gatehouse.deploy.gate.GateContext;
import io.gatehouse.deploy.gate.GateDeployment;
import io.gatehouse.deploy.gate.GateOutcome;
import io.gatehouse.deploy.project.GateSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background worker that moves waiting deployments on: it claims due deployments with a lease
 * (a conditional update, so two replicas never process the same one), evaluates due gate rounds
 * outside any transaction, and applies the outcome in a transaction that checks the deployment's
 * version. Everything it needs is stored on the deployment, so a restart resumes where it stopped.
 */
public final class DeploymentProcessor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DeploymentProcessor.class);
  private static final int BATCH = 100;

  private final DeploymentService service;
  private final Function<GateSpec, Gate> gates;
  private final Duration interval;
  private final Duration lease;
  private final String owner;
  private final Semaphore nudges = new Semaphore(0);
  private volatile boolean running;
  private Thread thread;

  private DeploymentProcessor(
      DeploymentService service,
      Function<GateSpec, Gate> gates,
      Duration interval,
      Duration lease) {
    this.service = service;
    this.gates = gates;
    this.interval = interval;
    this.lease = lease;
    this.owner = "processor-" + UUID.randomUUID().toString().substring(0, 18);
  }

  /**
   * A processor that is not running yet; {@link #start()} runs it in the background, or tests call
   * {@link #runOnce()}.
   *
   * @param gates builds the gate of a declaration
   * @param interval how often it looks for due deployments when nothing wakes it earlier
   * @param lease how long it may hold a deployment before another replica may take it over
   */
  public static DeploymentProcessor create(
      DeploymentService service,
      Function<GateSpec, Gate> gates,
      Duration interval,
      Duration lease) {
    DeploymentProcessor processor = new DeploymentProcessor(service, gates, interval, lease);
    service.onProcessorNudge(processor::nudge);
    return processor;
  }

  /** Starts the background thread. */
  public synchronized DeploymentProcessor start() {
    if (thread == null) {
      running = true;
      thread = Thread.ofVirtual().name("deployment-processor").start(this::loop);
    }
    return this;
  }

  /** Wakes the processor at once, e.g. after a lock was released. */
  public void nudge() {
    nudges.release();
  }

  private void loop() {
    while (running) {
      try {
        if (runOnce() >= BATCH) {
          continue;
        }
      } catch (RuntimeException e) {
        log.warn("deployment processing failed, retrying in {}: {}", interval, e.toString());
      }
      try {
        nudges.tryAcquire(interval.toMillis(), TimeUnit.MILLISECONDS);
        nudges.drainPermits();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Processes every deployment due now that no other replica holds.
   *
   * @return how many deployments this call processed
   */
  public int runOnce() {
    Instant now = now();
    List<Long> due = service.jdbi().withHandle(h -> DeploymentStore.due(h, now, BATCH));
    int processed = 0;
    for (long id : due) {
      boolean claimed =
          service.jdbi().withHandle(h -> DeploymentStore.claim(h, id, owner, now, now.plus(lease)));
      if (claimed) {
        process(id);
        processed++;
      }
    }
    return processed;
  }

  private void process(long id) {
    try {
      Optional<DeploymentRow> read = service.jdbi().withHandle(h -> DeploymentStore.read(h, id));
      if (read.isEmpty()) {
        return;
      }
      DeploymentRow row = read.get();
      int version = row.version;
      boolean met = DeploymentViews.quorum(row).met();
      Instant now = now();
      Optional<List<Deployment.GateStatus>> results = Optional.empty();
      if (RuleProgress.advance(row, met, now) == RuleProgress.Phase.GATES_DUE) {
        results = Optional.of(evaluate(row, now));
      }
      service.applyProcessed(id, version, results, owner);
    } catch (RuntimeException e) {
      service.jdbi().useHandle(h -> DeploymentStore.release(h, id, owner));
      throw e;
    }
  }

  private List<Deployment.GateStatus> evaluate(DeploymentRow row, Instant now) {
    GateDeployment deployment =
        new GateDeployment(
            row.id,
            row.project,
            row.environment,
            row.ref,
            row.sha,
            row.images,
            row.requester,
            row.description,
            row.payload,
            row.createdAt);
    List<Deployment.GateStatus> results = new ArrayList<>();
    for (GateSpec spec : row.rules.gates()) {
      GateOutcome outcome =
          evaluate(spec, new GateContext(deployment, row.projectId, spec, row.gateRound + 1, now));
      results.add(
          new Deployment.GateStatus(
              spec.name(),
              spec.type(),
              outcome.status().name().toLowerCase(Locale.ROOT),
              outcome.detail(),
              now()));
    }
    return results;
  }

  private GateOutcome evaluate(GateSpec spec, GateContext context) {
    try {
      return gates.apply(spec).evaluate(context);
    } catch (RuntimeException e) {
      log.warn(
          "gate {} of deployment {} failed to evaluate", spec.name(), context.deployment().id(), e);
      return GateOutcome.fail("the gate could not be evaluated: " + e.getClass().getSimpleName());
    }
  }

  private Instant now() {
    return service.clock().instant().truncatedTo(ChronoUnit.MICROS);
  }

  /** Stops the background thread, letting the deployment in hand finish. */
  @Override
  public void close() {
    Thread stopping;
    synchronized (this) {
      running = false;
      stopping = thread;
      thread = null;
    }
    if (stopping != null) {
      nudge();
      try {
        stopping.join(Duration.ofSeconds(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
