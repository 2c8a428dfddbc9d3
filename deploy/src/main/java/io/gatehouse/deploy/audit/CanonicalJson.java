package io.gatehouse.deploy.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.deploy.server.ApiJson;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The canonical JSON text of an event's inputs: object keys sorted (Java {@code String} order), no
 * insignificant whitespace, strings over {@link #MAX_VALUE_BYTES} cut with a marker, and the whole
 * replaced by a marker object if it still exceeds {@link #MAX_INPUTS_BYTES}.
 */
final class CanonicalJson {
  static final int MAX_VALUE_BYTES = 4096;
  static final int MAX_INPUTS_BYTES = 64 * 1024;
  private static final JsonFactory FACTORY = new JsonFactory();

  private CanonicalJson() {}

  static String inputs(Map<String, Object> inputs) {
    JsonNode tree;
    try {
      tree = ApiJson.mapper().valueToTree(inputs);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("audit inputs are not JSON-like: " + e.getMessage(), e);
    }
    String text = write(tree);
    int bytes = text.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_INPUTS_BYTES) {
      ObjectNode marker = JsonNodeFactory.instance.objectNode();
      marker.put(
          "truncated", "inputs of " + bytes + " bytes exceed the " + MAX_INPUTS_BYTES + " limit");
      return write(marker);
    }
    return text;
  }

  /** Cuts a text longer than the value limit, marking the cut. */
  static String bounded(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= MAX_VALUE_BYTES) {
      return value;
    }
    int end = 0;
    int used = 0;
    while (end < value.length()) {
      int cp = value.codePointAt(end);
      int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (used + size > MAX_VALUE_BYTES) {
        break;
      }
      used += size;
      end += Character.charCount(cp);
    }
    return value.substring(0, end) + "…[truncated " + bytes.length + " bytes]";
  }

  private static String write(JsonNode tree) {
    StringWriter out = new StringWriter();
    try (JsonGenerator generator = FACTORY.createGenerator(out)) {
      write(generator, tree);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write JSON to memory", e);
    }
    return out.toString();
  }

  private static void write(JsonGenerator out, JsonNode node) throws IOException {
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      Collections.sort(names);
      out.writeStartObject();
      for (String name : names) {
        out.writeFieldName(bounded(name));
        write(out, node.get(name));
      }
      out.writeEndObject();
    } else if (node.isArray()) {
      out.writeStartArray();
      for (JsonNode element : node) {
        write(out, element);
      }
      out.writeEndArray();
    } else if (node.isTextual()) {
      out.writeString(bounded(node.textValue()));
    } else if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
      out.writeString(Double.toString(node.doubleValue()));
    } else if (node.isBinary() || node.isPojo()) {
      out.writeString(bounded(node.asText()));
    } else {
      scalar(out, node);
    }
  }

  private static void scalar(JsonGenerator out, JsonNode node) throws IOException {
    if (node.isBoolean()) {
      out.writeBoolean(node.booleanValue());
    } else if (node.isBigInteger()) {
      out.writeNumber(node.bigIntegerValue());
    } else if (node.isIntegralNumber()) {
      out.writeNumber(node.longValue());
    } else if (node.isBigDecimal()) {
      out.writeNumber(node.decimalValue());
    } else if (node.isNumber()) {
      out.writeNumber(node.doubleValue());
    } else {
      out.writeNull();
    }
  }
}
