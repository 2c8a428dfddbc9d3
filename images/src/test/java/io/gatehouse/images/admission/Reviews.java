package io.gatehouse.images.admission;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Builds realistic {@code admission.k8s.io/v1} AdmissionReview requests for tests. */
final class Reviews {
  static final ObjectMapper JSON = new ObjectMapper();

  /** Where each kind nests its pod spec, as path segments. */
  static final Map<String, List<String>> POD_SPEC_PATH =
      Map.of(
          "Pod", List.of("spec"),
          "Deployment", List.of("spec", "template", "spec"),
          "ReplicaSet", List.of("spec", "template", "spec"),
          "StatefulSet", List.of("spec", "template", "spec"),
          "DaemonSet", List.of("spec", "template", "spec"),
          "Job", List.of("spec", "template", "spec"),
          "ReplicationController", List.of("spec", "template", "spec"),
          "CronJob", List.of("spec", "jobTemplate", "spec", "template", "spec"),
          "PodTemplate", List.of("template", "spec"));

  private static final Map<String, String> GROUP_VERSION =
      Map.of(
          "Pod", "/v1",
          "ReplicationController", "/v1",
          "PodTemplate", "/v1",
          "Deployment", "apps/v1",
          "ReplicaSet", "apps/v1",
          "StatefulSet", "apps/v1",
          "DaemonSet", "apps/v1",
          "Job", "batch/v1",
          "CronJob", "batch/v1");

  private Reviews() {}

  /** A CREATE review of a {@code kind} in {@code namespace} with these container images. */
  static byte[] create(String uid, String kind, String namespace, List<String> images) {
    return review(uid, kind, "", "CREATE", namespace, images, List.of(), List.of());
  }

  /** A review with images in every container section. */
  static byte[] review(
      String uid,
      String kind,
      String subResource,
      String operation,
      String namespace,
      List<String> containers,
      List<String> initContainers,
      List<String> ephemeralContainers) {
    ObjectNode object = JSON.createObjectNode();
    String[] groupVersion = GROUP_VERSION.getOrDefault(kind, "example.com/v1").split("/", 2);
    object.put(
        "apiVersion", groupVersion[0].isEmpty() ? groupVersion[1] : String.join("/", groupVersion));
    object.put("kind", kind);
    object.putObject("metadata").put("name", "web").put("namespace", namespace);
    ObjectNode spec = object;
    for (String segment : POD_SPEC_PATH.getOrDefault(kind, List.of("spec"))) {
      spec = spec.has(segment) ? (ObjectNode) spec.get(segment) : spec.putObject(segment);
    }
    containers(spec, "containers", "app", containers);
    containers(spec, "initContainers", "init", initContainers);
    containers(spec, "ephemeralContainers", "debug", ephemeralContainers);
    ObjectNode request = JSON.createObjectNode();
    request.put("uid", uid);
    ObjectNode requestKind = request.putObject("kind");
    requestKind.put("group", groupVersion[0]);
    requestKind.put("version", groupVersion[1]);
    requestKind.put("kind", kind);
    request.putObject("resource").put("resource", kind.toLowerCase(java.util.Locale.ROOT) + "s");
    if (!subResource.isEmpty()) {
      request.put("subResource", subResource);
    }
    request.put("operation", operation);
    request.put("namespace", namespace);
    request.put("name", "web");
    request.putObject("userInfo").put("username", "alice");
    request.set("object", object);
    request.put("dryRun", false);
    ObjectNode review = JSON.createObjectNode();
    review.put("apiVersion", "admission.k8s.io/v1");
    review.put("kind", "AdmissionReview");
    review.set("request", request);
    return review.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void containers(
      ObjectNode spec, String field, String prefix, List<String> images) {
    if (images.isEmpty()) {
      return;
    }
    ArrayNode list = spec.putArray(field);
    for (int i = 0; i < images.size(); i++) {
      ObjectNode container = list.addObject();
      container.put("name", prefix + "-" + i);
      container.put("image", images.get(i));
      container.putArray("ports").addObject().put("containerPort", 8080 + i);
      container.putObject("resources").putObject("limits").put("memory", "128Mi");
    }
  }
}
