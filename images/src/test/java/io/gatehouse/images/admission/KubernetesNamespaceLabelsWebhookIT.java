package io.gatehouse.images.admission;

import static io.gatehouse.images.admission.KubernetesNamespaceLabelsIT.awaitTrue;
import static io.gatehouse.images.admission.KubernetesNamespaceLabelsIT.namespace;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.gatehouse.images.policy.ImagePolicy;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The webhook over real HTTPS, placing namespaces by label with the labels its informer reads from
 * fabric8's mock Kubernetes API server (CRUD mode). The mock serves lists and watches faithfully
 * but does not show watch behaviour under a real API server's load.
 */
class KubernetesNamespaceLabelsWebhookIT {
  private static final String DIGEST = "sha256:" + "ab".repeat(32);
  private static final String POLICY =
      """
      version: 1
      images:
        mode: enforce
        trustedRegistries: [myacr.azurecr.io]
        exemptNamespaces:
          - selector: { matchLabels: { gatehouse.io/exempt: "true" } }
        namespaces:
          - selector: { matchLabels: { env: prod } }
            trustedRegistries: [myacr.azurecr.io/prod]
            requireDigest: true
      """;

  private KubernetesMockServer server;
  private KubernetesClient client;
  @TempDir Path tls;
  private KubernetesNamespaceLabels labels;
  private AdmissionWebhook webhook;
  private WebhookClient https;
  private KubernetesClient unreachable;

  private void start(KubernetesClient kubernetes, Duration syncTimeout) {
    labels = KubernetesNamespaceLabels.start(kubernetes, syncTimeout);
    SelfSignedTls.TlsFiles files =
        SelfSignedTls.ensure(tls, SelfSignedTls.DEFAULT_NAMES, Clock.systemUTC());
    webhook =
        AdmissionWebhook.start(
            new AdmissionConfig(
                "127.0.0.1",
                0,
                files.certificate(),
                files.key(),
                Duration.ofSeconds(60),
                ImagePolicy.parse(POLICY),
                SignatureCheck.unavailable(),
                labels,
                Duration.ofSeconds(3),
                AdmissionConfig.DEFAULT_MAX_REQUEST_BYTES,
                AdmissionMetrics.create()));
    https = new WebhookClient(files.ca(), webhook.port());
  }

  @BeforeEach
  void startApiServer() {
    server = KubernetesNamespaceLabelsIT.mockApiServer();
    client = server.createClient();
  }

  @AfterEach
  void stop() {
    if (webhook != null) {
      webhook.close();
    }
    KubernetesNamespaceLabelsIT.stopAll(server, labels, client);
    if (unreachable != null) {
      unreachable.close();
    }
  }

  private JsonNode validate(String uid, String namespace, String image) throws Exception {
    HttpResponse<String> response =
        https.post("/validate", Reviews.create(uid, "Pod", namespace, List.of(image)));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Reviews.JSON.readTree(response.body()).path("response");
  }

  private void create(String name, Map<String, String> namespaceLabels) {
    client.namespaces().resource(namespace(name, namespaceLabels)).create();
  }

  @Test
  void validate_namespaceLabelledProd_getsTheProdOverride() throws Exception {
    create("shop", Map.of("env", "prod"));
    create("shop-dev", Map.of("env", "dev"));
    start(client, Duration.ofSeconds(10));

    JsonNode tagInProd = validate("p-1", "shop", "myacr.azurecr.io/prod/web:1");
    JsonNode pinnedInProd = validate("p-2", "shop", "myacr.azurecr.io/prod/web@" + DIGEST);
    JsonNode otherRepoInProd = validate("p-3", "shop", "myacr.azurecr.io/team/web@" + DIGEST);
    JsonNode tagInDev = validate("d-1", "shop-dev", "myacr.azurecr.io/team/web:1");

    assertThat(https.get("/readyz").statusCode()).isEqualTo(200);
    assertThat(tagInProd.path("allowed").asBoolean()).isFalse();
    assertThat(tagInProd.path("status").path("message").asText()).contains("digest-required");
    assertThat(pinnedInProd.path("allowed").asBoolean()).isTrue();
    assertThat(otherRepoInProd.path("allowed").asBoolean()).isFalse();
    assertThat(otherRepoInProd.path("status").path("message").asText())
        .contains("untrusted-registry");
    assertThat(tagInDev.path("allowed").asBoolean()).as(tagInDev.toString()).isTrue();
  }

  @Test
  void validate_namespaceRelabelledProd_getsTheProdOverrideOnceWatched() throws Exception {
    create("shop-dev", Map.of("env", "dev"));
    start(client, Duration.ofSeconds(10));
    assertThat(
            validate("r-1", "shop-dev", "myacr.azurecr.io/team/web:1").path("allowed").asBoolean())
        .isTrue();

    client
        .namespaces()
        .withName("shop-dev")
        .edit(
            ns ->
                new NamespaceBuilder(ns)
                    .editMetadata()
                    .addToLabels("env", "prod")
                    .endMetadata()
                    .build());
    awaitTrue(() -> labels.labels("shop-dev").orElseThrow().equals(Map.of("env", "prod")));

    assertThat(
            validate("r-2", "shop-dev", "myacr.azurecr.io/team/web:1").path("allowed").asBoolean())
        .isFalse();
  }

  @Test
  void validate_namespaceExemptByLabel_isAllowedWithoutChecks() throws Exception {
    create("tools", Map.of("gatehouse.io/exempt", "true"));
    start(client, Duration.ofSeconds(10));

    JsonNode response = validate("x-1", "tools", "evil.example.com/anything:latest");

    assertThat(response.path("allowed").asBoolean()).isTrue();
  }

  @Test
  void validate_namespaceTheApiServerDoesNotKnow_isDenied() throws Exception {
    start(client, Duration.ofSeconds(10));

    JsonNode response = validate("u-1", "nowhere", "myacr.azurecr.io/team/web:1");

    assertThat(response.path("allowed").asBoolean()).isFalse();
    assertThat(response.path("status").path("message").asText())
        .contains("the labels of namespace nowhere are not known");
  }

  @Test
  void readyz_namespacesNotListed_answers503AndReviewsFailClosed() throws Exception {
    unreachable = KubernetesNamespaceLabelsIT.unreachableClient();
    start(unreachable, Duration.ofMillis(300));

    HttpResponse<String> ready = https.get("/readyz");
    JsonNode response = validate("n-1", "shop", "myacr.azurecr.io/prod/web@" + DIGEST);

    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.body()).contains("not ready");
    assertThat(https.get("/healthz").statusCode()).isEqualTo(200);
    assertThat(response.path("allowed").asBoolean()).isFalse();
    assertThat(response.path("status").path("message").asText())
        .contains("the labels of namespace shop are not known");
  }
}
