package io.gatehouse.images.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.images.registry.Descriptor;
import io.gatehouse.images.registry.Manifest;
import io.gatehouse.images.registry.RegistryClient;
import io.gatehouse.images.registry.RegistryException;
import io.gatehouse.images.signature.VerificationResult.Finding;
import io.gatehouse.images.signature.VerificationResult.Problem;
import io.gatehouse.testing.OciRegistryServer;
import io.gatehouse.testing.TestImages;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SignatureIT {
  private static final AtomicInteger REPOSITORIES = new AtomicInteger();
  private static final KeyPair TRUSTED = KeyPairs.generate();
  private static final KeyPair OTHER = KeyPairs.generate();

  private final String host = OciRegistryServer.shared().address();
  private final String repo = "signed/app-" + REPOSITORIES.incrementAndGet();
  private final RegistryClient client = RegistryClient.create();
  private final SignatureVerifier verifier =
      SignatureVerifier.create(client, List.of(new TrustedKey("release", TRUSTED.getPublic())));

  @AfterEach
  void closeClient() {
    client.close();
  }

  private String pushImage(String tag) {
    return TestImages.push(host, repo, tag, "content of " + repo + ":" + tag);
  }

  private void attachSigned(String digest, byte[] payload, KeyPair signer) {
    String signature =
        Base64.getEncoder().encodeToString(SignatureAlgorithms.sign(signer.getPrivate(), payload));
    ImageSigner.attach(client, host, repo, digest, payload, signature);
  }

  private static List<Problem> problems(VerificationResult result) {
    return result.findings().stream().map(Finding::problem).toList();
  }

  @Test
  void verify_signedByTrustedKey_isVerified() {
    String digest = pushImage("v1");

    SignedImage signed = ImageSigner.create(client, TRUSTED.getPrivate()).sign(host, repo, "v1");
    VerificationResult result = verifier.verify(host, repo, "v1");

    assertThat(signed.signatureTag()).isEqualTo(digest.replace(':', '-') + ".sig");
    assertThat(result.verified()).isTrue();
    assertThat(result.verifiedBy()).contains("release");
    assertThat(result.imageDigest()).isEqualTo(digest);
    assertThat(verifier.verify(host, repo, digest).verified()).isTrue();
  }

  @Test
  void sign_storesCosignLayout() {
    String digest = pushImage("v1");

    ImageSigner.create(client, TRUSTED.getPrivate()).sign(host, repo, "v1");
    Manifest signatures =
        client.getManifest(host, repo, CosignLayout.signatureTag(digest)).orElseThrow();

    assertThat(signatures.mediaType()).isEqualTo(Manifest.OCI_MANIFEST);
    assertThat(signatures.config().orElseThrow().mediaType())
        .isEqualTo("application/vnd.oci.image.config.v1+json");
    Descriptor layer = signatures.layers().getFirst();
    assertThat(layer.mediaType()).isEqualTo("application/vnd.dev.cosign.simplesigning.v1+json");
    assertThat(layer.annotations()).containsKey("dev.cosignproject.cosign/signature");
    assertThat(new String(client.getBlob(host, repo, layer), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"critical\":{\"identity\":{\"docker-reference\":\""
                + host
                + "/"
                + repo
                + "\"},\"image\":{\"docker-manifest-digest\":\""
                + digest
                + "\"},\"type\":\"cosign container image signature\"},\"optional\":null}");
  }

  @Test
  void sign_secondSigner_appendsALayerAndBothVerify() {
    pushImage("v1");

    ImageSigner.create(client, OTHER.getPrivate()).sign(host, repo, "v1");
    SignedImage second = ImageSigner.create(client, TRUSTED.getPrivate()).sign(host, repo, "v1");
    VerificationResult result = verifier.verify(host, repo, "v1");

    assertThat(client.getManifest(host, repo, second.signatureTag()).orElseThrow().layers())
        .hasSize(2);
    assertThat(result.verifiedBy()).contains("release");
    assertThat(problems(result)).containsExactly(Problem.NOT_SIGNED_BY_TRUSTED_KEY);
  }

  @Test
  void verify_unsignedImage_hasNoSignatures() {
    pushImage("v1");

    VerificationResult result = verifier.verify(host, repo, "v1");

    assertThat(result.verified()).isFalse();
    assertThat(problems(result)).containsExactly(Problem.NO_SIGNATURES);
  }

  @Test
  void verify_signedByAnotherKey_isNotVerified() {
    pushImage("v1");
    ImageSigner.create(client, OTHER.getPrivate()).sign(host, repo, "v1");

    VerificationResult result = verifier.verify(host, repo, "v1");

    assertThat(result.verified()).isFalse();
    assertThat(problems(result)).containsExactly(Problem.NOT_SIGNED_BY_TRUSTED_KEY);
  }

  @Test
  void verify_tamperedSignature_isNotVerified() {
    String digest = pushImage("v1");
    byte[] payload = SimpleSigningPayload.forImage(host, repo, digest).toJson();
    byte[] signature = SignatureAlgorithms.sign(TRUSTED.getPrivate(), payload);
    signature[signature.length - 5] ^= 0x01;
    ImageSigner.attach(
        client, host, repo, digest, payload, Base64.getEncoder().encodeToString(signature));

    VerificationResult result = verifier.verify(host, repo, "v1");

    assertThat(result.verified()).isFalse();
    assertThat(problems(result)).containsExactly(Problem.NOT_SIGNED_BY_TRUSTED_KEY);
  }

  @Test
  void verify_signatureNotDerOrNotBase64_isBadSignature() {
    String digest = pushImage("v1");
    byte[] payload = SimpleSigningPayload.forImage(host, repo, digest).toJson();
    ImageSigner.attach(client, host, repo, digest, payload, "bm90IGEgc2lnbmF0dXJl");
    ImageSigner.attach(client, host, repo, digest, payload, "%%% not base64 %%%");

    VerificationResult result = verifier.verify(host, repo, "v1");

    assertThat(result.verified()).isFalse();
    assertThat(problems(result)).containsExactly(Problem.BAD_SIGNATURE, Problem.BAD_SIGNATURE);
  }

  @Test
  void verify_signatureCopiedFromAnotherImage_isDigestMismatch() {
    String first = pushImage("a");
    String second = pushImage("b");
    ImageSigner.create(client, TRUSTED.getPrivate()).sign(host, repo, "a");
    byte[] copied =
        client.getManifest(host, repo, CosignLayout.signatureTag(first)).orElseThrow().content();
    client.putManifest(
        host, repo, CosignLayout.signatureTag(second), Manifest.OCI_MANIFEST, copied);

    VerificationResult result = verifier.verify(host, repo, "b");

    assertThat(result.verified()).isFalse();
    assertThat(result.imageDigest()).isEqualTo(second);
    assertThat(problems(result)).containsExactly(Problem.DIGEST_MISMATCH);
  }

  @Test
  void verify_tagMovedAfterSigning_checksTheNewDigest() {
    String signedDigest = pushImage("v1");
    ImageSigner.create(client, TRUSTED.getPrivate()).sign(host, repo, "v1");
    String moved = TestImages.push(host, repo, "v1", "rebuilt content");

    VerificationResult result = verifier.verify(host, repo, "v1");

    assertThat(result.imageDigest()).isEqualTo(moved).isNotEqualTo(signedDigest);
    assertThat(result.verified()).isFalse();
    assertThat(problems(result)).containsExactly(Problem.NO_SIGNATURES);
    assertThat(verifier.verify(host, repo, signedDigest).verified()).isTrue();
  }

  @Test
  void verify_payloadForAnotherRepository_isIdentityMismatch() {
    String digest = pushImage("v1");
    attachSigned(
        digest, SimpleSigningPayload.forImage(host, "other/app", digest).toJson(), TRUSTED);

    VerificationResult result = verifier.verify(host, repo, "v1");

    assertThat(result.verified()).isFalse();
    assertThat(problems(result)).containsExactly(Problem.IDENTITY_MISMATCH);
  }

  @Test
  void verify_malformedPayloadSignedByTrustedKey_isMalformed() {
    String digest = pushImage("v1");
    attachSigned(
        digest,
        ("{\"critical\":{\"image\":{\"docker-manifest-digest\":\"" + digest + "\"}}}")
            .getBytes(StandardCharsets.UTF_8),
        TRUSTED);

    VerificationResult result = verifier.verify(host, repo, "v1");

    assertThat(result.verified()).isFalse();
    assertThat(problems(result)).containsExactly(Problem.MALFORMED_PAYLOAD);
  }

  @Test
  void verify_oversizedPayload_isRejectedWithoutParsing() {
    String digest = pushImage("v1");
    String padding = "x".repeat(70 * 1024);
    byte[] payload =
        ("{\"critical\":{\"identity\":{\"docker-reference\":\""
                + host
                + "/"
                + repo
                + "\"},\"image\":{\"docker-manifest-digest\":\""
                + digest
                + "\"},\"type\":\"cosign container image signature\"},\"optional\":{\"pad\":\""
                + padding
                + "\"}}")
            .getBytes(StandardCharsets.UTF_8);
    attachSigned(digest, payload, TRUSTED);

    VerificationResult result = verifier.verify(host, repo, "v1");

    assertThat(result.verified()).isFalse();
    assertThat(problems(result)).containsExactly(Problem.OVERSIZED_PAYLOAD);
  }

  @Test
  void verify_unknownImage_failsNotFound() {
    assertThatThrownBy(() -> verifier.verify(host, repo, "never-pushed"))
        .isInstanceOf(RegistryException.class)
        .extracting(e -> ((RegistryException) e).reason())
        .isEqualTo(RegistryException.Reason.NOT_FOUND);
  }

  @Test
  void verify_registryUnreachable_failsWithinTimeout() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    try (RegistryClient closed =
        RegistryClient.builder()
            .connectTimeout(Duration.ofSeconds(1))
            .requestTimeout(Duration.ofSeconds(2))
            .retryBackoff(Duration.ofMillis(10))
            .build()) {
      SignatureVerifier unreachable =
          SignatureVerifier.create(closed, List.of(new TrustedKey("k", TRUSTED.getPublic())));
      long start = System.nanoTime();

      assertThatThrownBy(() -> unreachable.verify("127.0.0.1:" + port, repo, "v1"))
          .isInstanceOf(RegistryException.class)
          .extracting(e -> ((RegistryException) e).reason())
          .isEqualTo(RegistryException.Reason.UNREACHABLE);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }
  }
}
