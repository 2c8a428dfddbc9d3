package io.gatehouse.cli;

import io.gatehouse.images.registry.Manifest;
import io.gatehouse.images.registry.RegistryClient;
import java.nio.charset.StandardCharsets;

/** Pushes small, real OCI images through the registry API. */
final class TestImages {
  private TestImages() {}

  /** Pushes a one-layer image whose layer says {@code content}; returns its manifest digest. */
  static String push(
      RegistryClient client, String registry, String repository, String tag, String content) {
    byte[] layer = content.getBytes(StandardCharsets.UTF_8);
    byte[] config =
        "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
    String layerDigest = client.pushBlob(registry, repository, layer);
    String configDigest = client.pushBlob(registry, repository, config);
    String manifest =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + Manifest.OCI_MANIFEST
            + "\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
            + "\"digest\":\""
            + configDigest
            + "\",\"size\":"
            + config.length
            + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\","
            + "\"digest\":\""
            + layerDigest
            + "\",\"size\":"
            + layer.length
            + "}]}";
    return client.putManifest(
        registry,
        repository,
        tag,
        Manifest.OCI_MANIFEST,
        manifest.getBytes(StandardCharsets.UTF_8));
  }
}
