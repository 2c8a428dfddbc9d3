package io.gatehouse.images.admission;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.gatehouse.images.policy.ImagePolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * Fuzzes the AdmissionReview reader and the decision behind {@code /validate} and {@code /mutate}:
 * for any body the controller answers 200 with a well-formed AdmissionReview response for the
 * request's uid, or 400 when no uid can be read; never throws, never a 500; and a request it does
 * not understand is never allowed.
 *
 * <p>{@code mvn test} runs it on the seeds in {@code AdmissionReviewFuzzTestInputs/review}; {@code
 * mvn verify} also fuzzes it for a bounded time (see the failsafe executions in {@code pom.xml}).
 */
class AdmissionReviewFuzzTest {
  private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);
  private static final Set<String> OPERATIONS = Set.of("CREATE", "UPDATE", "DELETE", "CONNECT");
  private static final Set<String> STARTS_CONTAINERS = Set.of("CREATE", "UPDATE");

  /** Reads bodies as the webhook does, with the same bounds, to know what a request said. */
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  static {
    JSON.getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(200)
                .maxStringLength(1 << 20)
                .maxNumberLength(100)
                .build());
  }

  private static final ImagePolicy POLICY =
      ImagePolicy.parse(
          """
          version: 1
          images:
            mode: enforce
            trustedRegistries:
              - registry.example.com
              - docker.io/library
              - localhost:5000
            forbidLatest: true
            exemptNamespaces:
              - names: [kube-system]
            namespaces:
              - names: ["sandbox-*"]
                mode: audit
              - names: [prod]
                requireDigest: true
            signatures:
              - match: registry.example.com/signed
                keys:
                  - |
                    -----BEGIN PUBLIC KEY-----
                    MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE
                    -----END PUBLIC KEY-----
          """);

  /** No registry: images whose repository names them unsigned fail, all others verify. */
  private static final SignatureCheck SIGNATURES =
      (image, requirement) ->
          image.repository().contains("unsigned")
              ? SignatureOutcome.unverified("no signature by a trusted key")
              : SignatureOutcome.verified(DIGEST, "verified by the test key");

  private static ExecutorService executor;
  private static AdmissionMetrics metrics;
  private static AdmissionController controller;
  private static Level controllerLogLevel;

  @BeforeAll
  static void startController() {
    executor = Executors.newVirtualThreadPerTaskExecutor();
    metrics = AdmissionMetrics.create();
    controller =
        new AdmissionController(
            POLICY,
            SIGNATURES,
            NamespaceLabels.unknown(),
            Duration.ofSeconds(5),
            executor,
            metrics);
    // One log line per denied review would drown the fuzzer's output.
    Logger log = (Logger) LoggerFactory.getLogger(AdmissionController.class);
    controllerLogLevel = log.getLevel();
    log.setLevel(Level.ERROR);
  }

  @AfterAll
  static void stopController() {
    ((Logger) LoggerFactory.getLogger(AdmissionController.class)).setLevel(controllerLogLevel);
    executor.shutdownNow();
    metrics.close();
  }

  @FuzzTest(maxDuration = "20s")
  @DictionaryEntries({
    "\"apiVersion\":\"admission.k8s.io/v1\"",
    "\"kind\":\"AdmissionReview\"",
    "\"request\":",
    "\"uid\":",
    "\"kind\":{\"group\":\"\",\"version\":\"v1\",\"kind\":\"Pod\"}",
    "\"operation\":\"CREATE\"",
    "\"operation\":\"UPDATE\"",
    "\"operation\":\"DELETE\"",
    "\"subResource\":\"ephemeralcontainers\"",
    "\"namespace\":",
    "\"object\":",
    "\"spec\":",
    "\"template\":",
    "\"jobTemplate\":",
    "\"containers\":[",
    "\"initContainers\":[",
    "\"ephemeralContainers\":[",
    "\"image\":",
    "\"Deployment\"",
    "\"CronJob\"",
    "\"kube-system\"",
    "\"prod\"",
    "registry.example.com/signed/app:1.0",
    "registry.example.com/unsigned/app:1.0",
    "@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
  })
  void review(byte[] body) {
    Optional<JsonNode> sent = readJson(body);
    check(body, sent, false);
    check(body, sent, true);
    sent.ifPresent(review -> checkStreamedImages(body, review));
  }

  /**
   * The reader keeps only the parts of the object that its kind's images need; judged by {@link
   * Workloads#images}, they give the same images, or the same reason for a malformed workload, as
   * the whole object.
   */
  private static void checkStreamedImages(byte[] body, JsonNode review) {
    JsonNode object = review.path("request").path("object");
    AdmissionRequest request;
    try {
      request = AdmissionReviews.read(body);
    } catch (MalformedReviewException e) {
      return;
    }
    if (!object.isObject() || !Workloads.supports(request.kind())) {
      return;
    }
    assertThat(imagesOrReason(request.kind(), request.object()))
        .isEqualTo(imagesOrReason(request.kind(), object));
  }

  private static Object imagesOrReason(String kind, JsonNode object) {
    try {
      return Workloads.images(kind, object);
    } catch (MalformedWorkloadException e) {
      return e.getMessage();
    }
  }

  /**
   * The controller lets every operation other than CREATE and UPDATE through, so a review with an
   * operation it does not know (a typo, a future one, the wrong case) is allowed without looking at
   * its images. Found by {@link #review}.
   */
  @ParameterizedTest
  @ValueSource(strings = {"Ct", "create", ""})
  void review_unknownOperation_isDenied(String operation) {
    String body =
        """
        {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u1",\
        "kind":{"group":"","version":"v1","kind":"Pod"},"namespace":"default","operation":"%s",\
        "object":{"spec":{"containers":[{"name":"app","image":"untrusted.example/app:latest"}]}}}}
        """
            .formatted(operation);

    AdmissionController.Reply reply =
        controller.review(body.getBytes(StandardCharsets.UTF_8), false);

    JsonNode response = readJson(reply.body()).orElseThrow().path("response");
    assertThat(response.path("uid").textValue()).isEqualTo("u1");
    assertThat(response.path("allowed").booleanValue()).isFalse();
  }

  private static void check(byte[] body, Optional<JsonNode> sent, boolean mutate) {
    AdmissionController.Reply reply = controller.review(body, mutate);
    JsonNode answer = readJson(reply.body()).orElseThrow();
    Optional<String> uid = sent.flatMap(AdmissionReviewFuzzTest::uid);
    if (uid.isEmpty()) {
      assertThat(reply.status()).isEqualTo(400);
      assertThat(answer.at("/error/code").textValue()).isEqualTo("invalid_request");
      assertThat(answer.at("/error/message").textValue()).isNotBlank();
      return;
    }
    assertThat(reply.status()).isEqualTo(200);
    assertThat(answer.path("apiVersion").textValue()).isEqualTo("admission.k8s.io/v1");
    assertThat(answer.path("kind").textValue()).isEqualTo("AdmissionReview");
    JsonNode response = answer.path("response");
    assertThat(response.path("uid").textValue()).isEqualTo(uid.get());
    assertThat(response.path("allowed").isBoolean()).isTrue();
    boolean allowed = response.path("allowed").booleanValue();
    if (!understood(sent.get())) {
      assertThat(allowed).as("a request that is not understood is denied").isFalse();
    }
    if (!allowed) {
      assertThat(response.at("/status/code").intValue()).isEqualTo(403);
      assertThat(response.at("/status/message").textValue()).isNotBlank();
    }
    checkPatch(response, mutate && allowed);
  }

  private static void checkPatch(JsonNode response, boolean mayPatch) {
    if (!response.has("patch")) {
      return;
    }
    assertThat(mayPatch).as("only an admitting /mutate answer carries a patch").isTrue();
    assertThat(response.path("patchType").textValue()).isEqualTo("JSONPatch");
    JsonNode patch =
        readJson(Base64.getDecoder().decode(response.path("patch").textValue())).orElseThrow();
    assertThat(patch.isArray()).isTrue();
    assertThat(patch).isNotEmpty();
    for (JsonNode operation : patch) {
      assertThat(operation.path("op").textValue()).isEqualTo("replace");
      assertThat(operation.path("path").textValue()).startsWith("/").endsWith("/image");
      assertThat(operation.path("value").textValue()).endsWith("@" + DIGEST);
    }
  }

  /** The uid the webhook must echo: a printable one of 1 to 128 characters. */
  private static Optional<String> uid(JsonNode review) {
    JsonNode uid = review.path("request").path("uid");
    if (!review.path("request").isObject() || !uid.isTextual()) {
      return Optional.empty();
    }
    String text = uid.textValue();
    boolean printable = text.chars().allMatch(c -> c >= 0x21 && c <= 0x7e);
    return printable && !text.isEmpty() && text.length() <= AdmissionReviews.MAX_UID_LENGTH
        ? Optional.of(text)
        : Optional.empty();
  }

  /**
   * Whether the webhook can know what the request would run: a v1 AdmissionReview with a known
   * operation, and for one that starts containers a supported kind (or a Pod's ephemeral
   * containers).
   */
  private static boolean understood(JsonNode review) {
    JsonNode request = review.path("request");
    String operation = request.path("operation").textValue();
    String kind = request.path("kind").path("kind").textValue();
    String subResource = Optional.ofNullable(request.path("subResource").textValue()).orElse("");
    boolean envelope =
        "admission.k8s.io/v1".equals(review.path("apiVersion").textValue())
            && "AdmissionReview".equals(review.path("kind").textValue())
            && kind != null
            && !kind.isEmpty()
            && operation != null
            && OPERATIONS.contains(operation);
    if (!envelope || !STARTS_CONTAINERS.contains(operation)) {
      return envelope;
    }
    return Workloads.supports(kind)
        && (subResource.isEmpty()
            || (kind.equals("Pod") && subResource.equals("ephemeralcontainers")));
  }

  /**
   * The JSON document in {@code bytes}, which must be UTF-8 throughout, as the webhook requires.
   */
  private static Optional<JsonNode> readJson(byte[] bytes) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes));
      JsonNode node = JSON.readTree(bytes);
      return node == null || node.isMissingNode() ? Optional.empty() : Optional.of(node);
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
