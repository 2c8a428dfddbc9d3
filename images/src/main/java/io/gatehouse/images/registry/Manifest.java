package io.gatehouse.images.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A manifest as the registry served it, its digest verified against its bytes. Image manifests list
 * a config and layers; image indexes (and Docker manifest lists) list other manifests.
 */
public final class Manifest {
  /** An OCI image manifest. */
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

  /** An OCI image index. */
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";

  /** A Docker image manifest, schema 2. */
  public static final String DOCKER_MANIFEST =
      "application/vnd.docker.distribution.manifest.v2+json";

  /** A Docker manifest list. */
  public static final String DOCKER_MANIFEST_LIST =
      "application/vnd.docker.distribution.manifest.list.v2+json";

  /** The media types the client accepts, in order of preference. */
  public static final List<String> ACCEPTED_TYPES =
      List.of(OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_MANIFEST_LIST);

  private final String registry;
  private final String repository;
  private final String digest;
  private final String mediaType;
  private final byte[] content;

  Manifest(String registry, String repository, String digest, String mediaType, byte[] content) {
    this.registry = registry;
    this.repository = repository;
    this.digest = digest;
    this.mediaType = mediaType;
    this.content = content.clone();
  }

  /** The manifest's digest, {@code algorithm:hex}, verified against {@link #content()}. */
  public String digest() {
    return digest;
  }

  /** The media type the registry announced, or the one the manifest declares if none. */
  public String mediaType() {
    return mediaType;
  }

  /** The manifest's exact bytes (a copy). */
  public byte[] content() {
    return content.clone();
  }

  /** The manifest's length in bytes. */
  public long size() {
    return content.length;
  }

  /** Whether this lists other manifests (an OCI image index or a Docker manifest list). */
  public boolean isIndex() {
    return mediaType.equals(OCI_INDEX) || mediaType.equals(DOCKER_MANIFEST_LIST);
  }

  /**
   * The manifests an index lists; empty for an image manifest.
   *
   * @throws RegistryException ({@code PROTOCOL_ERROR}) when the manifest is not valid JSON of its
   *     kind
   */
  public List<Descriptor> manifests() {
    return isIndex() ? descriptors(document().path("manifests"), "manifests") : List.of();
  }

  /**
   * The layers an image manifest lists; empty for an index.
   *
   * @throws RegistryException ({@code PROTOCOL_ERROR}) when the manifest is malformed
   */
  public List<Descriptor> layers() {
    return isIndex() ? List.of() : descriptors(document().path("layers"), "layers");
  }

  /**
   * The config blob an image manifest names; empty for an index.
   *
   * @throws RegistryException ({@code PROTOCOL_ERROR}) when the manifest is malformed
   */
  public Optional<Descriptor> config() {
    if (isIndex()) {
      return Optional.empty();
    }
    return Optional.of(descriptor(document().path("config"), "config"));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Manifest that
        && digest.equals(that.digest)
        && mediaType.equals(that.mediaType)
        && Arrays.equals(content, that.content);
  }

  @Override
  public int hashCode() {
    return digest.hashCode();
  }

  @Override
  public String toString() {
    return "Manifest[" + registry + "/" + repository + "@" + digest + ", " + mediaType + "]";
  }

  private JsonNode document() {
    try {
      JsonNode node = RegistryJson.read(content);
      if (!node.isObject()) {
        throw malformed("not a JSON object", null);
      }
      return node;
    } catch (IOException e) {
      throw malformed("not valid JSON", e);
    }
  }

  private List<Descriptor> descriptors(JsonNode array, String field) {
    if (array.isMissingNode() || array.isNull()) {
      return List.of();
    }
    if (!array.isArray()) {
      throw malformed("\"" + field + "\" is not an array", null);
    }
    List<Descriptor> result = new ArrayList<>();
    for (JsonNode element : array) {
      result.add(descriptor(element, field));
    }
    return List.copyOf(result);
  }

  private Descriptor descriptor(JsonNode node, String field) {
    JsonNode mediaTypeNode = node.path("mediaType");
    JsonNode digestNode = node.path("digest");
    JsonNode sizeNode = node.path("size");
    if (!mediaTypeNode.isTextual()
        || !digestNode.isTextual()
        || !Digests.isValid(digestNode.asText())
        || !sizeNode.canConvertToLong()
        || !sizeNode.isIntegralNumber()
        || sizeNode.asLong() < 0) {
      throw malformed(
          "a descriptor in \"" + field + "\" lacks a valid mediaType, digest or size", null);
    }
    return new Descriptor(
        mediaTypeNode.asText(), digestNode.asText(), sizeNode.asLong(), annotations(node, field));
  }

  private Map<String, String> annotations(JsonNode node, String field) {
    JsonNode annotations = node.path("annotations");
    if (annotations.isMissingNode() || annotations.isNull()) {
      return Map.of();
    }
    if (!annotations.isObject()) {
      throw malformed("annotations in \"" + field + "\" are not an object", null);
    }
    Map<String, String> result = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : annotations.properties()) {
      if (!entry.getValue().isTextual()) {
        throw malformed("annotation " + entry.getKey() + " is not a string", null);
      }
      result.put(entry.getKey(), entry.getValue().asText());
    }
    return result;
  }

  private RegistryException malformed(String detail, Throwable cause) {
    return new RegistryException(
        RegistryException.Reason.PROTOCOL_ERROR,
        registry,
        repository,
        "manifest " + digest + ": " + detail,
        cause);
  }
}
