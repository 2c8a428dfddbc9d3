package io.gatehouse.deploy.notify;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the webhook outbox. Each round it claims due deliveries by a conditional UPDATE that sets
 * its lease (so any number of replicas can run one each, and a delivery is sent by one at a time),
 * POSTs them signed, and records the outcome: a 2xx answer delivers; anything else is retried after
 * a growing, jittered delay until the last attempt, then given up. Neither the secret nor the URL
 * (which may hold a token) is logged; log lines name the webhook and delivery ids.
 */
public final class DeliveryWorker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);
  private static final int MAX_ERROR = 1000;

  /** How long a finished delivery (delivered or given up) is kept for inspection. */
  static final Duration RETENTION = Duration.ofDays(7);

  private static final Duration PRUNE_EVERY = Duration.ofHours(1);

  private final Jdbi jdbi;
  private final Clock clock;
  private final DeliverySettings settings;
  private final RandomGenerator random;
  private final String owner = UUID.randomUUID().toString();
  private Instant nextPrune = Instant.MIN;
  private final HttpClient client;
  private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().name("gatehouse-webhooks").daemon().unstarted(r));

  private DeliveryWorker(
      Jdbi jdbi, Clock clock, DeliverySettings settings, RandomGenerator random) {
    this.jdbi = Objects.requireNonNull(jdbi);
    this.clock = Objects.requireNonNull(clock);
    this.settings = Objects.requireNonNull(settings);
    this.random = Objects.requireNonNull(random);
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(settings.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(senders)
            .build();
  }

  /** Starts a worker that sends due deliveries every {@link DeliverySettings#interval()}. */
  public static DeliveryWorker start(Jdbi jdbi, Clock clock, DeliverySettings settings) {
    return start(jdbi, clock, settings, RandomGenerator.of("L64X128MixRandom"));
  }

  /** Starts a worker whose retry jitter comes from {@code random}. */
  public static DeliveryWorker start(
      Jdbi jdbi, Clock clock, DeliverySettings settings, RandomGenerator random) {
    DeliveryWorker worker = new DeliveryWorker(jdbi, clock, settings, random);
    long every = settings.interval().toMillis();
    var unused =
        worker.timer.scheduleWithFixedDelay(worker::safeRound, every, every, TimeUnit.MILLISECONDS);
    return worker;
  }

  /** Stops looking for work and waits briefly for sends in flight. */
  @Override
  public void close() {
    timer.shutdownNow();
    senders.shutdown();
    try {
      if (!timer.awaitTermination(5, TimeUnit.SECONDS)
          || !senders.awaitTermination(5, TimeUnit.SECONDS)) {
        senders.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    client.close();
  }

  private void safeRound() {
    try {
      Instant now = clock.instant();
      if (!now.isBefore(nextPrune)) {
        nextPrune = now.plus(PRUNE_EVERY);
        int pruned = prune(now.minus(RETENTION));
        if (pruned > 0) {
          log.info("removed {} finished webhook deliveries older than {}", pruned, RETENTION);
        }
      }
      while (round() == settings.batch() && !Thread.currentThread().isInterrupted()) {
        // a full batch: more may be due at once
      }
    } catch (RuntimeException e) {
      log.warn("webhook delivery round failed: {}", e.toString());
    }
  }

  /**
   * Deletes finished deliveries (delivered or given up) created before {@code cutoff}, so that the
   * outbox does not grow without bound; pending ones are never touched. Returns how many.
   */
  int prune(Instant cutoff) {
    return jdbi.withHandle(
        h ->
            h.createUpdate(
                    "DELETE FROM webhook_deliveries WHERE next_attempt_at IS NULL"
                        + " AND lease_owner IS NULL AND created_at < :cutoff")
                .bind("cutoff", cutoff)
                .execute());
  }

  /** Claims and sends one batch; returns how many were claimed. */
  int round() {
    List<Long> claimed = claim();
    List<Future<?>> sends = new ArrayList<>();
    for (long id : claimed) {
      sends.add(senders.submit(() -> send(id)));
    }
    for (Future<?> send : sends) {
      try {
        send.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 0;
      } catch (java.util.concurrent.ExecutionException e) {
        log.warn("webhook delivery failed unexpectedly: {}", e.getCause().toString());
      }
    }
    return claimed.size();
  }

  private List<Long> claim() {
    Instant now = clock.instant();
    List<Long> due =
        jdbi.withHandle(
            h ->
                h.createQuery(
                        "SELECT id FROM webhook_deliveries WHERE next_attempt_at <= :now AND"
                            + " (lease_until IS NULL OR lease_until < :now)"
                            + " ORDER BY next_attempt_at, id LIMIT :batch")
                    .bind("now", now)
                    .bind("batch", settings.batch())
                    .mapTo(Long.class)
                    .list());
    List<Long> claimed = new ArrayList<>();
    for (long id : due) {
      int won =
          jdbi.withHandle(
              h ->
                  h.createUpdate(
                          "UPDATE webhook_deliveries SET lease_owner = :owner, lease_until = :until"
                              + " WHERE id = :id AND next_attempt_at <= :now AND"
                              + " (lease_until IS NULL OR lease_until < :now)")
                      .bind("owner", owner)
                      .bind("until", now.plus(settings.lease()))
                      .bind("id", id)
                      .bind("now", now)
                      .execute());
      if (won == 1) {
        claimed.add(id);
      }
    }
    return claimed;
  }

  private record Due(
      long id, long webhookId, String event, String body, int attempts, URI url, String secret) {}

  private void send(long id) {
    Optional<Due> found =
        jdbi.withHandle(
            h ->
                h.createQuery(
                        "SELECT d.id, d.webhook_id, d.event, d.body, d.attempts, w.url, w.secret"
                            + " FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id"
                            + " WHERE d.id = :id AND d.lease_owner = :owner")
                    .bind("id", id)
                    .bind("owner", owner)
                    .map(
                        (rs, ctx) ->
                            new Due(
                                rs.getLong(1),
                                rs.getLong(2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getInt(5),
                                URI.create(rs.getString(6)),
                                rs.getString(7)))
                    .findOne());
    found.ifPresent(this::attempt);
  }

  private void attempt(Due due) {
    long timestamp = clock.instant().getEpochSecond();
    HttpRequest request =
        HttpRequest.newBuilder(due.url())
            .timeout(settings.requestTimeout())
            .header("Content-Type", "application/json")
            .header("User-Agent", "Gatehouse-Webhooks")
            .header("X-Gatehouse-Event", due.event())
            .header("X-Gatehouse-Delivery", Long.toString(due.id()))
            .header("X-Gatehouse-Timestamp", Long.toString(timestamp))
            .header(
                "X-Gatehouse-Signature-256",
                WebhookSignature.sign(due.secret(), timestamp, due.body()))
            .POST(HttpRequest.BodyPublishers.ofString(due.body()))
            .build();
    int status = 0;
    String error;
    try {
      HttpResponse<InputStream> response =
          client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      status = response.statusCode();
      // The answer's body is not needed; closing it unread bounds what a receiver can make us read.
      response.body().close();
      error = status / 100 == 2 ? "" : "HTTP " + status;
    } catch (HttpTimeoutException e) {
      error = "no answer within " + settings.requestTimeout().toSeconds() + "s";
    } catch (IOException e) {
      error = "cannot connect or send: " + e.getClass().getSimpleName();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (error.isEmpty()) {
      delivered(due, status);
    } else {
      failed(due, status, error);
    }
  }

  private void delivered(Due due, int status) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "UPDATE webhook_deliveries SET delivered_at = :now, next_attempt_at = NULL,"
                        + " attempts = attempts + 1, last_status = :status, last_error = NULL,"
                        + " lease_owner = NULL, lease_until = NULL"
                        + " WHERE id = :id AND lease_owner = :owner")
                .bind("now", clock.instant())
                .bind("status", status)
                .bind("id", due.id())
                .bind("owner", owner)
                .execute());
  }

  private void failed(Due due, int status, String error) {
    int attempts = due.attempts() + 1;
    boolean giveUp = attempts >= settings.maxAttempts();
    double jitter;
    synchronized (random) {
      jitter = random.nextDouble();
    }
    Instant next = giveUp ? null : clock.instant().plus(settings.retryDelay(attempts, jitter));
    String recorded = giveUp ? "gave up after " + attempts + " attempts: " + error : error;
    log.warn(
        "webhook {} delivery {} attempt {} failed: {}{}",
        due.webhookId(),
        due.id(),
        attempts,
        error,
        giveUp ? "; giving up" : "");
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "UPDATE webhook_deliveries SET attempts = :attempts, next_attempt_at = :next,"
                        + " last_status = :status, last_error = :error,"
                        + " lease_owner = NULL, lease_until = NULL"
                        + " WHERE id = :id AND lease_owner = :owner")
                .bind("attempts", attempts)
                .bindByType("next", next, Instant.class)
                .bindByType("status", status == 0 ? null : status, Integer.class)
                .bind(
                    "error",
                    recorded.length() > MAX_ERROR ? recorded.substring(0, MAX_ERROR) : recorded)
                .bind("id", due.id())
                .bind("owner", owner)
                .execute());
  }
}
