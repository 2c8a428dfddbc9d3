package io.gatehouse.deploy.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.gatehouse.deploy.persistence.Database;
import io.gatehouse.deploy.persistence.DatabaseConfig;
import io.gatehouse.deploy.server.ApiJson;
import io.gatehouse.testing.DatabaseKind;
import io.gatehouse.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DeliveryWorkerIT {
  private static final Clock CLOCK = Clock.systemUTC();
  private static final String SECRET = "whsec-test-secret";

  /** A real local HTTP receiver answering each request with the status {@code answer} gives. */
  static final class Receiver implements AutoCloseable {
    record Request(Instant at, Map<String, String> headers, String body) {}

    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final AtomicInteger count = new AtomicInteger();

    Receiver(IntUnaryOperator answer) throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
      server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
      server.createContext("/hook", exchange -> handle(exchange, answer));
      server.start();
    }

    private void handle(HttpExchange exchange, IntUnaryOperator answer) throws IOException {
      try (InputStream in = exchange.getRequestBody()) {
        String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> headers = new ConcurrentHashMap<>();
        exchange
            .getRequestHeaders()
            .forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.getFirst()));
        requests.add(new Request(Instant.now(), headers, body));
      }
      exchange.sendResponseHeaders(answer.applyAsInt(count.incrementAndGet()), -1);
      exchange.close();
    }

    URI uri() {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  /** Running workers; the tests wait on the receiver, not on them. */
  private static final class Workers implements AutoCloseable {
    private final List<DeliveryWorker> running = new java.util.ArrayList<>();

    Workers(Database database, DeliverySettings settings, int count) {
      for (int i = 0; i < count; i++) {
        running.add(DeliveryWorker.start(database.jdbi(), CLOCK, settings));
      }
    }

    @Override
    public void close() {
      running.forEach(DeliveryWorker::close);
    }
  }

  private static Database open(DatabaseKind kind) {
    TestDatabase db = kind.create();
    return Database.open(
        new DatabaseConfig(db.jdbcUrl(), db.user(), db.password(), Duration.ofSeconds(10)),
        new SimpleMeterRegistry());
  }

  private static long project(Database database, String name, List<WebhookSpec> hooks) {
    return database
        .jdbi()
        .inTransaction(
            h -> {
              long id =
                  h.createUpdate(
                          "INSERT INTO projects (name, name_key, created_at) VALUES (:n, :n, :at)")
                      .bind("n", name)
                      .bind("at", Instant.now())
                      .executeAndReturnGeneratedKeys("id")
                      .mapTo(Long.class)
                      .one();
              new WebhookStore(CLOCK).replace(h, id, hooks);
              return id;
            });
  }

  private static void enqueue(Database database, long project, String event, Object payload) {
    database.jdbi().useTransaction(h -> new Notifier(CLOCK).enqueue(h, project, event, payload));
  }

  private static DeliverySettings fast() {
    return DeliverySettings.defaults()
        .withInterval(Duration.ofMillis(50))
        .withRetries(Duration.ofMillis(300), Duration.ofSeconds(5), 10);
  }

  private static Map<String, Object> row(Database database, long id) {
    return database
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT attempts, delivered_at, next_attempt_at, last_status, last_error"
                            + " FROM webhook_deliveries WHERE id = ?")
                    .bind(0, id)
                    .mapToMap()
                    .one());
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited 30 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void deliver_okReceiver_signedWithEveryHeader(DatabaseKind kind) throws Exception {
    try (Database database = open(kind);
        Receiver receiver = new Receiver(n -> 204)) {
      long project =
          project(database, "shop", List.of(new WebhookSpec(receiver.uri(), SECRET, Set.of())));
      enqueue(database, project, "deployment.approved", Map.of("id", 42, "state", "approved"));

      Workers workers = new Workers(database, fast(), 1);
      try (workers) {
        await(() -> receiver.requests.size() == 1);
        // The worker records the answer after the receiver has seen the request: wait for that
        // too before stopping it, or a stop in between would cut the attempt short.
        long sent =
            ApiJson.mapper()
                .readTree(receiver.requests.getFirst().body())
                .get("deliveryId")
                .asLong();
        await(() -> row(database, sent).get("delivered_at") != null);
      }

      Receiver.Request request = receiver.requests.getFirst();
      long timestamp = Long.parseLong(request.headers().get("x-gatehouse-timestamp"));
      assertThat(request.headers())
          .containsEntry("content-type", "application/json")
          .containsEntry("x-gatehouse-event", "deployment.approved");
      assertThat(
              WebhookSignature.verify(
                  SECRET,
                  timestamp,
                  request.body(),
                  request.headers().get("x-gatehouse-signature-256")))
          .isTrue();
      JsonNode body = ApiJson.mapper().readTree(request.body());
      long id = body.get("deliveryId").asLong();
      assertThat(request.headers()).containsEntry("x-gatehouse-delivery", Long.toString(id));
      assertThat(body.get("event").asText()).isEqualTo("deployment.approved");
      assertThat(body.get("deployment").get("id").asInt()).isEqualTo(42);
      assertThat(body.get("at").asText()).isNotEmpty();
      await(() -> row(database, id).get("delivered_at") != null);
      assertThat(row(database, id)).containsEntry("attempts", 1).containsEntry("last_status", 204);
    }
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void prune_finishedAndOld_removedPendingKept(DatabaseKind kind) throws Exception {
    try (Database database = open(kind);
        Receiver receiver = new Receiver(n -> 204)) {
      long project =
          project(database, "shop", List.of(new WebhookSpec(receiver.uri(), SECRET, Set.of())));
      enqueue(database, project, "deployment.success", Map.of("id", 1));
      enqueue(database, project, "deployment.failure", Map.of("id", 2));
      enqueue(database, project, "deployment.waiting", Map.of("id", 3));
      Instant old = Instant.now().minus(DeliveryWorker.RETENTION).minus(Duration.ofHours(1));
      database
          .jdbi()
          .useHandle(
              h -> {
                h.execute(
                    "UPDATE webhook_deliveries SET created_at = ?, next_attempt_at = NULL,"
                        + " delivered_at = ? WHERE event = 'deployment.success'",
                    old,
                    old);
                h.execute(
                    "UPDATE webhook_deliveries SET created_at = ?, next_attempt_at = NULL"
                        + " WHERE event = 'deployment.failure'",
                    Instant.now());
                h.execute(
                    "UPDATE webhook_deliveries SET created_at = ? WHERE event ="
                        + " 'deployment.waiting'",
                    old);
              });
      DeliveryWorker worker =
          DeliveryWorker.start(
              database.jdbi(),
              CLOCK,
              DeliverySettings.defaults().withInterval(Duration.ofHours(1)));
      try (worker) {
        assertThat(worker.prune(Instant.now().minus(DeliveryWorker.RETENTION))).isEqualTo(1);
      }

      List<String> left =
          database
              .jdbi()
              .withHandle(
                  h ->
                      h.createQuery("SELECT event FROM webhook_deliveries ORDER BY event")
                          .mapTo(String.class)
                          .list());
      assertThat(left).containsExactly("deployment.failure", "deployment.waiting");
    }
  }

  @Test
  void deliver_failingThenOk_retriesWithGrowingDelaysThenDelivers() throws Exception {
    try (Database database = open(DatabaseKind.H2);
        Receiver receiver = new Receiver(n -> n <= 2 ? 500 : 200)) {
      long project =
          project(database, "shop", List.of(new WebhookSpec(receiver.uri(), SECRET, Set.of())));
      enqueue(database, project, "deployment.success", Map.of("id", 1));

      Workers workers = new Workers(database, fast(), 1);
      try (workers) {
        await(() -> receiver.requests.size() == 3);
        long sent =
            Long.parseLong(receiver.requests.getFirst().headers().get("x-gatehouse-delivery"));
        await(() -> row(database, sent).get("delivered_at") != null);
      }

      List<Instant> at = receiver.requests.stream().map(Receiver.Request::at).toList();
      assertThat(Duration.between(at.get(0), at.get(1))).isGreaterThanOrEqualTo(ms(225));
      assertThat(Duration.between(at.get(1), at.get(2))).isGreaterThanOrEqualTo(ms(450));
      assertThat(receiver.requests)
          .extracting(r -> r.headers().get("x-gatehouse-delivery"))
          .containsOnly(receiver.requests.getFirst().headers().get("x-gatehouse-delivery"));
      long id = Long.parseLong(receiver.requests.getFirst().headers().get("x-gatehouse-delivery"));
      await(() -> row(database, id).get("delivered_at") != null);
      assertThat(row(database, id)).containsEntry("attempts", 3).containsEntry("last_status", 200);
    }
  }

  @Test
  void deliver_alwaysFailing_givesUpAfterMaxAttempts() throws Exception {
    try (Database database = open(DatabaseKind.H2);
        Receiver receiver = new Receiver(n -> 503)) {
      long project =
          project(database, "shop", List.of(new WebhookSpec(receiver.uri(), SECRET, Set.of())));
      enqueue(database, project, "deployment.failure", Map.of("id", 1));
      DeliverySettings settings = fast().withRetries(ms(50), ms(100), 3);

      Workers workers = new Workers(database, settings, 1);
      try (workers) {
        await(() -> receiver.requests.size() == 3);
        long id =
            Long.parseLong(receiver.requests.getFirst().headers().get("x-gatehouse-delivery"));
        await(
            () ->
                row(database, id).get("last_error") != null
                    && (int) row(database, id).get("attempts") == 3);
        Thread.sleep(500);

        assertThat(receiver.requests).hasSize(3);
        assertThat(row(database, id))
            .containsEntry("next_attempt_at", null)
            .containsEntry("delivered_at", null)
            .containsEntry("last_status", 503)
            .containsEntry("last_error", "gave up after 3 attempts: HTTP 503");
      }
    }
  }

  @Test
  void deliver_twoWorkersOnPostgresql_eachDeliveryOnce() throws Exception {
    try (Database database = open(DatabaseKind.POSTGRESQL);
        Receiver receiver = new Receiver(n -> 200)) {
      long project =
          project(database, "shop", List.of(new WebhookSpec(receiver.uri(), SECRET, Set.of())));
      for (int i = 0; i < 200; i++) {
        enqueue(database, project, "deployment.success", Map.of("id", i));
      }

      Workers workers = new Workers(database, fast(), 2);
      try (workers) {
        await(() -> receiver.requests.size() >= 200);
        Thread.sleep(500);
      }

      assertThat(receiver.requests).hasSize(200);
      assertThat(receiver.requests)
          .extracting(r -> r.headers().get("x-gatehouse-delivery"))
          .doesNotHaveDuplicates();
    }
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void enqueue_filtersByEventAndRollsBackWithTheCaller(DatabaseKind kind) throws Exception {
    try (Database database = open(kind)) {
      URI url = URI.create("https://hooks.example/a");
      long project =
          project(
              database,
              "shop",
              List.of(
                  new WebhookSpec(url, SECRET, Set.of("deployment.success")),
                  new WebhookSpec(url, "other", Set.of())));
      enqueue(database, project, "deployment.success", Map.of());
      enqueue(database, project, "deployment.waiting", Map.of());
      assertThatThrownBy(
              () ->
                  database
                      .jdbi()
                      .useTransaction(
                          h -> {
                            new Notifier(CLOCK).enqueue(h, project, "deployment.failure", Map.of());
                            throw new IllegalStateException("rolled back");
                          }))
          .hasMessage("rolled back");

      assertThat(events(database))
          .containsExactly("deployment.success", "deployment.success", "deployment.waiting");
    }
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void replace_keepsUnchangedWebhooksAndTheirDeliveries(DatabaseKind kind) {
    try (Database database = open(kind)) {
      WebhookSpec kept = new WebhookSpec(URI.create("https://a.example/"), SECRET, Set.of());
      WebhookSpec dropped = new WebhookSpec(URI.create("https://b.example/"), SECRET, Set.of());
      WebhookSpec added =
          new WebhookSpec(URI.create("https://c.example/"), SECRET, Set.of("deployment.success"));
      long project = project(database, "shop", List.of(kept, dropped));
      enqueue(database, project, "deployment.success", Map.of());

      database
          .jdbi()
          .useTransaction(h -> new WebhookStore(CLOCK).replace(h, project, List.of(kept, added)));

      List<WebhookSpec> listed =
          database.jdbi().withHandle(h -> new WebhookStore(CLOCK).list(h, project));
      assertThat(listed).containsExactly(kept, added);
      assertThat(events(database)).hasSize(1);
    }
  }

  private static List<String> events(Database database) {
    return database
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT event FROM webhook_deliveries ORDER BY event, id")
                    .mapTo(String.class)
                    .list());
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }
}
