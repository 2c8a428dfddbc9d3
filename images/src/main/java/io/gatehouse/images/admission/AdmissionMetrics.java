package io.gatehouse.images.admission;

import io.gatehouse.images.registry.RegistryListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The webhook's metrics: reviews by kind, endpoint and decision with a latency histogram, registry
 * calls, and signature cache hits. Tag values come from a bounded set, never straight from a
 * request, so a hostile client cannot grow the series.
 */
public final class AdmissionMetrics {
  private final PrometheusMeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Map<RequestKey, Counter> requests = new ConcurrentHashMap<>();

  /** The tags of a review counter, as a key that costs no string building per review. */
  private record RequestKey(String kind, String decision, String endpoint) {}

  private final Map<String, Timer> timers = new ConcurrentHashMap<>();

  private AdmissionMetrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  /** A fresh set of meters in its own Prometheus registry, with the JVM's meters. */
  public static AdmissionMetrics create() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    return new AdmissionMetrics(registry);
  }

  /** Counts the registry client's calls. */
  public RegistryListener registryListener() {
    return (registryHost, operation, outcome, duration) ->
        registryCall(operation, outcome.name().toLowerCase(Locale.ROOT), duration.toNanos());
  }

  /** Counts signature cache lookups: {@code true} for a hit. */
  public Consumer<Boolean> cacheListener() {
    return this::cache;
  }

  /** The Prometheus text of every meter. */
  String scrape() {
    return registry.scrape();
  }

  void close() {
    registry.close();
  }

  void record(String kind, String decision, boolean mutate, long nanos) {
    String boundedKind = Workloads.supports(kind) ? kind : "other";
    String endpoint = mutate ? "mutate" : "validate";
    requests
        .computeIfAbsent(
            new RequestKey(boundedKind, decision, endpoint),
            k ->
                Counter.builder("gatehouse.admission.requests")
                    .description("AdmissionReviews answered")
                    .tag("kind", boundedKind)
                    .tag("decision", decision)
                    .tag("endpoint", endpoint)
                    .register(registry))
        .increment();
    timers
        .computeIfAbsent(
            endpoint,
            k ->
                Timer.builder("gatehouse.admission.duration")
                    .description("Time to decide an AdmissionReview")
                    .tag("endpoint", endpoint)
                    .publishPercentileHistogram()
                    .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  private void registryCall(String operation, String outcome, long nanos) {
    timers
        .computeIfAbsent(
            "registry|" + operation + '|' + outcome,
            k ->
                Timer.builder("gatehouse.admission.registry.calls")
                    .description("HTTP calls to image registries")
                    .tag("operation", operation)
                    .tag("outcome", outcome)
                    .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  private void cache(boolean hit) {
    String result = hit ? "hit" : "miss";
    counters
        .computeIfAbsent(
            "cache|" + result,
            k ->
                Counter.builder("gatehouse.admission.signature.cache")
                    .description("Signature verification cache lookups")
                    .tag("result", result)
                    .register(registry))
        .increment();
  }
}
