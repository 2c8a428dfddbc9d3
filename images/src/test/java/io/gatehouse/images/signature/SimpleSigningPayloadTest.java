package io.gatehouse.images.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SimpleSigningPayloadTest {
  private static final String DIGEST =
      "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270";

  private static SimpleSigningPayload parse(String json) throws Exception {
    return SimpleSigningPayload.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void toJson_image_isCosignsExactDocument() {
    byte[] json = SimpleSigningPayload.forImage("ghcr.io", "team/app", DIGEST).toJson();

    assertThat(new String(json, StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"critical\":{\"identity\":{\"docker-reference\":\"ghcr.io/team/app\"},"
                + "\"image\":{\"docker-manifest-digest\":\""
                + DIGEST
                + "\"},\"type\":\"cosign container image signature\"},\"optional\":null}");
  }

  @Test
  void forImage_dockerHubOfficialImage_namesItLikeCosign() {
    assertThat(SimpleSigningPayload.forImage("docker.io", "nginx", DIGEST).dockerReference())
        .isEqualTo("index.docker.io/library/nginx");
  }

  @Test
  void canonicalReference_shortDockerHubName_addsRegistryAndLibrary() {
    assertThat(SimpleSigningPayload.canonicalReference("nginx"))
        .isEqualTo("index.docker.io/library/nginx");
    assertThat(SimpleSigningPayload.canonicalReference("docker.io/team/app"))
        .isEqualTo("index.docker.io/team/app");
    assertThat(SimpleSigningPayload.canonicalReference("localhost:5000/app"))
        .isEqualTo("localhost:5000/app");
  }

  @Test
  void parse_roundTrip_returnsTheSameValues() throws Exception {
    SimpleSigningPayload payload = SimpleSigningPayload.forImage("ghcr.io", "team/app", DIGEST);

    assertThat(SimpleSigningPayload.parse(payload.toJson())).isEqualTo(payload);
  }

  @Test
  void parse_optionalAnnotations_areAccepted() throws Exception {
    assertThat(
            parse(
                    "{\"critical\":{\"identity\":{\"docker-reference\":\"r/a\"},\"image\":"
                        + "{\"docker-manifest-digest\":\""
                        + DIGEST
                        + "\"},\"type\":\"cosign container image signature\"},"
                        + "\"optional\":{\"git\":\"abc\"}}")
                .manifestDigest())
        .isEqualTo(DIGEST);
  }

  @Test
  void parse_duplicateDigestKey_isRejected() {
    assertThatThrownBy(
            () ->
                parse(
                    "{\"critical\":{\"identity\":{\"docker-reference\":\"r/a\"},\"image\":"
                        + "{\"docker-manifest-digest\":\""
                        + DIGEST
                        + "\",\"docker-manifest-digest\":\"sha256:"
                        + "0".repeat(64)
                        + "\"},\"type\":\"cosign container image signature\"},\"optional\":null}"))
        .isInstanceOf(SimpleSigningPayload.MalformedPayloadException.class);
  }

  @Test
  void parse_unknownCriticalField_isRejected() {
    assertThatThrownBy(
            () ->
                parse(
                    "{\"critical\":{\"identity\":{\"docker-reference\":\"r/a\"},\"image\":"
                        + "{\"docker-manifest-digest\":\""
                        + DIGEST
                        + "\"},\"type\":\"cosign container image signature\",\"extra\":1}}"))
        .isInstanceOf(SimpleSigningPayload.MalformedPayloadException.class)
        .hasMessage("critical has an unknown field");
  }

  @Test
  void parse_otherType_isRejected() {
    assertThatThrownBy(
            () ->
                parse(
                    "{\"critical\":{\"identity\":{\"docker-reference\":\"r/a\"},\"image\":"
                        + "{\"docker-manifest-digest\":\""
                        + DIGEST
                        + "\"},\"type\":\"atomic container signature\"}}"))
        .isInstanceOf(SimpleSigningPayload.MalformedPayloadException.class)
        .hasMessageContaining("critical.type");
  }

  @Test
  void parse_trailingData_isRejected() {
    assertThatThrownBy(() -> parse("{\"critical\":{}} {}"))
        .isInstanceOf(SimpleSigningPayload.MalformedPayloadException.class);
  }
}
