package io.gatehouse.deploy.deployment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gatehouse.deploy.project.EnvironmentRules;
import io.gatehouse.deploy.review.ReviewRequirement;
import io.gatehouse.deploy.server.ApiJson;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** The JSON columns of a deployment: written and read only by this package. */
final class StoredJson {
  private static final ObjectMapper MAPPER =
      ApiJson.mapper().copy().disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};
  private static final TypeReference<List<ReviewRequirement>> REQUIREMENTS =
      new TypeReference<>() {};
  private static final TypeReference<List<Deployment.GateStatus>> GATES = new TypeReference<>() {};
  private static final TypeReference<List<StoredReview>> REVIEWS = new TypeReference<>() {};

  // Every deployment of an environment carries the same rules and requirements text: parsing
  // each distinct text once keeps reading a deployment cheap. The values are immutable.
  private static final int CACHE_LIMIT = 1024;
  private static final ConcurrentHashMap<String, EnvironmentRules> RULES =
      new ConcurrentHashMap<>();
  private static final ConcurrentHashMap<String, List<ReviewRequirement>> REQUIREMENT_LISTS =
      new ConcurrentHashMap<>();

  private StoredJson() {}

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a deployment column as JSON", e);
    }
  }

  static List<String> strings(String json) {
    return read(json, STRINGS);
  }

  static Map<String, Object> object(String json) {
    return read(json, OBJECT);
  }

  static List<ReviewRequirement> requirements(String json) {
    return cached(REQUIREMENT_LISTS, json, j -> List.copyOf(read(j, REQUIREMENTS)));
  }

  static List<StoredReview> reviews(String json) {
    return read(json, REVIEWS);
  }

  static List<Deployment.GateStatus> gates(String json) {
    return read(json, GATES);
  }

  static EnvironmentRules rules(String json) {
    return cached(RULES, json, StoredJson::parseRules);
  }

  private static EnvironmentRules parseRules(String json) {
    try {
      return MAPPER.readValue(json, EnvironmentRules.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored deployment's rules cannot be read", e);
    }
  }

  private static <T> T cached(
      ConcurrentHashMap<String, T> cache, String json, Function<String, T> parse) {
    T value = cache.get(json);
    if (value == null) {
      value = parse.apply(json);
      if (cache.size() >= CACHE_LIMIT) {
        cache.clear();
      }
      cache.put(json, value);
    }
    return value;
  }

  private static <T> T read(String json, TypeReference<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored deployment column cannot be read", e);
    }
  }
}
