package io.gatehouse.deploy.deployment;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Wakes the listeners of a deployment's events as soon as a transaction that added events commits
 * in this process. Listeners re-read the events from the database, so a lost wake-up costs only
 * latency, and changes made by other replicas are found by their periodic re-read.
 */
final class DeploymentEventBus {
  private final ConcurrentHashMap<Long, Set<Listener>> listeners = new ConcurrentHashMap<>();

  /** Starts listening to a deployment; subscribe before reading, so no event slips between. */
  Listener subscribe(long deploymentId) {
    Listener listener = new Listener(deploymentId);
    listeners.computeIfAbsent(deploymentId, id -> ConcurrentHashMap.newKeySet()).add(listener);
    return listener;
  }

  /** Wakes every listener of the deployment. */
  void publish(long deploymentId) {
    Set<Listener> set = listeners.get(deploymentId);
    if (set != null) {
      set.forEach(Listener::signal);
    }
  }

  /** One listener; close it when done. */
  final class Listener implements AutoCloseable {
    private final long deploymentId;
    private final Semaphore signals = new Semaphore(0);

    private Listener(long deploymentId) {
      this.deploymentId = deploymentId;
    }

    private void signal() {
      signals.release();
    }

    /**
     * Waits until the deployment has news or {@code timeout} passes.
     *
     * @return whether news arrived
     */
    boolean await(Duration timeout) throws InterruptedException {
      boolean signalled =
          signals.tryAcquire(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
      signals.drainPermits();
      return signalled;
    }

    @Override
    public void close() {
      listeners.computeIfPresent(
          deploymentId,
          (id, set) -> {
            set.remove(this);
            return set.isEmpty() ? null : set;
          });
    }
  }
}
