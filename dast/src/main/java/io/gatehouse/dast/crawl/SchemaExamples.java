package io.gatehouse.dast.crawl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;

/**
 * Example values for OpenAPI schemas: the schema's own example, default, first enum value or const,
 * else a value its type and format accept. {@code $ref}s within the document are followed; a cycle,
 * a depth past {@link #MAX_DEPTH} or a document past its node budget ends a branch, so that no
 * schema can make an example large or slow.
 */
final class SchemaExamples {
  static final int MAX_DEPTH = 8;
  private static final int MAX_NODES = 2_000;
  private static final int MAX_PROPERTIES = 50;
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final JsonNode document;
  private final Deque<String> refs = new ArrayDeque<>();
  private int nodes;

  SchemaExamples(JsonNode document) {
    this.document = document;
  }

  /** An example for {@code schema}; empty when none can be built within the bounds. */
  Optional<JsonNode> example(JsonNode schema) {
    nodes = 0;
    refs.clear();
    return Optional.ofNullable(build(schema, 0));
  }

  /** {@code node} with its {@code $ref} followed (within the document only), if it has one. */
  Optional<JsonNode> resolve(JsonNode node) {
    JsonNode current = node;
    for (int hops = 0; hops < 10; hops++) {
      JsonNode ref = current.get("$ref");
      if (ref == null) {
        return Optional.of(current);
      }
      Optional<JsonNode> target = target(ref.asText());
      if (target.isEmpty()) {
        return Optional.empty();
      }
      current = target.get();
    }
    return Optional.empty();
  }

  private Optional<JsonNode> target(String ref) {
    if (!ref.startsWith("#/")) {
      return Optional.empty();
    }
    try {
      JsonNode target = document.at(ref.substring(1));
      return target.isMissingNode() || !target.isObject() ? Optional.empty() : Optional.of(target);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private JsonNode build(JsonNode schema, int depth) {
    if (schema == null || !schema.isObject() || depth > MAX_DEPTH || ++nodes > MAX_NODES) {
      return null;
    }
    JsonNode ref = schema.get("$ref");
    if (ref != null) {
      String name = ref.asText();
      if (refs.contains(name) || refs.size() >= MAX_DEPTH) {
        return null;
      }
      Optional<JsonNode> target = target(name);
      if (target.isEmpty()) {
        return null;
      }
      refs.push(name);
      try {
        return build(target.get(), depth + 1);
      } finally {
        refs.pop();
      }
    }
    for (String given : new String[] {"example", "default", "const"}) {
      if (schema.has(given) && !schema.get(given).isNull()) {
        return schema.get(given);
      }
    }
    if (schema.path("examples").isArray() && !schema.path("examples").isEmpty()) {
      return schema.path("examples").get(0);
    }
    if (schema.path("enum").isArray() && !schema.path("enum").isEmpty()) {
      return schema.path("enum").get(0);
    }
    for (String choice : new String[] {"oneOf", "anyOf"}) {
      if (schema.path(choice).isArray() && !schema.path(choice).isEmpty()) {
        return build(schema.path(choice).get(0), depth + 1);
      }
    }
    if (schema.path("allOf").isArray()) {
      return allOf(schema, depth);
    }
    return byType(schema, type(schema), depth);
  }

  private JsonNode allOf(JsonNode schema, int depth) {
    ObjectNode merged = NODES.objectNode();
    JsonNode last = null;
    for (JsonNode part : schema.path("allOf")) {
      JsonNode example = build(part, depth + 1);
      if (example instanceof ObjectNode object) {
        merged.setAll(object);
      } else if (example != null) {
        last = example;
      }
    }
    if (schema.has("properties")) {
      JsonNode own = byType(schema, "object", depth);
      if (own instanceof ObjectNode object) {
        merged.setAll(object);
      }
    }
    return merged.isEmpty() && last != null ? last : merged;
  }

  private static String type(JsonNode schema) {
    JsonNode type = schema.get("type");
    if (type != null && type.isArray()) {
      for (JsonNode each : type) {
        if (!each.asText().equals("null")) {
          return each.asText();
        }
      }
    }
    if (type != null && type.isTextual()) {
      return type.asText();
    }
    if (schema.has("properties")) {
      return "object";
    }
    return schema.has("items") ? "array" : "string";
  }

  private JsonNode byType(JsonNode schema, String type, int depth) {
    return switch (type) {
      case "object" -> object(schema, depth);
      case "array" -> {
        ArrayNode array = NODES.arrayNode();
        JsonNode item = build(schema.get("items"), depth + 1);
        if (item != null) {
          array.add(item);
        }
        yield array;
      }
      case "integer" -> NODES.numberNode(schema.path("minimum").asLong(1));
      case "number" -> NODES.numberNode(schema.path("minimum").asDouble(1.5));
      case "boolean" -> NODES.booleanNode(true);
      default -> NODES.textNode(string(schema));
    };
  }

  private JsonNode object(JsonNode schema, int depth) {
    ObjectNode object = NODES.objectNode();
    int count = 0;
    for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
      if (count++ >= MAX_PROPERTIES) {
        break;
      }
      if (property.getValue().path("readOnly").asBoolean(false)) {
        continue;
      }
      JsonNode value = build(property.getValue(), depth + 1);
      if (value != null) {
        object.set(property.getKey(), value);
      }
    }
    return object;
  }

  /** A string that the schema's format and length accept. */
  static String string(JsonNode schema) {
    String value =
        switch (schema.path("format").asText("")) {
          case "date" -> "2024-01-31";
          case "date-time" -> "2024-01-31T12:00:00Z";
          case "time" -> "12:00:00";
          case "email" -> "scanner@example.com";
          case "uuid" -> "3fa85f64-5717-4562-b3fc-2c963f66afa6";
          case "uri", "url" -> "https://example.com/";
          case "hostname" -> "example.com";
          case "ipv4" -> "192.0.2.1";
          case "ipv6" -> "2001:db8::1";
          case "byte" -> "R2F0ZWhvdXNl";
          case "password" -> "Gatehouse-1";
          default -> "Gatehouse";
        };
    int minLength = Math.min(schema.path("minLength").asInt(0), 256);
    StringBuilder padded = new StringBuilder(value);
    while (padded.length() < minLength) {
      padded.append('x');
    }
    int maxLength = schema.path("maxLength").asInt(Integer.MAX_VALUE);
    return maxLength > 0 && padded.length() > maxLength
        ? padded.substring(0, maxLength)
        : padded.toString();
  }
}
