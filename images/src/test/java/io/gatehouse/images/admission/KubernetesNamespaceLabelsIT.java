package io.gatehouse.images.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The informer against fabric8's mock Kubernetes API server in CRUD mode: it lists, watches and
 * serves namespaces as an API server does, but it does not show how a watch behaves under a real
 * API server's load (bookmarks, expired resource versions, throttling, a restart).
 */
class KubernetesNamespaceLabelsIT {
  private static final Duration SYNC = Duration.ofSeconds(10);

  private KubernetesMockServer server;
  private KubernetesClient client;
  private KubernetesNamespaceLabels labels;

  @BeforeEach
  void startApiServer() {
    server = mockApiServer();
    client = server.createClient();
  }

  @AfterEach
  void stop() {
    stopAll(server, labels, client);
  }

  /** A mock API server in CRUD mode that also answers the expectations a test sets. */
  static KubernetesMockServer mockApiServer() {
    Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            expectations,
            new KubernetesMixedDispatcher(expectations),
            false);
    server.init();
    return server;
  }

  /**
   * Stops the server before the informer: the mock server's watch can hang for its 10 s shutdown
   * bound when the client closes a watch first.
   */
  static void stopAll(KubernetesMockServer server, AutoCloseable labels, KubernetesClient client) {
    server.destroy();
    try {
      if (labels != null) {
        labels.close();
      }
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    client.close();
  }

  @Test
  void start_existingNamespaces_labelsAnsweredFromMemoryOnceSynced() {
    create("shop", Map.of("env", "prod", "team", "a"));
    create("scratch", Map.of());

    labels = KubernetesNamespaceLabels.start(client, SYNC);
    int requests = server.getRequestCount();

    assertThat(labels.ready()).isTrue();
    assertThat(labels.size()).isEqualTo(2);
    assertThat(labels.labels("shop")).contains(Map.of("env", "prod", "team", "a"));
    assertThat(labels.labels("scratch")).contains(Map.of());
    assertThat(server.getRequestCount()).as("answered without a request").isEqualTo(requests);
  }

  @Test
  void watch_labelChangeAndDeletion_areSeen() {
    create("shop", Map.of("env", "dev"));
    labels = KubernetesNamespaceLabels.start(client, SYNC);

    client
        .namespaces()
        .withName("shop")
        .edit(
            ns ->
                new NamespaceBuilder(ns)
                    .editMetadata()
                    .addToLabels("env", "prod")
                    .endMetadata()
                    .build());
    awaitTrue(() -> labels.labels("shop").equals(Optional.of(Map.of("env", "prod"))));
    create("added", Map.of("env", "staging"));
    awaitTrue(() -> labels.size() == 2);
    client.namespaces().withName("shop").delete();
    awaitTrue(() -> labels.size() == 1);

    assertThat(labels.labels("added")).contains(Map.of("env", "staging"));
    assertThat(labels.labels("shop")).as("deleted: read directly, not found").isEmpty();
  }

  @Test
  void labels_namespaceNotYetSeen_readOnceDirectlyThenCached() throws Exception {
    labels = KubernetesNamespaceLabels.start(client, SYNC);
    // An API server that knows a namespace whose creation the watch has not delivered yet.
    server
        .expect()
        .get()
        .withPath("/api/v1/namespaces/fresh")
        .andReturn(200, namespace("fresh", Map.of("env", "prod")))
        .once();
    int before = server.getRequestCount();

    Optional<Map<String, String>> first = labels.labels("fresh");
    String path = server.getLastRequest().getPath();
    int afterFirst = server.getRequestCount();
    Optional<Map<String, String>> second = labels.labels("fresh");

    assertThat(first).contains(Map.of("env", "prod"));
    assertThat(path).isEqualTo("/api/v1/namespaces/fresh");
    assertThat(afterFirst).isEqualTo(before + 1);
    assertThat(second).contains(Map.of("env", "prod"));
    assertThat(server.getRequestCount()).as("the second answer is cached").isEqualTo(afterFirst);
  }

  @Test
  void labels_namespaceThatDoesNotExist_unknownAndNotAskedAgainUntilTheMissExpires() {
    MovableClock clock = new MovableClock();
    labels = KubernetesNamespaceLabels.start(client, SYNC, clock);
    int before = server.getRequestCount();

    Optional<Map<String, String>> first = labels.labels("ghost");
    Optional<Map<String, String>> again = labels.labels("ghost");
    int whileRemembered = server.getRequestCount();
    clock.advance(KubernetesNamespaceLabels.MISS_TTL.plusMillis(1));
    Optional<Map<String, String>> afterExpiry = labels.labels("ghost");

    assertThat(first).isEmpty();
    assertThat(again).isEmpty();
    assertThat(whileRemembered).isEqualTo(before + 1);
    assertThat(afterExpiry).isEmpty();
    assertThat(server.getRequestCount()).isEqualTo(before + 2);
  }

  @Test
  void labels_nameThatIsNoNamespaceName_neverSentToTheApiServer() {
    labels = KubernetesNamespaceLabels.start(client, SYNC);
    int before = server.getRequestCount();

    assertThat(labels.labels("../pods")).isEmpty();
    assertThat(labels.labels("")).isEmpty();
    assertThat(labels.labels("Upper")).isEmpty();
    assertThat(labels.labels("a".repeat(64))).isEmpty();
    assertThat(server.getRequestCount()).isEqualTo(before);
  }

  @Test
  void start_apiServerUnreachable_notReadyAndLabelsUnknown() {
    try (KubernetesClient unreachable = unreachableClient()) {
      labels = KubernetesNamespaceLabels.start(unreachable, Duration.ofMillis(300));

      assertThat(labels.ready()).isFalse();
      assertThat(labels.labels("shop")).isEmpty();
    }
  }

  /** A client for an address where nothing listens. */
  static KubernetesClient unreachableClient() {
    return new KubernetesClientBuilder()
        .withConfig(
            new ConfigBuilder(io.fabric8.kubernetes.client.Config.empty())
                .withMasterUrl("http://127.0.0.1:1")
                .withRequestRetryBackoffLimit(0)
                .build())
        .build();
  }

  private void create(String name, Map<String, String> labels) {
    client.namespaces().resource(namespace(name, labels)).create();
  }

  static Namespace namespace(String name, Map<String, String> labels) {
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .build();
  }

  /** Waits for what the watch delivers asynchronously, up to 10 s. */
  static void awaitTrue(BooleanSupplier condition) {
    Instant deadline = Instant.now().plusSeconds(10);
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("condition met within 10 s").isBefore(deadline);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** A clock the test moves forward. */
  private static final class MovableClock extends Clock {
    private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
