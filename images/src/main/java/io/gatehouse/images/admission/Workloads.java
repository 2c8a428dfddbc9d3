package io.gatehouse.images.admission;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
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

  private Workloads() {}

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
