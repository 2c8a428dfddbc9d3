package io.gatehouse.images.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.images.registry.RegistryException.Reason;
import io.gatehouse.testing.OciRegistryServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryClientIT {
  private static final AtomicInteger REPOSITORIES = new AtomicInteger();

  private final OciRegistryServer registry = OciRegistryServer.shared();
  private final String host = registry.address();

  private static String newRepository() {
    return "team/app-" + REPOSITORIES.incrementAndGet();
  }

  /** Pushes a one-layer OCI image and returns its manifest's digest. */
  private static String pushImage(RegistryClient client, String host, String repo, String tag) {
    byte[] layer = ("layer of " + repo + " " + tag).getBytes(StandardCharsets.UTF_8);
    byte[] config =
        "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
    String layerDigest = client.pushBlob(host, repo, layer);
    String configDigest = client.pushBlob(host, repo, config);
    String manifest =
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
            + configDigest
            + "\",\"size\":"
            + config.length
            + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\""
            + layerDigest
            + "\",\"size\":"
            + layer.length
            + "}]}";
    return client.putManifest(
        host, repo, tag, Manifest.OCI_MANIFEST, manifest.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void getManifest_pushedByTag_returnsVerifiedContentAndLayers() {
    try (RegistryClient client = RegistryClient.create()) {
      String repo = newRepository();
      String digest = pushImage(client, host, repo, "v1");

      Manifest byTag = client.getManifest(host, repo, "v1").orElseThrow();
      Manifest byDigest = client.getManifest(host, repo, digest).orElseThrow();

      assertThat(byTag.digest()).isEqualTo(digest);
      assertThat(byTag.mediaType()).isEqualTo(Manifest.OCI_MANIFEST);
      assertThat(byDigest).isEqualTo(byTag);
      assertThat(byTag.isIndex()).isFalse();
      assertThat(byTag.layers())
          .singleElement()
          .extracting(Descriptor::size)
          .isEqualTo((long) ("layer of " + repo + " v1").length());
      assertThat(client.headManifest(host, repo, "v1").orElseThrow())
          .isEqualTo(new ManifestInfo(digest, Manifest.OCI_MANIFEST, byTag.size()));
    }
  }

  @Test
  void getManifest_imageIndex_listsItsManifests() {
    try (RegistryClient client = RegistryClient.create()) {
      String repo = newRepository();
      String amd64 = pushImage(client, host, repo, "amd64");
      long size = client.headManifest(host, repo, amd64).orElseThrow().size();
      String index =
          "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
              + "\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
              + "\"digest\":\""
              + amd64
              + "\",\"size\":"
              + size
              + ",\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}}]}";
      client.putManifest(
          host, repo, "multi", Manifest.OCI_INDEX, index.getBytes(StandardCharsets.UTF_8));

      Manifest manifest = client.getManifest(host, repo, "multi").orElseThrow();

      assertThat(manifest.isIndex()).isTrue();
      assertThat(manifest.manifests())
          .containsExactly(new Descriptor(Manifest.OCI_MANIFEST, amd64, size, Map.of()));
    }
  }

  @Test
  void getManifest_unknownTag_isEmptyAndResolveFails() {
    try (RegistryClient client = RegistryClient.create()) {
      String repo = newRepository();
      pushImage(client, host, repo, "v1");

      assertThat(client.getManifest(host, repo, "missing")).isEmpty();
      assertThat(client.headManifest(host, repo, "missing")).isEmpty();
      assertThatThrownBy(() -> client.resolveDigest(host, repo, "missing"))
          .isInstanceOf(RegistryException.class)
          .hasMessageContaining(host + "/" + repo)
          .extracting(e -> ((RegistryException) e).reason())
          .isEqualTo(Reason.NOT_FOUND);
    }
  }

  @Test
  void getBlob_pushedBlob_returnsVerifiedBytes() {
    try (RegistryClient client = RegistryClient.create()) {
      String repo = newRepository();
      byte[] content = new byte[100_000];
      new SecureRandom().nextBytes(content);

      String digest = client.pushBlob(host, repo, content);

      assertThat(client.headBlob(host, repo, digest)).contains(100_000L);
      assertThat(client.getBlob(host, repo, new Descriptor("x", digest, content.length, Map.of())))
          .isEqualTo(content);
      assertThat(client.pushBlob(host, repo, content)).isEqualTo(digest);
    }
  }

  @Test
  void getBlob_largerThanLimit_failsTooLarge() {
    try (RegistryClient client = RegistryClient.create()) {
      String repo = newRepository();
      String digest = client.pushBlob(host, repo, new byte[10_000]);

      assertThatThrownBy(() -> client.getBlob(host, repo, digest, 1_000))
          .isInstanceOf(RegistryException.class)
          .extracting(e -> ((RegistryException) e).reason())
          .isEqualTo(Reason.TOO_LARGE);
    }
  }

  @Test
  void getBlob_descriptorSizeDiffers_fails() {
    try (RegistryClient client = RegistryClient.create()) {
      String repo = newRepository();
      String digest = client.pushBlob(host, repo, new byte[100]);

      assertThatThrownBy(
              () -> client.getBlob(host, repo, new Descriptor("x", digest, 99, Map.of())))
          .isInstanceOf(RegistryException.class)
          .extracting(e -> ((RegistryException) e).reason())
          .isEqualTo(Reason.TOO_LARGE);
    }
  }

  @Test
  void putManifest_largerThanFourMebibytes_isRefusedBeforeSending() {
    try (RegistryClient client = RegistryClient.create()) {
      byte[] big = new byte[(4 << 20) + 1];

      assertThatThrownBy(
              () -> client.putManifest(host, newRepository(), "v1", Manifest.OCI_MANIFEST, big))
          .isInstanceOf(RegistryException.class)
          .extracting(e -> ((RegistryException) e).reason())
          .isEqualTo(Reason.TOO_LARGE);
    }
  }

  @Test
  void listTags_manyTags_returnsAllAcrossPages() {
    AtomicInteger pages = new AtomicInteger();
    try (RegistryClient client =
        RegistryClient.builder()
            .listener(
                (reg, operation, outcome, duration) -> {
                  if (operation.equals("tags.list")) {
                    pages.incrementAndGet();
                  }
                })
            .build()) {
      String repo = newRepository();
      String digest = pushImage(client, host, repo, "t000");
      byte[] manifest = client.getManifest(host, repo, digest).orElseThrow().content();
      List<String> expected = new ArrayList<>(List.of("t000"));
      for (int i = 1; i < 120; i++) {
        String tag = String.format("t%03d", i);
        client.putManifest(host, repo, tag, Manifest.OCI_MANIFEST, manifest);
        expected.add(tag);
      }

      assertThat(client.listTags(host, repo)).containsExactlyInAnyOrderElementsOf(expected);
      // Registry 2.8 ignores n= for tags and answers in one page; registry 3 pages via Link.
      assertThat(pages.get()).isBetween(1, 2);
    }
  }

  @Test
  void listener_eachRequest_isReportedWithOperationAndOutcome() {
    List<String> calls = new CopyOnWriteArrayList<>();
    try (RegistryClient client =
        RegistryClient.builder()
            .listener((reg, operation, outcome, duration) -> calls.add(operation + " " + outcome))
            .build()) {
      String repo = newRepository();

      assertThat(client.headManifest(host, repo, "nothing")).isEmpty();

      assertThat(calls).containsExactly("manifest.head CLIENT_ERROR");
    }
  }

  @Test
  void getManifest_closedPort_failsUnreachableWithinTimeout() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    try (RegistryClient client =
        RegistryClient.builder()
            .connectTimeout(Duration.ofSeconds(1))
            .requestTimeout(Duration.ofSeconds(2))
            .retryBackoff(Duration.ofMillis(10))
            .build()) {
      Instant start = Instant.now();

      assertThatThrownBy(() -> client.getManifest("127.0.0.1:" + port, "team/app", "v1"))
          .isInstanceOf(RegistryException.class)
          .hasMessageContaining("127.0.0.1:" + port + "/team/app")
          .extracting(e -> ((RegistryException) e).reason())
          .isEqualTo(Reason.UNREACHABLE);
      assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(3));
    }
  }

  @Test
  void basicAuth_rightAndWrongCredentials_areAcceptedAndRefused() {
    String hash =
        OpenBSDBCrypt.generate(
            "2y", "s3cret-pass".toCharArray(), new SecureRandom().generateSeed(16), 5);
    try (OciRegistryServer secured = OciRegistryServer.startWithHtpasswd("ci:" + hash + "\n")) {
      String securedHost = secured.address();
      RegistryCredentials good =
          RegistryCredentials.of(securedHost, new BasicCredentials("ci", "s3cret-pass"));
      RegistryCredentials bad =
          RegistryCredentials.of(securedHost, new BasicCredentials("ci", "wrong-pass"));
      try (RegistryClient client = RegistryClient.builder().credentials(good).build();
          RegistryClient wrong = RegistryClient.builder().credentials(bad).build();
          RegistryClient anonymous = RegistryClient.create()) {
        String digest = pushImage(client, securedHost, "team/app", "v1");

        assertThat(client.resolveDigest(securedHost, "team/app", "v1")).isEqualTo(digest);
        assertThatThrownBy(() -> wrong.getManifest(securedHost, "team/app", "v1"))
            .isInstanceOf(RegistryException.class)
            .hasMessageNotContaining("wrong-pass")
            .extracting(e -> ((RegistryException) e).reason())
            .isEqualTo(Reason.UNAUTHORIZED);
        assertThatThrownBy(() -> anonymous.getManifest(securedHost, "team/app", "v1"))
            .isInstanceOf(RegistryException.class)
            .extracting(e -> ((RegistryException) e).reason())
            .isEqualTo(Reason.UNAUTHORIZED);
      }
    }
  }

  @Test
  void bearerAuth_tokenFlow_pushesPullsAndCachesTokens(@TempDir Path dir) throws Exception {
    try (TokenServer tokens = new TokenServer("ci", "token-pass");
        OciRegistryServer secured =
            OciRegistryServer.startWithTokenAuth(
                new OciRegistryServer.TokenAuth(
                    tokens.realm(),
                    TokenServer.SERVICE,
                    TokenServer.ISSUER,
                    tokens.writeCertificateBundle(dir)))) {
      String securedHost = secured.address();
      RegistryCredentials credentials =
          RegistryCredentials.of(securedHost, new BasicCredentials("ci", "token-pass"));
      try (RegistryClient client = RegistryClient.builder().credentials(credentials).build();
          RegistryClient anonymous = RegistryClient.create()) {
        String digest = pushImage(client, securedHost, "team/app", "v1");
        int afterPush = tokens.issued();
        for (int i = 0; i < 3; i++) {
          assertThat(client.resolveDigest(securedHost, "team/app", "v1")).isEqualTo(digest);
        }

        // One token for pull (checking blobs before upload), one for pull,push; pulls reuse it.
        assertThat(afterPush).isEqualTo(2);
        assertThat(tokens.issued()).isEqualTo(afterPush);
        assertThatThrownBy(() -> anonymous.getManifest(securedHost, "team/app", "v1"))
            .isInstanceOf(RegistryException.class)
            .extracting(e -> ((RegistryException) e).reason())
            .isEqualTo(Reason.UNAUTHORIZED);
      }
    }
  }
}
