package io.gatehouse.images.admission;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Namespace labels read from the Kubernetes API, the way Kyverno and Gatekeeper read them: a shared
 * informer lists and watches Namespaces and keeps their labels in memory, so that a review never
 * waits on the API server for a namespace the informer has seen.
 *
 * <p>A namespace the informer has not seen yet (created a moment ago) is read once directly, within
 * one second, and its labels are cached. If that read fails, or finds no such namespace, the labels
 * are unknown, so that a policy with label selectors denies the review (fail closed); such a miss
 * is remembered for a few seconds, so that reviews naming made-up namespaces cannot flood the API
 * server.
 *
 * <p>The service account needs {@code get}, {@code list} and {@code watch} on {@code namespaces}.
 * The informer retries a failed list or watch (a missing permission, an API server restart) with a
 * back-off, and keeps answering from what it last saw meanwhile.
 */
public final class KubernetesNamespaceLabels implements NamespaceLabels, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KubernetesNamespaceLabels.class);

  /** The bound on a direct read of one namespace, on the request path. */
  static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(1);

  /** How long a namespace that could not be read is not asked for again. */
  static final Duration MISS_TTL = Duration.ofSeconds(5);

  /** How often the informer replays its whole cache to the handler, which heals any drift. */
  private static final Duration RESYNC = Duration.ofMinutes(10);

  private static final int MAX_CONCURRENT_LOOKUPS = 4;
  private static final int MAX_REMEMBERED_MISSES = 1_000;

  /** A namespace name (an RFC 1123 label); anything else is never sent to the API server. */
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  private final ConcurrentHashMap<String, Map<String, String>> labelsByNamespace =
      new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Instant> misses = new ConcurrentHashMap<>();
  private final SharedIndexInformer<Namespace> informer;
  private final KubernetesClient lookups;
  private final ExecutorService lookupThreads = Executors.newVirtualThreadPerTaskExecutor();
  private final Semaphore lookupPermits = new Semaphore(MAX_CONCURRENT_LOOKUPS);
  private final Clock clock;
  private volatile boolean synced;

  private KubernetesNamespaceLabels(KubernetesClient client, Clock clock) {
    this.clock = clock;
    this.lookups =
        client
            .newClient(
                new RequestConfigBuilder(client.getConfiguration().getRequestConfig())
                    .withRequestTimeout(Math.toIntExact(LOOKUP_TIMEOUT.toMillis()))
                    .withRequestRetryBackoffLimit(0)
                    .build())
            .adapt(KubernetesClient.class);
    this.informer = client.namespaces().runnableInformer(RESYNC.toMillis());
    informer.addEventHandler(new Handler());
    informer.exceptionHandler(
        (started, failure) -> {
          log.warn(
              "reading namespaces from the Kubernetes API failed, retrying: {}",
              failure.getMessage());
          return true;
        });
  }

  /**
   * Starts the informer and waits up to {@code syncTimeout} for its first list of namespaces. If
   * that list takes longer, the instance is returned anyway and becomes {@linkplain #ready() ready}
   * when it arrives; meanwhile it answers from direct reads only.
   *
   * @param client the client to read namespaces with; the caller keeps it and closes it after this
   * @param syncTimeout the longest wait for the first list
   */
  public static KubernetesNamespaceLabels start(KubernetesClient client, Duration syncTimeout) {
    return start(client, syncTimeout, Clock.systemUTC());
  }

  static KubernetesNamespaceLabels start(
      KubernetesClient client, Duration syncTimeout, Clock clock) {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(clock, "clock");
    if (syncTimeout.isNegative()) {
      throw new IllegalArgumentException("sync timeout cannot be negative: " + syncTimeout);
    }
    KubernetesNamespaceLabels namespaces = new KubernetesNamespaceLabels(client, clock);
    CompletableFuture<Void> started =
        namespaces.informer.start().toCompletableFuture().thenRun(namespaces::markSynced);
    try {
      started.get(syncTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      log.warn(
          "the namespaces are not listed after {} ms; /readyz answers 503 until they are",
          syncTimeout.toMillis());
    } catch (ExecutionException e) {
      log.warn("the namespace informer stopped: {}", e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return namespaces;
  }

  /** Whether the first list of namespaces has arrived and is answered from memory. */
  @Override
  public boolean ready() {
    return synced;
  }

  /** How many namespaces' labels are held. */
  public int size() {
    return labelsByNamespace.size();
  }

  /**
   * The labels the informer last saw for the namespace; for one it has not seen, a direct read of
   * at most one second; empty when that fails or finds nothing.
   */
  @Override
  public Optional<Map<String, String>> labels(String namespace) {
    Map<String, String> known = labelsByNamespace.get(namespace);
    if (known != null) {
      return Optional.of(known);
    }
    return lookUp(namespace);
  }

  /** Stops the informer and any direct read; the client stays open. */
  @Override
  public void close() {
    informer.close();
    lookupThreads.shutdownNow();
  }

  /**
   * The informer's store holds the whole first list when it reports it synced, but its handler may
   * not have run for every namespace yet: fill in the ones it has not, then answer ready.
   */
  private void markSynced() {
    for (Namespace namespace : informer.getStore().list()) {
      String name = name(namespace);
      if (name != null) {
        labelsByNamespace.putIfAbsent(name, labelsOf(namespace));
      }
    }
    synced = true;
    log.info("namespace labels synced: {} namespaces", labelsByNamespace.size());
  }

  private Optional<Map<String, String>> lookUp(String namespace) {
    if (!NAME.matcher(namespace).matches() || recentlyMissed(namespace)) {
      return Optional.empty();
    }
    if (!lookupPermits.tryAcquire()) {
      log.debug("namespace {} not read: too many direct reads in flight", namespace);
      return Optional.empty();
    }
    try {
      Optional<Map<String, String>> found = read(namespace);
      if (found.isEmpty()) {
        rememberMiss(namespace);
        return found;
      }
      Map<String, String> previous = labelsByNamespace.putIfAbsent(namespace, found.get());
      return Optional.of(previous != null ? previous : found.get());
    } finally {
      lookupPermits.release();
    }
  }

  /** One GET of the namespace, bounded by {@link #LOOKUP_TIMEOUT}. */
  private Optional<Map<String, String>> read(String namespace) {
    Future<Namespace> pending;
    try {
      pending = lookupThreads.submit(() -> lookups.namespaces().withName(namespace).get());
    } catch (RejectedExecutionException e) {
      return Optional.empty(); // closed
    }
    try {
      Namespace found = pending.get(LOOKUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (found == null) {
        log.info("namespace {} does not exist", namespace);
        return Optional.empty();
      }
      return Optional.of(labelsOf(found));
    } catch (TimeoutException e) {
      pending.cancel(true);
      log.warn("namespace {} could not be read within {} ms", namespace, LOOKUP_TIMEOUT.toMillis());
    } catch (ExecutionException e) {
      log.warn("namespace {} could not be read: {}", namespace, e.getCause().getMessage());
    } catch (InterruptedException e) {
      pending.cancel(true);
      Thread.currentThread().interrupt();
    }
    return Optional.empty();
  }

  private boolean recentlyMissed(String namespace) {
    Instant missed = misses.get(namespace);
    return missed != null && clock.instant().isBefore(missed.plus(MISS_TTL));
  }

  private void rememberMiss(String namespace) {
    if (misses.size() >= MAX_REMEMBERED_MISSES) {
      misses.clear();
    }
    misses.put(namespace, clock.instant());
  }

  private static String name(Namespace namespace) {
    ObjectMeta metadata = namespace.getMetadata();
    return metadata == null ? null : metadata.getName();
  }

  private static Map<String, String> labelsOf(Namespace namespace) {
    ObjectMeta metadata = namespace.getMetadata();
    Map<String, String> labels = metadata == null ? null : metadata.getLabels();
    if (labels == null) {
      return Map.of();
    }
    Map<String, String> copy = new LinkedHashMap<>();
    labels.forEach(
        (key, value) -> {
          if (key != null && value != null) {
            copy.put(key, value);
          }
        });
    return Map.copyOf(copy);
  }

  /** Keeps the map in step with the informer; runs on the informer's own thread, in order. */
  private final class Handler implements ResourceEventHandler<Namespace> {
    @Override
    public void onAdd(Namespace namespace) {
      put(namespace);
    }

    @Override
    public void onUpdate(Namespace previous, Namespace namespace) {
      put(namespace);
    }

    @Override
    public void onDelete(Namespace namespace, boolean finalStateUnknown) {
      String name = name(namespace);
      if (name != null) {
        labelsByNamespace.remove(name);
      }
    }

    private void put(Namespace namespace) {
      String name = name(namespace);
      if (name != null) {
        labelsByNamespace.put(name, labelsOf(namespace));
        misses.remove(name);
      }
    }
  }
}
