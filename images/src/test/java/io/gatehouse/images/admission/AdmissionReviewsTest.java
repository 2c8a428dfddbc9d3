package io.gatehouse.images.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdmissionReviewsTest {
  private static AdmissionRequest read(String json) {
    return AdmissionReviews.read(json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The parser's name table pads a 3-byte name with a 0xFF byte, so once it has seen "ame" it takes
   * the invalid bytes FF 61 6D 65 for that name. Found by the fuzz test.
   */
  @Test
  void read_invalidUtf8_refusedEvenInANameTheParserHasSeen() {
    String review =
        """
        {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u-8",        "kind":{"kind":"Pod"},"operation":"CREATE","object":{"spec":{"containers":        [{"%s":"x","name":"app","image":"nginx:1"}]}}}}
        """;
    read(review.formatted("ame"));
    byte[] invalid = review.formatted("?ame").getBytes(StandardCharsets.UTF_8);
    invalid[new String(invalid, StandardCharsets.UTF_8).indexOf("?ame")] = (byte) 0xFF;

    assertThatThrownBy(() -> AdmissionReviews.read(invalid))
        .isInstanceOf(MalformedReviewException.class)
        .hasMessageContaining("not UTF-8");
    assertThat(read(review.formatted("\u00e9t\u00e9")).kind()).isEqualTo("Pod");
  }

  @Test
  void read_podReview_takesTheFieldsTheWebhookNeeds() {
    AdmissionRequest request =
        AdmissionReviews.read(Reviews.create("u-1", "Pod", "shop", List.of("nginx:1")));

    assertThat(request.uid()).isEqualTo("u-1");
    assertThat(request.kind()).isEqualTo("Pod");
    assertThat(request.operation()).isEqualTo("CREATE");
    assertThat(request.namespace()).isEqualTo("shop");
    assertThat(request.name()).isEqualTo("web");
    assertThat(request.subResource()).isEmpty();
    assertThat(request.object().at("/spec/containers/0/image").asText()).isEqualTo("nginx:1");
  }

  @Test
  void read_updateWithOldObject_judgesTheNewObjectOnly() {
    AdmissionRequest request =
        read(
            """
            {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u",
             "kind":{"group":"","version":"v1","kind":"Pod"},"operation":"UPDATE",
             "oldObject":{"spec":{"containers":[{"name":"a","image":"old.io/x:1"}]}},
             "object":{"spec":{"containers":[{"name":"a","image":"new.io/x:2"}]}}}}
            """);

    assertThat(request.object().at("/spec/containers/0/image").asText()).isEqualTo("new.io/x:2");
  }

  @Test
  void read_supportedKindFirst_keepsOnlyWhatTheImagesNeed() {
    AdmissionRequest request =
        read(
            """
            {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u",
             "kind":{"kind":"Deployment"},"operation":"CREATE","object":{
              "metadata":{"name":"web","annotations":{"big":"%s"}},
              "spec":{"replicas":3,"template":{"metadata":{"labels":{"a":"b"}},"spec":{
               "volumes":[{"name":"v","emptyDir":{}}],
               "initContainers":[{"name":"init","image":"r.io/init:1","args":["x"]}],
               "containers":[{"name":"app","image":"r.io/app:1","env":[{"name":"A","value":"1"}]},
                             {"image":"r.io/side:2","name":"side"}]}}}}}}
            """
                .formatted("x".repeat(10_000)));

    assertThat(request.object().toString())
        .isEqualTo(
            "{\"spec\":{\"template\":{\"spec\":{"
                + "\"initContainers\":[{\"name\":\"init\",\"image\":\"r.io/init:1\"}],"
                + "\"containers\":[{\"name\":\"app\",\"image\":\"r.io/app:1\"},"
                + "{\"image\":\"r.io/side:2\",\"name\":\"side\"}]}}}}");
    assertThat(Workloads.images("Deployment", request.object()).orElseThrow())
        .extracting(ContainerImage::pointer, ContainerImage::image)
        .containsExactly(
            tuple("/spec/template/spec/initContainers/0/image", "r.io/init:1"),
            tuple("/spec/template/spec/containers/0/image", "r.io/app:1"),
            tuple("/spec/template/spec/containers/1/image", "r.io/side:2"));
  }

  @Test
  void read_kindAfterObject_readsTheWholeObject() {
    AdmissionRequest request =
        read(
            """
            {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u",
             "operation":"CREATE",
             "object":{"metadata":{"name":"p"},"spec":{"containers":[{"name":"a","image":"x:1"}]}},
             "kind":{"kind":"Pod"}}}
            """);

    assertThat(request.object().at("/metadata/name").asText()).isEqualTo("p");
    assertThat(Workloads.images("Pod", request.object()).orElseThrow())
        .extracting(ContainerImage::image)
        .containsExactly("x:1");
  }

  @Test
  void read_malformedShapesOfAKeptPath_keepTheirShape() {
    AdmissionRequest request =
        read(
            """
            {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u",
             "kind":{"kind":"Pod"},"operation":"CREATE",
             "object":{"spec":{"containers":[{"name":"a","image":{"not":"text"}}, "b"],
                               "initContainers":"none"}}}}
            """);

    assertThat(request.object().at("/spec/containers/0/image").isObject()).isTrue();
    assertThat(request.object().at("/spec/containers/1").asText()).isEqualTo("b");
    assertThatThrownBy(() -> Workloads.images("Pod", request.object()))
        .isInstanceOf(MalformedWorkloadException.class)
        .hasMessageContaining("/spec/initContainers");
  }

  @Test
  void read_repeatedPodSpec_lastOneCountsAsInATree() {
    AdmissionRequest request =
        read(
            """
            {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u",
             "kind":{"kind":"Pod"},"operation":"CREATE",
             "object":{"spec":{"containers":[{"name":"a","image":"trusted.io/a:1"}]},
                       "spec":{"containers":[{"name":"a","image":"evil.io/a:1"}]}}}}
            """);

    assertThat(Workloads.images("Pod", request.object()).orElseThrow())
        .extracting(ContainerImage::image)
        .containsExactly("evil.io/a:1");
  }

  @Test
  void read_kindRepeatedWithAnotherKindAfterTheObject_isMalformed() {
    // Read as a Pod (spec.containers), judged as a Deployment (spec.template.spec), its images
    // would go unseen.
    assertThatThrownBy(
            () ->
                read(
                    """
                    {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{
                     "uid":"u","kind":{"kind":"Pod"},"operation":"CREATE",
                     "object":{"spec":{"template":{"spec":{"containers":[
                       {"name":"a","image":"evil.io/a:1"}]}}}},
                     "kind":{"kind":"Deployment"}}}
                    """))
        .isInstanceOf(MalformedReviewException.class)
        .hasMessageContaining("request.kind is given twice");
  }

  @Test
  void read_repeatedField_lastOneCounts() {
    AdmissionRequest request =
        read(
            """
            {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u",
             "kind":{"kind":"Pod"},"operation":"CREATE","operation":"UPDATE","object":{}}}
            """);

    assertThat(request.operation()).isEqualTo("UPDATE");
  }

  @Test
  void read_missingObject_isMissingNotEmpty() {
    AdmissionRequest request =
        read(
            """
            {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u",
             "kind":{"kind":"Pod"},"operation":"CREATE","object":null}}
            """);

    assertThat(request.object().isObject()).isFalse();
  }

  @Test
  void read_uidNotAString_isMalformedWithoutUid() {
    assertThatThrownBy(
            () ->
                read(
                    """
                    {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview",
                     "request":{"uid":{"x":1},"kind":{"kind":"Pod"},"operation":"CREATE"}}
                    """))
        .isInstanceOf(MalformedReviewException.class)
        .hasMessageContaining("request.uid")
        .satisfies(e -> assertThat(((MalformedReviewException) e).uid()).isEmpty());
  }

  @Test
  void read_truncatedJson_isNotJson() {
    assertThatThrownBy(() -> read("{\"apiVersion\":\"admission.k8s.io/v1\",\"request\":{\"uid\""))
        .isInstanceOf(MalformedReviewException.class)
        .hasMessageStartingWith("the body is not JSON");
  }

  @Test
  void read_topLevelArray_isNotAnObject() {
    assertThatThrownBy(() -> read("[1,2,3]"))
        .isInstanceOf(MalformedReviewException.class)
        .hasMessage("the body is not a JSON object");
  }
}
