package io.gatehouse.images.signature;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.images.registry.Descriptor;
import io.gatehouse.images.registry.Manifest;
import java.io.IOException;
import java.util.List;

/**
 * Where cosign keeps signatures in a registry: an OCI image manifest tagged {@code
 * sha256-<hex>.sig} in the image's repository, one simple-signing layer per signature, the
 * signature in the layer's {@code dev.cosignproject.cosign/signature} annotation.
 */
final class CosignLayout {
  static final String SIMPLE_SIGNING_TYPE = "application/vnd.dev.cosign.simplesigning.v1+json";
  static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";
  static final String CONFIG_TYPE = "application/vnd.oci.image.config.v1+json";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private CosignLayout() {}

  /** {@code sha256:abc...} becomes {@code sha256-abc....sig}. */
  static String signatureTag(String imageDigest) {
    return imageDigest.replace(':', '-') + ".sig";
  }

  /** The image config cosign writes: no platform, the layers' digests as diff IDs. */
  static byte[] config(List<Descriptor> layers) {
    ObjectNode config = MAPPER.createObjectNode();
    config.put("architecture", "");
    config.put("created", "0001-01-01T00:00:00Z");
    config.putArray("history").addObject().put("created", "0001-01-01T00:00:00Z");
    config.put("os", "");
    ObjectNode rootfs = config.putObject("rootfs");
    rootfs.put("type", "layers");
    ArrayNode diffIds = rootfs.putArray("diff_ids");
    layers.forEach(layer -> diffIds.add(layer.digest()));
    config.putObject("config");
    return write(config);
  }

  static byte[] manifest(Descriptor config, List<Descriptor> layers) {
    ObjectNode manifest = MAPPER.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", Manifest.OCI_MANIFEST);
    manifest.set("config", descriptor(config));
    ArrayNode array = manifest.putArray("layers");
    layers.forEach(layer -> array.add(descriptor(layer)));
    return write(manifest);
  }

  private static ObjectNode descriptor(Descriptor descriptor) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("mediaType", descriptor.mediaType());
    node.put("size", descriptor.size());
    node.put("digest", descriptor.digest());
    if (!descriptor.annotations().isEmpty()) {
      ObjectNode annotations = node.putObject("annotations");
      descriptor.annotations().forEach(annotations::put);
    }
    return node;
  }

  private static byte[] write(ObjectNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a signature manifest", e);
    }
  }
}
