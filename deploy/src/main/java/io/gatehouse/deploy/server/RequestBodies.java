package io.gatehouse.deploy.server;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Reads JSON request bodies strictly into records, turning every defect into a 400 (or 415) that
 * names the field and the reason and never echoes the body.
 */
public final class RequestBodies {
  private static final int MAX_MESSAGE = 300;

  private RequestBodies() {}

  /**
   * Reads the body as {@code type}.
   *
   * @throws ApiException 415 when the body is not declared as JSON; 400 when it is empty,
   *     malformed, has an unknown field, a wrong type, or a value the type refuses
   */
  public static <T> T read(Context ctx, Class<T> type) {
    String contentType = ctx.contentType();
    if (contentType == null
        || !contentType.toLowerCase(Locale.ROOT).strip().startsWith("application/json")) {
      throw new ApiException(
          415, "unsupported_media_type", "the request body must be application/json");
    }
    byte[] body = ctx.bodyAsBytes();
    if (body.length == 0) {
      throw new ApiException(400, "invalid_request", "the request body is empty");
    }
    return parse(body, type);
  }

  /** Parses {@code body} as {@code type} with the rules of {@link #read}. */
  public static <T> T parse(byte[] body, Class<T> type) {
    try {
      T value = ApiJson.mapper().readValue(body, type);
      if (value == null) {
        throw new ApiException(400, "invalid_request", "the request body must be a JSON object");
      }
      return value;
    } catch (JsonProcessingException e) {
      throw new ApiException(400, "invalid_request", describe(e));
    } catch (IOException e) {
      throw new ApiException(400, "invalid_request", "the request body cannot be read");
    }
  }

  static String describe(JsonProcessingException e) {
    return truncate(
        switch (e) {
          case UnrecognizedPropertyException u -> "unknown field '" + path(u) + "'" + known(u);
          case ValueInstantiationException v -> invalidValue(v);
          case InvalidFormatException f ->
              "field '" + path(f) + "' must be " + typeName(f.getTargetType());
          case MismatchedInputException m when !m.getPath().isEmpty() ->
              "field '" + path(m) + "' must be " + typeName(m.getTargetType());
          case MismatchedInputException m -> "the request body must be a JSON object";
          case StreamConstraintsException c ->
              "the request body is nested too deeply or holds an oversized value";
          case JsonMappingException m when !m.getPath().isEmpty() ->
              "field '" + path(m) + "' is invalid";
          default -> "malformed JSON" + at(e.getLocation());
        });
  }

  private static String invalidValue(ValueInstantiationException v) {
    Throwable cause = v.getCause();
    String reason = cause == null || cause.getMessage() == null ? "is invalid" : cause.getMessage();
    String path = path(v);
    return path.isEmpty() ? reason : "field '" + path + "': " + reason;
  }

  private static String known(UnrecognizedPropertyException u) {
    if (u.getKnownPropertyIds() == null || u.getKnownPropertyIds().isEmpty()) {
      return "";
    }
    return " (expected one of: "
        + u.getKnownPropertyIds().stream()
            .map(String::valueOf)
            .sorted()
            .collect(Collectors.joining(", "))
        + ")";
  }

  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference reference : e.getPath()) {
      if (reference.getFieldName() != null) {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String typeName(Class<?> type) {
    if (type == null) {
      return "of another type";
    }
    if (type == String.class || type.isEnum()) {
      return type.isEnum() ? "one of the allowed values" : "a string";
    }
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
      return "an integer";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "an array";
    }
    return "an object";
  }

  private static String at(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  private static String truncate(String message) {
    return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE) + "…";
  }
}
