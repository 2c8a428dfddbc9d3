package io.gatehouse.images.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdmissionReviewsTest {
  private static AdmissionRequest read(String json) {
    return AdmissionReviews.read(json.getBytes(StandardCharsets.UTF_8));
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
