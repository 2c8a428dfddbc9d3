package io.gatehouse.dast.crawl;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** How an input is written in each part of a request: path, header, cookie, multipart and JSON. */
final class RequestParts {
  static final String JSON_CONTENT_TYPE = "application/json";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /** A multipart body and the content type that names its boundary. */
  record Multipart(String contentType, String body) {}

  private RequestParts() {}

  /**
   * {@code value} as one path segment: every byte but the unreserved characters percent-encoded,
   * {@code /} included, so that the value stays one segment however it reads.
   */
  static String pathSegment(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        out.append(c);
      } else {
        percent(out, b);
      }
    }
    return out.toString();
  }

  /**
   * {@code value} as a header value: printable ASCII, space and tab as they are; control characters
   * (CR and LF included, which would end the header) and non-ASCII percent-encoded.
   */
  static String headerValue(String value) {
    return escape(value, false);
  }

  /** {@code value} as a cookie value: as a header value, and {@code ;} percent-encoded too. */
  static String cookieValue(String value) {
    return escape(value, true);
  }

  private static String escape(String value, boolean cookie) {
    StringBuilder out = new StringBuilder(value.length());
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      boolean plain = (c >= 0x20 && c < 0x7f) || c == '\t';
      if (plain && !(cookie && c == ';')) {
        out.append((char) c);
      } else {
        percent(out, b);
      }
    }
    return out.toString();
  }

  private static void percent(StringBuilder out, byte b) {
    out.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
  }

  /**
   * A {@code multipart/form-data} body of the multipart fields in {@code values}, with a boundary
   * that occurs in none of them; names escaped as browsers do.
   */
  static Multipart multipart(List<Parameter> values) {
    List<Parameter> fields =
        values.stream()
            .filter(
                p ->
                    p.location() == Parameter.Location.MULTIPART
                        || p.location() == Parameter.Location.FILE)
            .toList();
    String boundary = boundary(fields);
    StringBuilder body = new StringBuilder();
    for (Parameter field : fields) {
      body.append("--")
          .append(boundary)
          .append("\r\nContent-Disposition: form-data; name=\"")
          .append(field.name().replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A"))
          .append(
              field.location() == Parameter.Location.FILE
                  ? "\"; filename=\"gatehouse.txt\"\r\nContent-Type: text/plain"
                  : "\"")
          .append("\r\n\r\n")
          .append(field.value())
          .append("\r\n");
    }
    body.append("--").append(boundary).append("--\r\n");
    return new Multipart("multipart/form-data; boundary=" + boundary, body.toString());
  }

  private static String boundary(List<Parameter> fields) {
    int seed = fields.hashCode();
    for (int attempt = 0; ; attempt++) {
      String boundary =
          "----GatehouseBoundary" + Integer.toHexString(seed + attempt * 0x9E3779B9) + attempt;
      if (fields.stream().noneMatch(f -> f.value().contains(boundary))) {
        return boundary;
      }
    }
  }

  /**
   * {@code template} with the fields at the JSON pointers of {@code changed} set to their new
   * values, as strings; every other field as it was.
   */
  static String json(String template, Map<String, String> changed) {
    if (changed.isEmpty()) {
      return template;
    }
    try {
      JsonNode root = JSON.readTree(template);
      for (Map.Entry<String, String> change : changed.entrySet()) {
        set(root, JsonPointer.compile(change.getKey()), change.getValue());
      }
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new IllegalStateException("the JSON body template does not parse: " + e, e);
    }
  }

  /**
   * The string, number and boolean fields of the JSON document {@code json}, each named by its JSON
   * pointer, in document order, at most {@code max}.
   *
   * @throws IllegalArgumentException when {@code json} is not JSON
   */
  static List<Parameter> jsonFields(String json, int max) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a JSON document: " + e.getOriginalMessage(), e);
    }
    List<Parameter> fields = new ArrayList<>();
    collect(root, "", fields, max);
    return fields;
  }

  private static void collect(JsonNode node, String pointer, List<Parameter> fields, int max) {
    if (fields.size() >= max) {
      return;
    }
    if ((node.isTextual() || node.isNumber() || node.isBoolean()) && !pointer.isEmpty()) {
      fields.add(new Parameter(Parameter.Location.JSON, pointer, node.asText()));
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        String name = field.getKey().replace("~", "~0").replace("/", "~1");
        collect(field.getValue(), pointer + "/" + name, fields, max);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collect(node.get(i), pointer + "/" + i, fields, max);
      }
    }
  }

  private static void set(JsonNode root, JsonPointer pointer, String value) {
    JsonNode parent = root.at(pointer.head());
    String last = pointer.last().getMatchingProperty();
    if (parent instanceof ObjectNode object) {
      object.put(last, value);
    } else if (parent instanceof ArrayNode array) {
      int index = pointer.last().getMatchingIndex();
      if (index >= 0 && index < array.size()) {
        array.set(index, array.textNode(value));
      }
    }
  }
}
