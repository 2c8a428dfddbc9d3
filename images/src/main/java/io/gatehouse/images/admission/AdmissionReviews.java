package io.gatehouse.images.admission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Reads {@code admission.k8s.io/v1} AdmissionReview requests and writes their responses, with
 * bounds on everything a hostile or broken client could send.
 */
final class AdmissionReviews {
  static final String API_VERSION = "admission.k8s.io/v1";
  static final int MAX_UID_LENGTH = 128;
  private static final int MAX_WARNING_LENGTH = 256;

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .build()
          .setDefaultPropertyInclusion(
              com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);

  static {
    JSON.getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(200)
                .maxStringLength(1 << 20)
                .maxNumberLength(100)
                .build());
  }

  private AdmissionReviews() {}

  /**
   * Parses a review.
   *
   * @throws MalformedReviewException if it is not a well-formed v1 AdmissionReview request
   */
  static AdmissionRequest read(byte[] body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      throw new MalformedReviewException(null, "the body is not JSON: " + firstLine(e));
    }
    if (root == null || !root.isObject()) {
      throw new MalformedReviewException(null, "the body is not a JSON object");
    }
    JsonNode request = root.get("request");
    String uid = uid(request);
    if (!API_VERSION.equals(text(root, "apiVersion"))
        || !"AdmissionReview".equals(text(root, "kind"))) {
      throw new MalformedReviewException(
          uid, "expected apiVersion " + API_VERSION + " and kind AdmissionReview");
    }
    String kind = text(request.path("kind"), "kind");
    String operation = text(request, "operation");
    if (kind == null || kind.isEmpty() || operation == null) {
      throw new MalformedReviewException(
          uid, "request.kind.kind and request.operation are required");
    }
    return new AdmissionRequest(
        uid,
        kind,
        orEmpty(text(request, "subResource")),
        operation,
        orEmpty(text(request, "namespace")),
        orEmpty(text(request, "name")),
        request.path("object"));
  }

  private static String uid(JsonNode request) {
    if (request == null || !request.isObject()) {
      throw new MalformedReviewException(null, "the review has no request object");
    }
    String uid = text(request, "uid");
    if (uid == null || uid.isEmpty() || uid.length() > MAX_UID_LENGTH || !printable(uid)) {
      throw new MalformedReviewException(
          null, "request.uid must be 1 to " + MAX_UID_LENGTH + " printable characters");
    }
    return uid;
  }

  /** The response document for a decision about the request with this uid. */
  static byte[] write(String uid, AdmissionDecision decision) {
    ObjectNode response = JSON.createObjectNode();
    response.put("uid", uid);
    response.put("allowed", decision.allowed());
    if (!decision.allowed()) {
      ObjectNode status = response.putObject("status");
      status.put("code", 403);
      status.put("reason", "Forbidden");
      status.put("message", decision.message());
    }
    if (!decision.warnings().isEmpty()) {
      ArrayNode warnings = response.putArray("warnings");
      for (String warning : decision.warnings()) {
        warnings.add(clip(warning));
      }
    }
    if (!decision.patch().isEmpty()) {
      response.put("patchType", "JSONPatch");
      response.put("patch", Base64.getEncoder().encodeToString(patch(decision.patch())));
    }
    ObjectNode review = JSON.createObjectNode();
    review.put("apiVersion", API_VERSION);
    review.put("kind", "AdmissionReview");
    review.set("response", response);
    return bytes(review);
  }

  private static byte[] patch(List<PatchOperation> operations) {
    ArrayNode patch = JSON.createArrayNode();
    for (PatchOperation operation : operations) {
      ObjectNode op = patch.addObject();
      op.put("op", "replace");
      op.put("path", operation.pointer());
      op.put("value", operation.value());
    }
    return bytes(patch);
  }

  /** An error body for requests that are not reviews at all. */
  static byte[] error(String code, String message) {
    ObjectNode detail = JSON.createObjectNode();
    detail.put("code", code);
    detail.put("message", message);
    ObjectNode root = JSON.createObjectNode();
    root.set("error", detail);
    return bytes(root);
  }

  private static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value != null && value.isTextual() ? value.asText() : null;
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }

  private static boolean printable(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  /** Kubernetes shows warnings on one line; long ones are cut. */
  private static String clip(String warning) {
    String line = warning.replace('\n', ' ').replace('\r', ' ');
    return line.length() <= MAX_WARNING_LENGTH
        ? line
        : line.substring(0, MAX_WARNING_LENGTH - 1) + "…";
  }

  private static String firstLine(IOException e) {
    String message =
        e instanceof JsonProcessingException processing
            ? String.valueOf(processing.getOriginalMessage())
            : String.valueOf(e.getMessage());
    int newline = message.indexOf('\n');
    String line = newline < 0 ? message : message.substring(0, newline);
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }

  static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
