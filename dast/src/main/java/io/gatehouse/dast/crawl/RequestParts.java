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

  /** The file name a file part has at first. */
  static final String FILE_NAME = "gatehouse.txt";

  /** The content type a file part has at first. */
  static final String FILE_TYPE = "text/plain";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();
  private static final java.util.regex.Pattern XML_NAME =
      java.util.regex.Pattern.compile("(?!(?i:xml))[A-Za-z_][A-Za-z0-9._-]{0,63}");
  private static final int MAX_XML_DEPTH = 16;

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
   * that occurs in none of them; names and file names escaped as browsers do ({@code "}, CR and LF
   * percent-encoded), each file part with the file name and content type of its {@link
   * Parameter.Location#FILE_NAME} and {@link Parameter.Location#FILE_TYPE} inputs.
   */
  static Multipart multipart(List<Parameter> values) {
    List<Parameter> fields =
        values.stream()
            .filter(
                p ->
                    p.location() == Parameter.Location.MULTIPART
                        || p.location() == Parameter.Location.FILE)
            .toList();
    String boundary =
        boundary(
            values.stream()
                .filter(p -> p.location() != Parameter.Location.JSON)
                .map(Parameter::value)
                .toList());
    StringBuilder body = new StringBuilder();
    for (Parameter field : fields) {
      body.append("--")
          .append(boundary)
          .append("\r\nContent-Disposition: form-data; name=\"")
          .append(quoted(field.name()))
          .append(
              field.location() == Parameter.Location.FILE
                  ? "\"; filename=\""
                      + quoted(filePart(values, Parameter.Location.FILE_NAME, field, FILE_NAME))
                      + "\"\r\nContent-Type: "
                      + headerValue(
                          filePart(values, Parameter.Location.FILE_TYPE, field, FILE_TYPE))
                  : "\"")
          .append("\r\n\r\n")
          .append(field.value())
          .append("\r\n");
    }
    body.append("--").append(boundary).append("--\r\n");
    return new Multipart("multipart/form-data; boundary=" + boundary, body.toString());
  }

  private static String quoted(String text) {
    return text.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
  }

  /** The value of the {@code location} input of {@code file}'s part, or {@code fallback}. */
  private static String filePart(
      List<Parameter> values, Parameter.Location location, Parameter file, String fallback) {
    return values.stream()
        .filter(p -> p.location() == location && p.name().equals(file.name()))
        .map(Parameter::value)
        .findFirst()
        .orElse(fallback);
  }

  private static String boundary(List<String> texts) {
    int seed = texts.hashCode();
    for (int attempt = 0; ; attempt++) {
      String boundary =
          "----GatehouseBoundary" + Integer.toHexString(seed + attempt * 0x9E3779B9) + attempt;
      if (texts.stream().noneMatch(text -> text.contains(boundary))) {
        return boundary;
      }
    }
  }

  /**
   * The XML document of {@code example} (an object's fields as child elements, an array's items as
   * repeated elements, a value as text) under the element {@code root}; names that are no XML name
   * are written as {@code field}, text escaped. A null example gives an empty root element.
   */
  static String xml(String root, JsonNode example) {
    StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    element(out, root, example, 0);
    return out.toString();
  }

  private static void element(StringBuilder out, String name, JsonNode node, int depth) {
    String tag = XML_NAME.matcher(name).matches() ? name : "field";
    if (depth >= MAX_XML_DEPTH) {
      out.append('<').append(tag).append("></").append(tag).append('>');
      return;
    }
    if (node != null && node.isArray()) {
      for (JsonNode item : node) {
        element(out, tag, item, depth + 1);
      }
      return;
    }
    out.append('<').append(tag).append('>');
    if (node != null && node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        element(out, field.getKey(), field.getValue(), depth + 1);
      }
    } else if (node != null && node.isValueNode() && !node.isNull()) {
      out.append(node.asText().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"));
    }
    out.append("</").append(tag).append('>');
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
