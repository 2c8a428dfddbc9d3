package io.gatehouse.images.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.images.policy.ImagePolicy;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The webhook over real HTTPS, with the registry policy only (signatures: SignatureWebhookIT). */
class AdmissionWebhookIT {
  private static final String DIGEST = "sha256:" + "ab".repeat(32);
  private static final String POLICY =
      """
      version: 1
      images:
        mode: enforce
        trustedRegistries:
          - myacr.azurecr.io
          - docker.io/library
        forbidLatest: true
        exemptNamespaces:
          - names: [kube-system]
        namespaces:
          - names: [legacy]
            mode: audit
      """;

  private static final String POST_HEAD =
      "POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n";
  private static final String CHUNKED_HEAD = POST_HEAD + "Transfer-Encoding: chunked\r\n\r\n";

  @TempDir Path tls;
  private AdmissionWebhook webhook;
  private WebhookClient client;

  private void start(String policy) {
    start(policy, Duration.ofSeconds(60));
  }

  private void start(String policy, Duration reloadInterval) {
    SelfSignedTls.TlsFiles files =
        SelfSignedTls.ensure(tls, SelfSignedTls.DEFAULT_NAMES, Clock.systemUTC());
    webhook =
        AdmissionWebhook.start(
            new AdmissionConfig(
                "127.0.0.1",
                0,
                files.certificate(),
                files.key(),
                reloadInterval,
                ImagePolicy.parse(policy),
                SignatureCheck.unavailable(),
                NamespaceLabels.unknown(),
                Duration.ofSeconds(3),
                AdmissionConfig.DEFAULT_MAX_REQUEST_BYTES,
                AdmissionMetrics.create()));
    client = new WebhookClient(files.ca(), webhook.port());
  }

  @AfterEach
  void stop() {
    if (webhook != null) {
      webhook.close();
    }
  }

  private JsonNode validate(byte[] review) throws Exception {
    HttpResponse<String> response = client.post("/validate", review);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Reviews.JSON.readTree(response.body());
  }

  @Test
  void validate_podWithThreeTrustedContainers_isAllowedAndEchoesUid() throws Exception {
    start(POLICY);

    JsonNode review =
        validate(
            Reviews.create(
                "5f1c-1",
                "Pod",
                "shop",
                List.of(
                    "myacr.azurecr.io/shop/web:1.4",
                    "nginx:1.27",
                    "myacr.azurecr.io/x@" + DIGEST)));

    assertThat(review.path("apiVersion").asText()).isEqualTo("admission.k8s.io/v1");
    assertThat(review.path("kind").asText()).isEqualTo("AdmissionReview");
    assertThat(review.path("response").path("uid").asText()).isEqualTo("5f1c-1");
    assertThat(review.path("response").path("allowed").asBoolean()).isTrue();
  }

  @Test
  void validate_untrustedImages_deniedListingEveryOffenderWithItsRule() throws Exception {
    start(POLICY);

    JsonNode response =
        validate(
                Reviews.create(
                    "u-2",
                    "Deployment",
                    "shop",
                    List.of(
                        "evil.example.com/miner:1",
                        "myacr.azurecr.io/shop/web:1.4",
                        "myacr.azurecr.io/shop/api",
                        "myacr.azurecr.io.evil.com/x:1")))
            .path("response");

    assertThat(response.path("allowed").asBoolean()).isFalse();
    assertThat(response.path("status").path("code").asInt()).isEqualTo(403);
    String message = response.path("status").path("message").asText();
    assertThat(message)
        .contains("evil.example.com/miner:1: untrusted-registry")
        .contains("myacr.azurecr.io/shop/api: latest-forbidden")
        .contains("myacr.azurecr.io.evil.com/x:1: untrusted-registry")
        .doesNotContain("myacr.azurecr.io/shop/web:1.4:");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Pod",
        "Deployment",
        "ReplicaSet",
        "StatefulSet",
        "DaemonSet",
        "Job",
        "CronJob",
        "ReplicationController",
        "PodTemplate"
      })
  void validate_everyWorkloadKind_findsItsImages(String kind) throws Exception {
    start(POLICY);

    JsonNode allowed =
        validate(Reviews.create("k-1", kind, "shop", List.of("myacr.azurecr.io/a:1")))
            .path("response");
    JsonNode denied =
        validate(Reviews.create("k-2", kind, "shop", List.of("ghcr.io/a:1"))).path("response");

    assertThat(allowed.path("allowed").asBoolean()).as(kind).isTrue();
    assertThat(denied.path("allowed").asBoolean()).as(kind).isFalse();
    assertThat(denied.path("status").path("message").asText())
        .contains("ghcr.io/a:1: untrusted-registry");
  }

  @Test
  void validate_initAndEphemeralContainers_areChecked() throws Exception {
    start(POLICY);

    JsonNode init =
        validate(
                Reviews.review(
                    "i-1",
                    "Pod",
                    "",
                    "UPDATE",
                    "shop",
                    List.of("myacr.azurecr.io/a:1"),
                    List.of("quay.io/init:1"),
                    List.of()))
            .path("response");
    JsonNode ephemeral =
        validate(
                Reviews.review(
                    "e-1",
                    "Pod",
                    "ephemeralcontainers",
                    "UPDATE",
                    "shop",
                    List.of("myacr.azurecr.io/a:1"),
                    List.of(),
                    List.of("busybox.evil.io/sh:1")))
            .path("response");

    assertThat(init.path("allowed").asBoolean()).isFalse();
    assertThat(init.path("status").path("message").asText()).contains("quay.io/init:1");
    assertThat(ephemeral.path("allowed").asBoolean()).isFalse();
    assertThat(ephemeral.path("status").path("message").asText()).contains("busybox.evil.io/sh:1");
  }

  @Test
  void validate_auditNamespace_admitsWithWarnings() throws Exception {
    start(POLICY);

    JsonNode response =
        validate(Reviews.create("a-1", "Pod", "legacy", List.of("ghcr.io/old/app:1")))
            .path("response");

    assertThat(response.path("allowed").asBoolean()).isTrue();
    assertThat(response.path("warnings").get(0).asText())
        .startsWith("gatehouse audit: ghcr.io/old/app:1: untrusted-registry");
    assertThat(client.get("/metrics").body())
        .contains("gatehouse_admission_requests_total{decision=\"audit\"");
  }

  @Test
  void validate_exemptNamespace_isAllowedWithoutChecks() throws Exception {
    start(POLICY);

    JsonNode response =
        validate(Reviews.create("x-1", "Pod", "kube-system", List.of("anything.io/x:latest")))
            .path("response");

    assertThat(response.path("allowed").asBoolean()).isTrue();
  }

  @Test
  void validate_unsupportedKind_isDenied() throws Exception {
    start(POLICY);

    JsonNode response =
        validate(Reviews.create("c-1", "ConfigMap", "shop", List.of())).path("response");

    assertThat(response.path("allowed").asBoolean()).isFalse();
    assertThat(response.path("status").path("message").asText())
        .contains("kind ConfigMap is not understood");
  }

  @Test
  void validate_unknownSubresource_isDenied() throws Exception {
    start(POLICY);

    JsonNode response =
        validate(
                Reviews.review(
                    "s-1",
                    "Pod",
                    "status",
                    "UPDATE",
                    "shop",
                    List.of("myacr.azurecr.io/a:1"),
                    List.of(),
                    List.of()))
            .path("response");

    assertThat(response.path("allowed").asBoolean()).isFalse();
  }

  @Test
  void validate_delete_isAllowed() throws Exception {
    start(POLICY);

    JsonNode response =
        validate(
                Reviews.review(
                    "d-1",
                    "Pod",
                    "",
                    "DELETE",
                    "shop",
                    List.of("evil.io/x:1"),
                    List.of(),
                    List.of()))
            .path("response");

    assertThat(response.path("allowed").asBoolean()).isTrue();
  }

  @Test
  void validate_malformedRequests_answerClearlyAndNeverAllow() throws Exception {
    start(POLICY);

    HttpResponse<String> notJson =
        client.post("/validate", "{not json".getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> noUid =
        client.post(
            "/validate",
            "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{}}"
                .getBytes(StandardCharsets.UTF_8));
    JsonNode wrongVersion =
        validate(
            "{\"apiVersion\":\"admission.k8s.io/v1beta1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"w-1\"}}"
                .getBytes(StandardCharsets.UTF_8));
    JsonNode containerWithoutImage =
        validate(
            new String(
                    Reviews.create("m-1", "Pod", "shop", List.of("myacr.azurecr.io/a:1")),
                    StandardCharsets.UTF_8)
                .replace("\"image\":\"myacr.azurecr.io/a:1\",", "")
                .getBytes(StandardCharsets.UTF_8));

    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(notJson.body()).contains("\"code\":\"invalid_request\"").contains("not JSON");
    assertThat(noUid.statusCode()).isEqualTo(400);
    assertThat(noUid.body()).contains("request.uid");
    assertThat(wrongVersion.path("response").path("uid").asText()).isEqualTo("w-1");
    assertThat(wrongVersion.path("response").path("allowed").asBoolean()).isFalse();
    assertThat(containerWithoutImage.path("response").path("allowed").asBoolean()).isFalse();
    assertThat(containerWithoutImage.path("response").path("status").path("message").asText())
        .contains("/spec/containers/0/image: a container has no image");
  }

  @Test
  void validate_oversizedOrWrongType_isRefusedBeforeParsing() {
    start(POLICY);

    String oversized =
        rawExchange(
            "POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: "
                + (AdmissionConfig.DEFAULT_MAX_REQUEST_BYTES + 1)
                + "\r\n\r\n");
    HttpResponse<String> text =
        client.send(
            HttpRequest.newBuilder(client.base().resolve("/validate"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("hello"))
                .build());
    HttpResponse<String> get = client.get("/validate");
    HttpResponse<String> unknown = client.get("/nothing");

    assertThat(oversized).startsWith("HTTP/1.1 413").contains("payload_too_large");
    assertThat(text.statusCode()).isEqualTo(415);
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(unknown.statusCode()).isEqualTo(404);
  }

  @Test
  void validate_reviewArrivingInPieces_isJudgedWhole() {
    start(POLICY);
    byte[] allowed = Reviews.create("p-1", "Pod", "shop", List.of("myacr.azurecr.io/shop/web:1"));
    byte[] denied = Reviews.create("p-2", "Pod", "shop", List.of("evil.example.com/x:1"));
    String head = POST_HEAD;
    int half = denied.length / 2;

    // Content-Length, the body cut in two with a pause; then a chunked body in two chunks; then
    // a whole one, all on one connection.
    String answers =
        rawExchangeInPieces(
            3,
            bytes(head + "Content-Length: " + denied.length + "\r\n\r\n"),
            java.util.Arrays.copyOfRange(denied, 0, half),
            java.util.Arrays.copyOfRange(denied, half, denied.length),
            bytes(CHUNKED_HEAD),
            chunk(java.util.Arrays.copyOfRange(allowed, 0, 10)),
            chunk(java.util.Arrays.copyOfRange(allowed, 10, allowed.length)),
            bytes("0\r\n\r\n"),
            concat(bytes(head + "Content-Length: " + allowed.length + "\r\n\r\n"), allowed));

    List<String> responses = List.of(answers.split("HTTP/1.1 ", -1)).subList(1, 4);
    assertThat(responses.get(0)).startsWith("200").contains("\"uid\":\"p-2\",\"allowed\":false");
    assertThat(responses.get(0)).contains("evil.example.com/x:1");
    assertThat(responses.get(1)).startsWith("200").contains("\"uid\":\"p-1\",\"allowed\":true");
    assertThat(responses.get(2)).startsWith("200").contains("\"uid\":\"p-1\",\"allowed\":true");
  }

  @Test
  void validate_chunkedBodyOverTheLimit_isRefused() {
    start(POLICY);
    byte[] piece = new byte[1 << 20];
    java.util.Arrays.fill(piece, (byte) ' ');
    String head = CHUNKED_HEAD;
    byte[][] parts = new byte[2 + AdmissionConfig.DEFAULT_MAX_REQUEST_BYTES / piece.length][];
    parts[0] = bytes(head);
    for (int i = 1; i < parts.length; i++) {
      parts[i] = chunk(piece);
    }

    String answer = rawExchangeInPieces(1, parts);

    assertThat(answer).startsWith("HTTP/1.1 413").contains("payload_too_large");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] chunk(byte[] data) {
    return concat(bytes(Integer.toHexString(data.length) + "\r\n"), data, bytes("\r\n"));
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /**
   * Sends each piece as its own write, 100 ms apart, and returns what the server answered once it
   * has sent {@code answers} complete responses, closed, or 5 s passed.
   */
  private String rawExchangeInPieces(int answers, byte[]... pieces) {
    try (java.net.Socket socket = tlsSocket()) {
      for (byte[] piece : pieces) {
        try {
          socket.getOutputStream().write(piece);
          socket.getOutputStream().flush();
        } catch (java.io.IOException refusedMidway) {
          break; // the server may answer and close before the rest is sent
        }
        Thread.sleep(100);
      }
      java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      while (completeResponses(received.toString(StandardCharsets.UTF_8)) < answers) {
        int read;
        try {
          read = socket.getInputStream().read(buffer);
        } catch (java.net.SocketTimeoutException e) {
          break;
        }
        if (read < 0) {
          break;
        }
        received.write(buffer, 0, read);
      }
      return received.toString(StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** How many responses with a Content-Length are wholly in {@code text}. */
  private static int completeResponses(String text) {
    int count = 0;
    int at = 0;
    java.util.regex.Matcher length =
        java.util.regex.Pattern.compile("(?i)content-length: (\\d+)\r\n").matcher(text);
    while (length.find(at)) {
      int headerEnd = text.indexOf("\r\n\r\n", length.end() - 2);
      if (headerEnd < 0) {
        break;
      }
      int end = headerEnd + 4 + Integer.parseInt(length.group(1));
      if (end > text.length()) {
        break;
      }
      count++;
      at = end;
    }
    return count;
  }

  /** A TLS connection to the webhook, trusting its CA, reads timing out after 5 s. */
  private java.net.Socket tlsSocket() throws java.io.IOException {
    java.net.Socket socket =
        WebhookClient.trusting(tls.resolve("ca.crt"))
            .getSocketFactory()
            .createSocket("localhost", webhook.port());
    socket.setSoTimeout(5000);
    return socket;
  }

  /** Sends raw bytes over TLS and returns what the server answers before closing or 5 s. */
  private String rawExchange(String request) {
    try (java.net.Socket socket = tlsSocket()) {
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      byte[] answer = new byte[4096];
      int read = socket.getInputStream().read(answer);
      return new String(answer, 0, Math.max(read, 0), StandardCharsets.US_ASCII);
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void probesAndMetrics_answer() {
    start(POLICY);

    assertThat(client.get("/healthz").statusCode()).isEqualTo(200);
    assertThat(client.get("/readyz").statusCode()).isEqualTo(200);
    client.post("/validate", Reviews.create("m-1", "Pod", "shop", List.of("evil.io/x:1")));
    assertThat(client.get("/metrics").body())
        .contains(
            "gatehouse_admission_requests_total{decision=\"deny\",endpoint=\"validate\",kind=\"Pod\"} 1.0")
        .contains("gatehouse_admission_duration_seconds_bucket")
        .contains("jvm_memory_used_bytes");
  }

  @Test
  void plainHttp_isNotServed() {
    start(POLICY);
    java.net.http.HttpClient plain = java.net.http.HttpClient.newHttpClient();

    assertThatThrownBy(
            () ->
                plain.send(
                    HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + webhook.port() + "/healthz"))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                    HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(java.io.IOException.class);
  }

  @Test
  void reload_rotatedCertificate_isServedWithoutRestart() throws Exception {
    start(POLICY, Duration.ofSeconds(1));
    Path rotated = Files.createTempDirectory("rotated-tls");
    SelfSignedTls.TlsFiles fresh =
        SelfSignedTls.ensure(rotated, SelfSignedTls.DEFAULT_NAMES, Clock.systemUTC());
    WebhookClient trustsOnlyNewCa = new WebhookClient(fresh.ca(), webhook.port());
    assertThatThrownBy(() -> trustsOnlyNewCa.get("/healthz"))
        .isInstanceOf(UncheckedIOException.class);

    Files.copy(fresh.certificate(), tls.resolve("tls.crt"), StandardCopyOption.REPLACE_EXISTING);
    Files.copy(fresh.key(), tls.resolve("tls.key"), StandardCopyOption.REPLACE_EXISTING);

    Instant deadline = Instant.now().plusSeconds(15);
    boolean served = false;
    while (!served && Instant.now().isBefore(deadline)) {
      try {
        served = new WebhookClient(fresh.ca(), webhook.port()).get("/healthz").statusCode() == 200;
      } catch (UncheckedIOException e) {
        Thread.sleep(200);
      }
    }
    assertThat(served).as("the rotated certificate is served").isTrue();
  }

  @Test
  void mutate_withoutSignatureRequirements_patchesNothing() throws Exception {
    start(POLICY);

    HttpResponse<String> response =
        client.post(
            "/mutate", Reviews.create("p-1", "Pod", "shop", List.of("myacr.azurecr.io/a:1")));

    JsonNode review = Reviews.JSON.readTree(response.body()).path("response");
    assertThat(review.path("allowed").asBoolean()).isTrue();
    assertThat(review.has("patch")).isFalse();
  }
}
