package io.gatehouse.images.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.images.policy.ImagePolicy;
import io.gatehouse.images.registry.RegistryClient;
import io.gatehouse.images.signature.ImageSigner;
import io.gatehouse.images.signature.KeyPairs;
import io.gatehouse.testing.OciRegistryServer;
import io.gatehouse.testing.TestImages;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The webhook verifying cosign-format signatures in a real registry (Debian's docker-registry),
 * over real HTTPS.
 */
class SignatureWebhookIT {
  private static final AtomicInteger REPOSITORIES = new AtomicInteger();
  private static final KeyPair TRUSTED = KeyPairs.generate();
  private static final KeyPair OTHER = KeyPairs.generate();

  @TempDir Path tls;
  private final String host = OciRegistryServer.shared().address();
  private final String repository = "signed/app-" + REPOSITORIES.incrementAndGet();
  private final RegistryClient registry = RegistryClient.create();
  private final List<AutoCloseable> closeLater = new ArrayList<>();
  private AdmissionMetrics metrics;
  private WebhookClient client;

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable closeable : closeLater) {
      closeable.close();
    }
    registry.close();
  }

  private void start(String signedSource, Duration decisionTimeout) {
    String policy =
        """
        version: 1
        images:
          trustedRegistries: [ "%s", "%s" ]
          forbidLatest: false
          signatures:
            - match: "%s"
              keys:
                - |
        %s
        """
            .formatted(
                host,
                signedSource,
                signedSource,
                indent(KeyPairs.publicKeyPem(TRUSTED.getPublic())));
    SelfSignedTls.TlsFiles files =
        SelfSignedTls.ensure(tls, SelfSignedTls.DEFAULT_NAMES, Clock.systemUTC());
    metrics = AdmissionMetrics.create();
    RegistryClient webhookRegistry =
        RegistryClient.builder()
            .listener(metrics.registryListener())
            .connectTimeout(Duration.ofSeconds(1))
            .requestTimeout(Duration.ofSeconds(10))
            .build();
    closeLater.add(webhookRegistry);
    SignatureCheck signatures =
        new CachingSignatureCheck(
            new RegistrySignatureCheck(webhookRegistry),
            CachingSignatureCheck.Settings.DEFAULTS,
            Clock.systemUTC(),
            metrics.cacheListener());
    AdmissionWebhook webhook =
        AdmissionWebhook.start(
            new AdmissionConfig(
                "127.0.0.1",
                0,
                files.certificate(),
                files.key(),
                Duration.ofSeconds(60),
                ImagePolicy.parse(policy),
                signatures,
                NamespaceLabels.unknown(),
                decisionTimeout,
                AdmissionConfig.DEFAULT_MAX_REQUEST_BYTES,
                metrics));
    closeLater.add(0, webhook);
    client = new WebhookClient(files.ca(), webhook.port());
  }

  private static String indent(String pem) {
    return pem.strip()
        .lines()
        .map(line -> "            " + line)
        .reduce((a, b) -> a + "\n" + b)
        .orElse("");
  }

  private String image(String tag) {
    return host + "/" + repository + ":" + tag;
  }

  private String push(String tag, String content) {
    return TestImages.push(host, repository, tag, content);
  }

  private JsonNode review(String path, String... images) throws IOException {
    HttpResponse<String> response =
        client.post(path, Reviews.create("sig-1", "Deployment", "shop", List.of(images)));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Reviews.JSON.readTree(response.body()).path("response");
  }

  private static String message(JsonNode response) {
    return response.path("status").path("message").asText();
  }

  @Test
  void mutate_signedTag_isAllowedAndPinnedToItsDigest() throws IOException {
    start(host + "/signed", Duration.ofSeconds(3));
    String digest = push("v1", "web v1");
    ImageSigner.create(registry, TRUSTED.getPrivate()).sign(host, repository, "v1");

    JsonNode mutated = review("/mutate", image("v1"));
    JsonNode validated = review("/validate", image("v1") + "@" + digest);

    assertThat(mutated.path("allowed").asBoolean()).as(message(mutated)).isTrue();
    assertThat(mutated.path("patchType").asText()).isEqualTo("JSONPatch");
    JsonNode patch =
        Reviews.JSON.readTree(Base64.getDecoder().decode(mutated.path("patch").asText()));
    assertThat(patch).hasSize(1);
    assertThat(patch.get(0).path("op").asText()).isEqualTo("replace");
    assertThat(patch.get(0).path("path").asText())
        .isEqualTo("/spec/template/spec/containers/0/image");
    assertThat(patch.get(0).path("value").asText()).isEqualTo(image("v1") + "@" + digest);
    assertThat(validated.path("allowed").asBoolean()).isTrue();
  }

  @Test
  void validate_unsigned_isDenied() throws IOException {
    start(host + "/signed", Duration.ofSeconds(3));
    push("v1", "never signed");

    JsonNode response = review("/validate", image("v1"));

    assertThat(response.path("allowed").asBoolean()).isFalse();
    assertThat(message(response)).contains(image("v1") + ": signature-required (no signatures");
  }

  @Test
  void validate_signedByAnotherKey_isDenied() throws IOException {
    start(host + "/signed", Duration.ofSeconds(3));
    push("v1", "signed by a stranger");
    ImageSigner.create(registry, OTHER.getPrivate()).sign(host, repository, "v1");

    JsonNode response = review("/validate", image("v1"));

    assertThat(response.path("allowed").asBoolean()).isFalse();
    assertThat(message(response))
        .contains("signature-required")
        .contains("not signed by trusted key");
  }

  @Test
  void validate_signatureOfAnotherDigest_isDenied() throws IOException {
    start(host + "/signed", Duration.ofSeconds(3));
    String first = push("v1", "first build");
    String second = push("v2", "second build");
    ImageSigner.create(registry, TRUSTED.getPrivate()).sign(host, repository, "v1");
    // Copy v1's signature manifest to where v2's would be.
    byte[] signature =
        registry
            .getManifest(host, repository, "sha256-" + first.substring(7) + ".sig")
            .orElseThrow()
            .content();
    registry.putManifest(
        host,
        repository,
        "sha256-" + second.substring(7) + ".sig",
        "application/vnd.oci.image.manifest.v1+json",
        signature);

    JsonNode response = review("/validate", image("v2"));

    assertThat(response.path("allowed").asBoolean()).isFalse();
    assertThat(message(response)).contains("digest mismatch");
  }

  @Test
  void validate_tagMovedAfterSigning_isDenied() throws IOException {
    start(host + "/signed", Duration.ofSeconds(3));
    push("v1", "reviewed build");
    ImageSigner.create(registry, TRUSTED.getPrivate()).sign(host, repository, "v1");
    push("v1", "swapped build");

    JsonNode response = review("/validate", image("v1"));

    assertThat(response.path("allowed").asBoolean()).isFalse();
    assertThat(message(response)).contains("signature-required (no signatures");
  }

  @Test
  void validate_tamperedSignature_isDenied() throws IOException {
    start(host + "/signed", Duration.ofSeconds(3));
    String digest = push("v1", "tampered");
    ImageSigner.create(registry, TRUSTED.getPrivate()).sign(host, repository, "v1");
    String sigTag = "sha256-" + digest.substring(7) + ".sig";
    String manifest =
        new String(
            registry.getManifest(host, repository, sigTag).orElseThrow().content(),
            StandardCharsets.UTF_8);
    String tampered =
        manifest.replaceFirst(
            "(\"dev.cosignproject.cosign/signature\":\")([A-Za-z0-9+/]{8})", "$1AAAAAAAA");
    assertThat(tampered).isNotEqualTo(manifest);
    registry.putManifest(
        host,
        repository,
        sigTag,
        "application/vnd.oci.image.manifest.v1+json",
        tampered.getBytes(StandardCharsets.UTF_8));

    JsonNode response = review("/validate", image("v1"));

    assertThat(response.path("allowed").asBoolean()).isFalse();
    assertThat(message(response)).contains("signature-required");
  }

  @Test
  void validate_warmCache_answersWithoutCallingTheRegistry() throws IOException {
    start(host + "/signed", Duration.ofSeconds(3));
    push("v1", "cached");
    ImageSigner.create(registry, TRUSTED.getPrivate()).sign(host, repository, "v1");
    assertThat(review("/validate", image("v1")).path("allowed").asBoolean()).isTrue();
    String before = client.get("/metrics").body();

    for (int i = 0; i < 5; i++) {
      assertThat(review("/validate", image("v1")).path("allowed").asBoolean()).isTrue();
    }

    String after = client.get("/metrics").body();
    assertThat(registryCalls(after)).isEqualTo(registryCalls(before));
    assertThat(after).contains("gatehouse_admission_signature_cache_total{result=\"hit\"} 5.0");
  }

  @Test
  void validate_registryThatNeverAnswers_isDeniedWithinTheBound() throws Exception {
    ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    List<Socket> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
    Thread acceptor = Thread.ofVirtual().start(() -> acceptForever(silent, accepted));
    try {
      String silentHost = "127.0.0.1:" + silent.getLocalPort();
      start(silentHost, Duration.ofSeconds(1));
      long start = System.nanoTime();

      HttpResponse<String> response =
          client.post(
              "/validate", Reviews.create("slow-1", "Pod", "shop", List.of(silentHost + "/app:1")));

      Duration took = Duration.ofNanos(System.nanoTime() - start);
      JsonNode review = Reviews.JSON.readTree(response.body()).path("response");
      assertThat(review.path("allowed").asBoolean()).isFalse();
      assertThat(message(review)).contains("could not be reached within 1000 ms");
      assertThat(took).isLessThan(Duration.ofSeconds(3));
    } finally {
      silent.close();
      acceptor.join(Duration.ofSeconds(2));
      for (Socket socket : accepted) {
        socket.close();
      }
    }
  }

  /** Accepts connections and never answers: a registry that hangs. */
  private static void acceptForever(ServerSocket server, List<Socket> accepted) {
    try {
      while (!server.isClosed()) {
        accepted.add(server.accept());
      }
    } catch (IOException e) {
      // the server socket was closed: the test is over
    }
  }

  @Test
  void validate_registryRefusingConnections_isDenied() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    String deadHost = "127.0.0.1:" + closed;
    start(deadHost, Duration.ofSeconds(3));

    HttpResponse<String> response =
        client.post(
            "/validate", Reviews.create("dead-1", "Pod", "shop", List.of(deadHost + "/app:1")));

    JsonNode review = Reviews.JSON.readTree(response.body()).path("response");
    assertThat(review.path("allowed").asBoolean()).isFalse();
    assertThat(message(review)).contains("signature-required");
  }

  private static double registryCalls(String metrics) {
    return metrics
        .lines()
        .filter(line -> line.startsWith("gatehouse_admission_registry_calls_seconds_count"))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }
}
