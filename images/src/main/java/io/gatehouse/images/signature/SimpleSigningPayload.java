package io.gatehouse.images.signature;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The payload a cosign signature signs: the containers "simple signing" JSON document naming the
 * image's repository and manifest digest.
 *
 * <pre>{@code
 * {"critical":{"identity":{"docker-reference":"ghcr.io/team/app"},
 *   "image":{"docker-manifest-digest":"sha256:..."},
 *   "type":"cosign container image signature"},"optional":null}
 * }</pre>
 *
 * @param dockerReference the repository, {@code registry/repository}
 * @param manifestDigest the image manifest digest
 */
record SimpleSigningPayload(String dockerReference, String manifestDigest) {
  static final String TYPE = "cosign container image signature";
  static final int MAX_BYTES = 64 * 1024;

  private static final ObjectMapper MAPPER = strictMapper();
  private static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128}");
  private static final String DOCKER_HUB = "index.docker.io";

  /** The payload is not a valid simple-signing document; the message says why. */
  static final class MalformedPayloadException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedPayloadException(String problem) {
      super(problem);
    }
  }

  /** The payload for an image, with the repository named as cosign names it. */
  static SimpleSigningPayload forImage(String registry, String repository, String digest) {
    return new SimpleSigningPayload(canonicalReference(registry + "/" + repository), digest);
  }

  /** The JSON bytes, in cosign's field order. */
  byte[] toJson() {
    ObjectNode root = MAPPER.createObjectNode();
    ObjectNode critical = root.putObject("critical");
    critical.putObject("identity").put("docker-reference", dockerReference);
    critical.putObject("image").put("docker-manifest-digest", manifestDigest);
    critical.put("type", TYPE);
    root.putNull("optional");
    try {
      return MAPPER.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a signing payload", e);
    }
  }

  /**
   * Parses a payload strictly: bounded, no duplicate or unknown keys in {@code critical}, the
   * cosign type, a valid digest.
   */
  static SimpleSigningPayload parse(byte[] json) throws MalformedPayloadException {
    if (json.length > MAX_BYTES) {
      throw new MalformedPayloadException("payload larger than " + MAX_BYTES + " bytes");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (IOException e) {
      throw new MalformedPayloadException("payload is not valid JSON");
    }
    requireObject(root, "payload", Set.of("critical", "optional"));
    JsonNode optional = root.path("optional");
    if (!optional.isMissingNode() && !optional.isNull() && !optional.isObject()) {
      throw new MalformedPayloadException("\"optional\" must be an object or null");
    }
    JsonNode critical = root.path("critical");
    requireObject(critical, "critical", Set.of("identity", "image", "type"));
    if (!TYPE.equals(text(critical, "type"))) {
      throw new MalformedPayloadException("critical.type is not \"" + TYPE + "\"");
    }
    requireObject(critical.path("identity"), "critical.identity", Set.of("docker-reference"));
    requireObject(critical.path("image"), "critical.image", Set.of("docker-manifest-digest"));
    String reference = text(critical.path("identity"), "docker-reference");
    String digest = text(critical.path("image"), "docker-manifest-digest");
    if (reference.isEmpty() || reference.length() > 512) {
      throw new MalformedPayloadException("critical.identity.docker-reference is invalid");
    }
    if (!DIGEST.matcher(digest).matches()) {
      throw new MalformedPayloadException("critical.image.docker-manifest-digest is invalid");
    }
    return new SimpleSigningPayload(reference, digest);
  }

  /**
   * A repository named the way go-containerregistry names it: the registry always present ({@code
   * index.docker.io} for Docker Hub and its aliases), Docker Hub's official images under {@code
   * library/}.
   */
  static String canonicalReference(String reference) {
    int slash = reference.indexOf('/');
    String first = slash < 0 ? "" : reference.substring(0, slash);
    boolean hasRegistry =
        slash >= 0 && (first.contains(".") || first.contains(":") || first.equals("localhost"));
    String registry = hasRegistry ? first.toLowerCase(Locale.ROOT) : DOCKER_HUB;
    String repository = hasRegistry ? reference.substring(slash + 1) : reference;
    if (registry.equals("docker.io") || registry.equals("registry-1.docker.io")) {
      registry = DOCKER_HUB;
    }
    if (registry.equals(DOCKER_HUB) && repository.indexOf('/') < 0) {
      repository = "library/" + repository;
    }
    return registry + "/" + repository;
  }

  private static void requireObject(JsonNode node, String where, Set<String> allowed)
      throws MalformedPayloadException {
    if (!node.isObject()) {
      throw new MalformedPayloadException(where + " must be an object");
    }
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      if (!allowed.contains(field.getKey())) {
        throw new MalformedPayloadException(where + " has an unknown field");
      }
    }
  }

  private static String text(JsonNode node, String field) throws MalformedPayloadException {
    JsonNode value = node.path(field);
    if (!value.isTextual()) {
      throw new MalformedPayloadException(field + " must be a string");
    }
    return value.asText();
  }

  private static ObjectMapper strictMapper() {
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(16)
                    .maxStringLength(MAX_BYTES)
                    .maxNumberLength(32)
                    .build())
            .build();
    ObjectMapper mapper = new ObjectMapper(factory);
    mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    return mapper;
  }

  @Override
  public String toString() {
    return new String(toJson(), StandardCharsets.UTF_8);
  }
}
