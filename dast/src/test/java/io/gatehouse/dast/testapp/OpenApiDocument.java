package io.gatehouse.dast.testapp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.gatehouse.dast.testapp.InjectionTargets.Category;
import java.net.URI;
import java.util.Locale;

/** The OpenAPI 3 document of {@link InjectionTargets}, as its developers would write it. */
final class OpenApiDocument {
  private static final ObjectMapper JSON = new ObjectMapper();

  private OpenApiDocument() {}

  /**
   * The document: JSON with the operations that take a JSON or XML body only, or YAML with every
   * operation.
   */
  static String of(URI base, boolean jsonOnly) {
    ObjectNode root = JSON.createObjectNode();
    root.put("openapi", "3.0.3");
    root.putObject("info").put("title", "Shop API").put("version", "1.0");
    root.putArray("servers").addObject().put("url", base + "/inject");
    ObjectNode paths = root.putObject("paths");
    ObjectNode schemas = root.putObject("components").putObject("schemas");
    for (Category category : Category.values()) {
      String slug = category.slug();
      String schema = category.name().charAt(0) + slug.substring(1) + "Request";
      ObjectNode request = schemas.putObject(schema).put("type", "object");
      request.putArray("required").add("data");
      ObjectNode properties = request.putObject("properties");
      properties
          .putObject("data")
          .put("type", "object")
          .putObject("properties")
          .putObject(category.field)
          .put("type", "string")
          .put("example", category.original);
      properties.putObject("page").put("type", "integer").put("minimum", 1);
      properties.putObject("self").put("$ref", "#/components/schemas/" + schema);
      for (String prefix : new String[] {"vuln", "safe"}) {
        String base0 = "/" + prefix + "/";
        ObjectNode json = paths.putObject(base0 + "json/" + slug).putObject("post");
        json.put("operationId", prefix + slug + "Json");
        json.putObject("requestBody")
            .put("required", true)
            .putObject("content")
            .putObject("application/json")
            .putObject("schema")
            .put("$ref", "#/components/schemas/" + schema);
        ok(json);
        if (jsonOnly) {
          continue;
        }
        ObjectNode multipart = paths.putObject(base0 + "multipart/" + slug).putObject("post");
        multipart
            .putObject("requestBody")
            .putObject("content")
            .putObject("multipart/form-data")
            .putObject("schema")
            .put("type", "object")
            .putObject("properties")
            .putObject(category.field)
            .put("type", "string")
            .put("example", category.original);
        ok(multipart);
        ObjectNode path =
            paths.putObject(base0 + "path/" + slug + "/{" + slug + "}").putObject("get");
        parameter(path, "path", slug, category.pathValue()).put("required", true);
        ok(path);
        ObjectNode header = paths.putObject(base0 + "header/" + slug).putObject("get");
        parameter(header, "header", category.header, category.original);
        ok(header);
        ObjectNode cookie = paths.putObject(base0 + "cookie/" + slug).putObject("get");
        parameter(cookie, "cookie", category.field, category.original);
        ok(cookie);
      }
    }
    xmlOperations(paths, schemas);
    try {
      return jsonOnly
          ? JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root)
          : new YAMLMapper().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The order imports, vulnerable and safe: one declared with a whole {@code application/xml} body,
   * one declared with JSON only that takes the same fields in XML too.
   */
  private static void xmlOperations(ObjectNode paths, ObjectNode schemas) {
    ObjectNode order = schemas.putObject("order").put("type", "object");
    order.putObject("properties").putObject("item").put("type", "integer").put("example", 1);
    ObjectNode wrapped = schemas.putObject("orderRequest").put("type", "object");
    wrapped.putObject("properties").putObject("order").put("$ref", "#/components/schemas/order");
    for (String prefix : new String[] {"vuln", "safe"}) {
      ObjectNode json = paths.putObject("/" + prefix + "/json/order").putObject("post");
      json.put("operationId", prefix + "JsonOrder");
      json.putObject("requestBody")
          .put("required", true)
          .putObject("content")
          .putObject("application/json")
          .putObject("schema")
          .put("$ref", "#/components/schemas/orderRequest");
      ok(json);
      ObjectNode xml = paths.putObject("/" + prefix + "/xml/order").putObject("post");
      xml.put("operationId", prefix + "XmlOrder");
      xml.putObject("requestBody")
          .put("required", true)
          .putObject("content")
          .putObject("application/xml")
          .putObject("schema")
          .put("$ref", "#/components/schemas/order");
      ok(xml);
    }
  }

  private static ObjectNode parameter(
      ObjectNode operation, String in, String name, String example) {
    ObjectNode parameter = operation.withArray("parameters").addObject();
    parameter.put("name", name).put("in", in.toLowerCase(Locale.ROOT));
    parameter.putObject("schema").put("type", "string");
    parameter.put("example", example);
    return parameter;
  }

  private static void ok(ObjectNode operation) {
    operation.putObject("responses").putObject("200").put("description", "a page");
  }
}
