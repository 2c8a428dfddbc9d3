package io.gatehouse.deploy.project;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.deploy.server.ApiJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON form of {@link EnvironmentRules}, used by the API and stored in the database: camelCase
 * keys, lower-case enum values ({@code any}, {@code protected}, {@code patterns}; {@code none},
 * {@code sequential}, {@code latest}) and durations as {@code 30s}, {@code 5m}, {@code 2h}, {@code
 * 7d}. Reading is strict: an unknown key or a value of the wrong type is an {@link
 * InvalidRulesException} naming its path, and the result is checked by {@link
 * RulesValidation#validate}. Absent keys take their defaults (those of {@link
 * EnvironmentRules#none()}).
 */
public final class EnvironmentRulesJson {
  private static final List<String> RULE_KEYS =
      List.of(
          "deploymentRefs",
          "reviewers",
          "waitMinutes",
          "gates",
          "lock",
          "allowBypass",
          "reviewTimeout");
  private static final List<String> REFS_KEYS = List.of("policy", "branches", "tags");
  private static final List<String> REVIEWER_KEYS = List.of("team", "users", "minimum");
  private static final List<String> GATE_KEYS =
      List.of("name", "type", "delay", "interval", "timeout", "parameters");
  private static final TypeReference<Map<String, Object>> TREE = new TypeReference<>() {};

  /** The default first-evaluation delay of a gate. */
  public static final Duration DEFAULT_GATE_DELAY = Duration.ZERO;

  /** The default re-evaluation interval of a gate. */
  public static final Duration DEFAULT_GATE_INTERVAL = Duration.ofMinutes(1);

  /** The default timeout of a gate. */
  public static final Duration DEFAULT_GATE_TIMEOUT = Duration.ofHours(1);

  private EnvironmentRulesJson() {}

  /**
   * Reads and validates rules from a JSON tree.
   *
   * @throws InvalidRulesException naming the path and the reason
   */
  public static EnvironmentRules read(JsonNode node) {
    EnvironmentRules read = structure(node);
    RulesValidation.validate(read);
    return read;
  }

  /**
   * Reads rules as stored, checking their structure but not revalidating them, so that rules stored
   * under older limits still load.
   */
  static EnvironmentRules readStored(String json) {
    try {
      return structure(ApiJson.mapper().readTree(json));
    } catch (JsonProcessingException e) {
      throw new InvalidRulesException("", "not valid JSON: " + e.getOriginalMessage());
    }
  }

  private static EnvironmentRules structure(JsonNode node) {
    ObjectNode rules = object(node, "", RULE_KEYS);
    return new EnvironmentRules(
        rules.has("deploymentRefs")
            ? refs(rules.get("deploymentRefs"), "deploymentRefs")
            : DeploymentRefs.any(),
        list(rules, "reviewers", EnvironmentRulesJson::reviewer),
        integer(rules, "waitMinutes", 0),
        list(rules, "gates", EnvironmentRulesJson::gate),
        rules.has("lock") ? lock(rules.get("lock")) : LockMode.NONE,
        bool(rules, "allowBypass", false),
        rules.has("reviewTimeout")
            ? RulesDurations.parse(
                text(rules.get("reviewTimeout"), "reviewTimeout"), "reviewTimeout")
            : EnvironmentRules.DEFAULT_REVIEW_TIMEOUT);
  }

  /**
   * Reads and validates rules from JSON text.
   *
   * @throws InvalidRulesException if the text is not JSON or not valid rules
   */
  public static EnvironmentRules parse(String json) {
    try {
      return read(ApiJson.mapper().readTree(json));
    } catch (JsonProcessingException e) {
      throw new InvalidRulesException("", "not valid JSON: " + e.getOriginalMessage());
    }
  }

  /** The JSON tree of these rules, every key present. */
  public static ObjectNode tree(EnvironmentRules rules) {
    ObjectMapper mapper = ApiJson.mapper();
    ObjectNode root = mapper.createObjectNode();
    ObjectNode refs = root.putObject("deploymentRefs");
    refs.put("policy", policyName(rules.deploymentRefs().policy()));
    rules.deploymentRefs().branches().forEach(refs.putArray("branches")::add);
    rules.deploymentRefs().tags().forEach(refs.putArray("tags")::add);
    ArrayNode reviewers = root.putArray("reviewers");
    for (ReviewerRequirement requirement : rules.reviewers()) {
      ObjectNode entry = reviewers.addObject();
      requirement.team().ifPresent(team -> entry.put("team", team));
      if (requirement.team().isEmpty()) {
        requirement.users().forEach(entry.putArray("users")::add);
      }
      entry.put("minimum", requirement.minimum());
    }
    root.put("waitMinutes", rules.waitMinutes());
    ArrayNode gates = root.putArray("gates");
    for (GateSpec gate : rules.gates()) {
      ObjectNode entry = gates.addObject();
      entry.put("name", gate.name());
      entry.put("type", gate.type());
      entry.put("delay", RulesDurations.format(gate.delay()));
      entry.put("interval", RulesDurations.format(gate.interval()));
      entry.put("timeout", RulesDurations.format(gate.timeout()));
      entry.set("parameters", mapper.valueToTree(gate.parameters()));
    }
    root.put("lock", rules.lock().name().toLowerCase(Locale.ROOT));
    root.put("allowBypass", rules.allowBypass());
    root.put("reviewTimeout", RulesDurations.format(rules.reviewTimeout()));
    return root;
  }

  /** The JSON text of these rules, in a stable form: equal rules give equal text. */
  public static String write(EnvironmentRules rules) {
    try {
      return ApiJson.mapper().writeValueAsString(tree(rules));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("rules always serialise", e);
    }
  }

  /** The JSON name of a ref policy. */
  public static String policyName(RefPolicy policy) {
    return switch (policy) {
      case ANY -> "any";
      case PROTECTED_BRANCHES -> "protected";
      case PATTERNS -> "patterns";
    };
  }

  private static DeploymentRefs refs(JsonNode node, String path) {
    ObjectNode refs = object(node, path, REFS_KEYS);
    if (!refs.has("policy")) {
      throw new InvalidRulesException(path + ".policy", "is required (any, protected or patterns)");
    }
    String policyText = text(refs.get("policy"), path + ".policy");
    RefPolicy policy =
        switch (policyText) {
          case "any" -> RefPolicy.ANY;
          case "protected" -> RefPolicy.PROTECTED_BRANCHES;
          case "patterns" -> RefPolicy.PATTERNS;
          default ->
              throw new InvalidRulesException(
                  path + ".policy",
                  "must be any, protected or patterns, not '"
                      + RulesDurations.printable(policyText)
                      + "'");
        };
    return new DeploymentRefs(policy, strings(refs, "branches", path), strings(refs, "tags", path));
  }

  private static ReviewerRequirement reviewer(JsonNode node, String path) {
    ObjectNode entry = object(node, path, REVIEWER_KEYS);
    if (entry.has("team") == entry.has("users")) {
      throw new InvalidRulesException(path, "needs exactly one of team or users");
    }
    Optional<String> team =
        entry.has("team") ? Optional.of(text(entry.get("team"), path + ".team")) : Optional.empty();
    return new ReviewerRequirement(
        team, strings(entry, "users", path), integer(entry, "minimum", 1, path));
  }

  private static GateSpec gate(JsonNode node, String path) {
    ObjectNode entry = object(node, path, GATE_KEYS);
    for (String key : List.of("name", "type")) {
      if (!entry.has(key)) {
        throw new InvalidRulesException(path + "." + key, "is required");
      }
    }
    Map<String, Object> parameters = Map.of();
    if (entry.has("parameters")) {
      object(entry.get("parameters"), path + ".parameters", List.of());
      parameters = ApiJson.mapper().convertValue(entry.get("parameters"), TREE);
    }
    return new GateSpec(
        text(entry.get("name"), path + ".name"),
        text(entry.get("type"), path + ".type"),
        duration(entry, "delay", path, DEFAULT_GATE_DELAY),
        duration(entry, "interval", path, DEFAULT_GATE_INTERVAL),
        duration(entry, "timeout", path, DEFAULT_GATE_TIMEOUT),
        parameters);
  }

  private static LockMode lock(JsonNode node) {
    String value = text(node, "lock");
    return switch (value) {
      case "none" -> LockMode.NONE;
      case "sequential" -> LockMode.SEQUENTIAL;
      case "latest" -> LockMode.LATEST;
      default ->
          throw new InvalidRulesException(
              "lock",
              "must be none, sequential or latest, not '" + RulesDurations.printable(value) + "'");
    };
  }

  private static Duration duration(ObjectNode object, String key, String path, Duration absent) {
    String at = path + "." + key;
    return object.has(key) ? RulesDurations.parse(text(object.get(key), at), at) : absent;
  }

  private static ObjectNode object(JsonNode node, String path, List<String> keys) {
    if (!(node instanceof ObjectNode object)) {
      throw new InvalidRulesException(path, "must be an object");
    }
    if (!keys.isEmpty()) {
      for (Map.Entry<String, JsonNode> property : object.properties()) {
        if (!keys.contains(property.getKey())) {
          throw new InvalidRulesException(
              join(path, RulesDurations.printable(property.getKey())),
              "unknown key (expected one of: " + String.join(", ", keys) + ")");
        }
      }
    }
    return object;
  }

  private static <T> List<T> list(ObjectNode object, String key, Reader<T> reader) {
    if (!object.has(key)) {
      return List.of();
    }
    JsonNode node = object.get(key);
    if (!(node instanceof ArrayNode array)) {
      throw new InvalidRulesException(key, "must be an array");
    }
    if (array.size() > RulesValidation.MAX_ENTRIES) {
      throw new InvalidRulesException(
          key, "must have at most " + RulesValidation.MAX_ENTRIES + " entries");
    }
    List<T> values = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      values.add(reader.read(array.get(i), key + "[" + i + "]"));
    }
    return values;
  }

  private static List<String> strings(ObjectNode object, String key, String path) {
    String at = join(path, key);
    if (!object.has(key)) {
      return List.of();
    }
    if (!(object.get(key) instanceof ArrayNode array)) {
      throw new InvalidRulesException(at, "must be an array of strings");
    }
    if (array.size() > RulesValidation.MAX_PATTERNS) {
      throw new InvalidRulesException(
          at, "must have at most " + RulesValidation.MAX_PATTERNS + " entries");
    }
    List<String> values = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      values.add(text(array.get(i), at + "[" + i + "]"));
    }
    return values;
  }

  private static int integer(ObjectNode object, String key, int absent) {
    return integer(object, key, absent, "");
  }

  private static int integer(ObjectNode object, String key, int absent, String path) {
    if (!object.has(key)) {
      return absent;
    }
    JsonNode node = object.get(key);
    if (!node.isInt()) {
      throw new InvalidRulesException(join(path, key), "must be an integer");
    }
    return node.intValue();
  }

  private static boolean bool(ObjectNode object, String key, boolean absent) {
    if (!object.has(key)) {
      return absent;
    }
    JsonNode node = object.get(key);
    if (!node.isBoolean()) {
      throw new InvalidRulesException(key, "must be true or false");
    }
    return node.booleanValue();
  }

  private static String text(JsonNode node, String path) {
    if (!node.isTextual()) {
      throw new InvalidRulesException(path, "must be a string");
    }
    return node.textValue();
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  @FunctionalInterface
  private interface Reader<T> {
    T read(JsonNode node, String path);
  }
}
