package io.gatehouse.images.admission;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
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
    return read(body, 0, body.length);
  }

  /** The same, for a review that is {@code length} bytes of {@code body} from {@code offset}. */
  static AdmissionRequest read(byte[] body, int offset, int length) {
    if (!utf8(body, offset, length)) {
      // Checked here, not left to the parser: it may take a field name with an invalid byte for
      // one it has seen before (its name table pads short names with 0xFF bytes).
      throw new MalformedReviewException(null, "the body is not UTF-8");
    }
    Fields review;
    try (JsonParser parser = JSON.createParser(body, offset, length)) {
      review = readReview(parser);
    } catch (IOException e) {
      throw new MalformedReviewException(null, "the body is not JSON: " + firstLine(e));
    }
    String uid = review.uid;
    if (!review.hasRequest) {
      throw new MalformedReviewException(null, "the review has no request object");
    }
    if (uid == null || uid.isEmpty() || uid.length() > MAX_UID_LENGTH || !printable(uid)) {
      throw new MalformedReviewException(
          null, "request.uid must be 1 to " + MAX_UID_LENGTH + " printable characters");
    }
    if (!API_VERSION.equals(review.apiVersion) || !"AdmissionReview".equals(review.kind)) {
      throw new MalformedReviewException(
          uid, "expected apiVersion " + API_VERSION + " and kind AdmissionReview");
    }
    if (review.objectKind == null || review.objectKind.isEmpty() || review.operation == null) {
      throw new MalformedReviewException(
          uid, "request.kind.kind and request.operation are required");
    }
    if (review.objectReadFor != null && !review.objectReadFor.equals(review.objectKind)) {
      // A later request.kind would judge the object as another kind than it was read for.
      throw new MalformedReviewException(uid, "request.kind is given twice with different kinds");
    }
    return new AdmissionRequest(
        uid,
        review.objectKind,
        orEmpty(review.subResource),
        review.operation,
        orEmpty(review.namespace),
        orEmpty(review.name),
        review.object);
  }

  /**
   * The fields of a review that the webhook reads. Everything else, such as {@code oldObject} (as
   * large as the object in an UPDATE) and {@code userInfo}, is skipped without building a tree.
   * When a field repeats, the last one counts, as in a tree.
   */
  private static final class Fields {
    String apiVersion;
    String kind;
    boolean hasRequest;
    String uid;
    String objectKind;
    String operation;
    String namespace;
    String name;
    String subResource;
    JsonNode object = MissingNode.getInstance();

    /** The kind the object was read for, when only the parts that kind's images need were kept. */
    String objectReadFor;
  }

  private static Fields readReview(JsonParser parser) throws IOException {
    Fields fields = new Fields();
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      throw new MalformedReviewException(null, "the body is not a JSON object");
    }
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (field) {
        case "apiVersion" -> fields.apiVersion = textOrNull(parser, value);
        case "kind" -> fields.kind = textOrNull(parser, value);
        case "request" -> readRequest(parser, value, fields);
        default -> parser.skipChildren();
      }
    }
    return fields;
  }

  private static void readRequest(JsonParser parser, JsonToken start, Fields fields)
      throws IOException {
    fields.hasRequest = start == JsonToken.START_OBJECT;
    fields.uid = null;
    fields.objectKind = null;
    fields.operation = null;
    fields.namespace = null;
    fields.name = null;
    fields.subResource = null;
    fields.object = MissingNode.getInstance();
    fields.objectReadFor = null;
    if (!fields.hasRequest) {
      parser.skipChildren();
      return;
    }
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (field) {
        case "uid" -> fields.uid = textOrNull(parser, value);
        case "operation" -> fields.operation = textOrNull(parser, value);
        case "namespace" -> fields.namespace = textOrNull(parser, value);
        case "name" -> fields.name = textOrNull(parser, value);
        case "subResource" -> fields.subResource = textOrNull(parser, value);
        case "kind" -> fields.objectKind = kindOf(parser, value);
        case "object" -> readObject(parser, value, fields);
        default -> parser.skipChildren();
      }
    }
  }

  /**
   * The object, as a whole tree, or, when the kind came first and is one the webhook understands
   * (as the API server writes reviews), only the parts its images need: the rest of a large object
   * is skipped, not built.
   */
  private static void readObject(JsonParser parser, JsonToken start, Fields fields)
      throws IOException {
    String kind = fields.objectKind;
    if (start == JsonToken.START_OBJECT && kind != null && Workloads.supports(kind)) {
      fields.object = Workloads.readForImages(parser, kind);
      fields.objectReadFor = kind;
    } else {
      fields.object = treeOrMissing(parser.readValueAsTree());
      fields.objectReadFor = null;
    }
  }

  private static JsonNode treeOrMissing(JsonNode tree) {
    return tree == null ? MissingNode.getInstance() : tree;
  }

  private static String kindOf(JsonParser parser, JsonToken start) throws IOException {
    if (start != JsonToken.START_OBJECT) {
      parser.skipChildren();
      return null;
    }
    String kind = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if (field.equals("kind")) {
        kind = textOrNull(parser, value);
      } else {
        parser.skipChildren();
      }
    }
    return kind;
  }

  private static String textOrNull(JsonParser parser, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_STRING) {
      return parser.getText();
    }
    parser.skipChildren();
    return null;
  }

  /** The response document for a decision about the request with this uid. */
  static byte[] write(String uid, AdmissionDecision decision) {
    // Written with a generator, not a tree: this runs for every review.
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator json = JSON.getFactory().createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("apiVersion", API_VERSION);
      json.writeStringField("kind", "AdmissionReview");
      json.writeObjectFieldStart("response");
      json.writeStringField("uid", uid);
      json.writeBooleanField("allowed", decision.allowed());
      if (!decision.allowed()) {
        json.writeObjectFieldStart("status");
        json.writeNumberField("code", 403);
        json.writeStringField("reason", "Forbidden");
        json.writeStringField("message", decision.message());
        json.writeEndObject();
      }
      if (!decision.warnings().isEmpty()) {
        json.writeArrayFieldStart("warnings");
        for (String warning : decision.warnings()) {
          json.writeString(clip(warning));
        }
        json.writeEndArray();
      }
      if (!decision.patch().isEmpty()) {
        json.writeStringField("patchType", "JSONPatch");
        json.writeStringField("patch", Base64.getEncoder().encodeToString(patch(decision.patch())));
      }
      json.writeEndObject();
      json.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
    return out.toByteArray();
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

  /** Whether these bytes are well-formed UTF-8; plain ASCII, the usual case, is checked first. */
  private static boolean utf8(byte[] body, int offset, int length) {
    int end = offset + length;
    int i = offset;
    while (i < end && body[i] >= 0) {
      i++;
    }
    if (i == end) {
      return true;
    }
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body, i, end - i));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
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
}
