package io.gatehouse.images.admission;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where each kind of workload keeps its pod spec, and the images in it.
 *
 * <p>Handles Pod, Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob,
 * ReplicationController and PodTemplate; for each, the images of {@code containers}, {@code
 * initContainers} and {@code ephemeralContainers}. A kind not listed here is not understood, and
 * callers must treat it as such (the webhook denies it).
 */
public final class Workloads {
  private static final List<String> SECTIONS =
      List.of("initContainers", "containers", "ephemeralContainers");

  /** The JSON Pointer of the pod spec inside each supported kind. */
  private static final Map<String, String> POD_SPEC =
      Map.of(
          "Pod", "/spec",
          "Deployment", "/spec/template/spec",
          "ReplicaSet", "/spec/template/spec",
          "StatefulSet", "/spec/template/spec",
          "DaemonSet", "/spec/template/spec",
          "Job", "/spec/template/spec",
          "ReplicationController", "/spec/template/spec",
          "CronJob", "/spec/jobTemplate/spec/template/spec",
          "PodTemplate", "/template/spec");

  /** The same pointers split into field names, for the streaming reader. */
  private static final Map<String, List<String>> POD_SPEC_PATH = segments();

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Workloads() {}

  private static Map<String, List<String>> segments() {
    Map<String, List<String>> paths = new HashMap<>();
    POD_SPEC.forEach((kind, pointer) -> paths.put(kind, List.of(pointer.substring(1).split("/"))));
    return Map.copyOf(paths);
  }

  /** Whether this kind is one the webhook understands. */
  public static boolean supports(String kind) {
    return POD_SPEC.containsKey(kind);
  }

  /** The supported kinds. */
  public static List<String> kinds() {
    return POD_SPEC.keySet().stream().sorted().toList();
  }

  /**
   * The images of a workload object of the given kind, in the order init containers, containers,
   * ephemeral containers; empty when the kind is not supported.
   *
   * @throws MalformedWorkloadException if the object is not shaped as its kind requires (a
   *     container without an image, an image that is not a string, a container list that is not a
   *     list)
   */
  public static Optional<List<ContainerImage>> images(String kind, JsonNode object) {
    String specPointer = POD_SPEC.get(kind);
    if (specPointer == null) {
      return Optional.empty();
    }
    JsonNode spec = object.at(specPointer);
    if (spec.isMissingNode() || spec.isNull()) {
      return Optional.of(List.of());
    }
    if (!spec.isObject()) {
      throw new MalformedWorkloadException(specPointer, "the pod spec is not an object");
    }
    List<ContainerImage> images = new ArrayList<>();
    for (String section : SECTIONS) {
      collect(spec, specPointer, section, images);
    }
    return Optional.of(List.copyOf(images));
  }

  /**
   * Reads a workload object of a supported kind from {@code parser}, positioned on the object's
   * {@code START_OBJECT}, keeping only what {@link #images} reads: the fields on the way to the pod
   * spec, its container lists, and each container's {@code name} and {@code image}. Everything else
   * is skipped without building a tree. What is kept keeps its shape (a container list that is not
   * a list stays what it is) and a repeated field replaces the earlier one, so {@link #images}
   * judges the result exactly as it would judge the whole object.
   *
   * @throws IllegalArgumentException if the kind is not supported
   */
  static ObjectNode readForImages(JsonParser parser, String kind) throws IOException {
    List<String> path = POD_SPEC_PATH.get(kind);
    if (path == null) {
      throw new IllegalArgumentException("unsupported kind " + kind);
    }
    return keepPath(parser, path, 0);
  }

  private static ObjectNode keepPath(JsonParser parser, List<String> path, int depth)
      throws IOException {
    ObjectNode node = NODES.objectNode();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if (depth < path.size() && field.equals(path.get(depth))) {
        node.set(
            field,
            value == JsonToken.START_OBJECT
                ? keepPath(parser, path, depth + 1)
                : parser.readValueAsTree());
      } else if (depth == path.size() && SECTIONS.contains(field)) {
        node.set(
            field,
            value == JsonToken.START_ARRAY ? keepContainers(parser) : parser.readValueAsTree());
      } else {
        parser.skipChildren();
      }
    }
    return node;
  }

  private static ArrayNode keepContainers(JsonParser parser) throws IOException {
    ArrayNode list = NODES.arrayNode();
    JsonToken element;
    while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
      if (element != JsonToken.START_OBJECT) {
        list.add((JsonNode) parser.readValueAsTree());
        continue;
      }
      ObjectNode container = list.addObject();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        parser.nextToken();
        if (field.equals("name") || field.equals("image")) {
          container.set(field, scalarOrTree(parser));
        } else {
          parser.skipChildren();
        }
      }
    }
    return list;
  }

  /**
   * The value at the parser as a node: a string directly (the usual case, and the cheap one), any
   * other value through the tree reader, so that it keeps its shape.
   */
  private static JsonNode scalarOrTree(JsonParser parser) throws IOException {
    if (parser.currentToken() == JsonToken.VALUE_STRING) {
      return NODES.textNode(parser.getText());
    }
    return parser.readValueAsTree();
  }

  private static void collect(
      JsonNode spec, String specPointer, String section, List<ContainerImage> into) {
    JsonNode list = spec.get(section);
    if (list == null || list.isNull()) {
      return;
    }
    String listPointer = specPointer + "/" + section;
    if (!list.isArray()) {
      throw new MalformedWorkloadException(listPointer, "is not a list");
    }
    for (int i = 0; i < list.size(); i++) {
      JsonNode container = list.get(i);
      String pointer = listPointer + "/" + i;
      if (!container.isObject()) {
        throw new MalformedWorkloadException(pointer, "a container is not an object");
      }
      JsonNode image = container.get("image");
      if (image == null || !image.isTextual() || image.asText().isEmpty()) {
        throw new MalformedWorkloadException(pointer + "/image", "a container has no image");
      }
      JsonNode name = container.get("name");
      into.add(
          new ContainerImage(
              pointer + "/image",
              name != null && name.isTextual() ? name.asText() : "#" + i,
              section,
              image.asText()));
    }
  }
}
