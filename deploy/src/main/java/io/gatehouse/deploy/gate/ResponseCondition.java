package io.gatehouse.deploy.gate;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NumericNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code successWhen} condition of an {@code http} gate: the value at a JSON pointer of the
 * answer equals a value, or is one of several. Numbers compare by value ({@code 1} equals {@code
 * 1.0}).
 *
 * @param pointer where in the answer, e.g. {@code /status}
 * @param expected the accepted values: one for {@code equals}, several for {@code in}
 */
record ResponseCondition(JsonPointer pointer, List<JsonNode> expected) {
  static final int MAX_VALUES = 100;
  static final int MAX_VALUE_TEXT = 4096;
  private static final Set<String> KEYS = Set.of("pointer", "equals", "in");
  private static final Comparator<JsonNode> BY_VALUE = ResponseCondition::compare;

  ResponseCondition {
    expected = List.copyOf(expected);
  }

  static ResponseCondition parse(Parameters p, ObjectMapper mapper) {
    p.allowOnly(KEYS);
    String pointerText = pointerText(p);
    JsonPointer pointer;
    try {
      pointer = JsonPointer.compile(pointerText);
    } catch (IllegalArgumentException e) {
      throw Parameters.invalid(
          p.path("pointer"),
          "must be a JSON pointer such as /status, not '" + Parameters.shown(pointerText) + "'");
    }
    if (p.hasKey("equals") == p.has("in")) {
      throw Parameters.invalid(p.path(), "must have exactly one of 'equals' and 'in'");
    }
    if (p.hasKey("equals")) {
      return new ResponseCondition(
          pointer, List.of(value(p.raw("equals"), p.path("equals"), mapper)));
    }
    List<?> values = p.optionalList("in", MAX_VALUES);
    if (values.isEmpty()) {
      throw Parameters.invalid(p.path("in"), "must list at least one value");
    }
    List<JsonNode> expected = new ArrayList<>(values.size());
    for (int i = 0; i < values.size(); i++) {
      expected.add(value(values.get(i), p.path("in") + "[" + i + "]", mapper));
    }
    return new ResponseCondition(pointer, expected);
  }

  private static String pointerText(Parameters p) {
    Object raw = p.raw("pointer");
    if (raw == null) {
      throw Parameters.invalid(p.path("pointer"), "is required");
    }
    if (!(raw instanceof String text)) {
      throw Parameters.invalid(p.path("pointer"), "must be a string, not " + Parameters.kind(raw));
    }
    if (text.length() > 500) {
      throw Parameters.invalid(p.path("pointer"), "must be at most 500 characters");
    }
    return text;
  }

  private static JsonNode value(Object raw, String path, ObjectMapper mapper) {
    JsonNode node;
    try {
      node = mapper.valueToTree(raw);
    } catch (IllegalArgumentException e) {
      throw Parameters.invalid(path, "must be a JSON value");
    }
    if (node.toString().length() > MAX_VALUE_TEXT) {
      throw Parameters.invalid(path, "must be at most " + MAX_VALUE_TEXT + " characters as JSON");
    }
    return node;
  }

  /** Empty when the answer meets the condition, else why not. */
  Optional<String> unmetBy(JsonNode answer) {
    JsonNode actual = answer.at(pointer);
    if (actual.isMissingNode()) {
      return Optional.of("no value at " + pointer);
    }
    for (JsonNode candidate : expected) {
      if (actual.equals(BY_VALUE, candidate)) {
        return Optional.empty();
      }
    }
    return Optional.of(pointer + " is " + shown(actual) + ", expected " + expectation());
  }

  /** What the condition asks for, for a detail. */
  String describe() {
    return pointer + " " + expectation();
  }

  private String expectation() {
    if (expected.size() == 1) {
      return shown(expected.getFirst());
    }
    return "one of " + String.join(", ", expected.stream().map(ResponseCondition::shown).toList());
  }

  private static String shown(JsonNode node) {
    return Parameters.shown(node.toString());
  }

  private static int compare(JsonNode a, JsonNode b) {
    if (a instanceof NumericNode x && b instanceof NumericNode y) {
      try {
        return x.decimalValue().compareTo(y.decimalValue());
      } catch (NumberFormatException e) {
        // not a finite number: only an identical node is equal
        return a.equals(b) ? 0 : 1;
      }
    }
    return a.equals(b) ? 0 : 1;
  }
}
