package io.gatehouse.dast.crawl;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jsoup.nodes.Element;

/** The fields a browser would submit for a form, with values that pass ordinary validation. */
final class FormFields {
  private FormFields() {}

  static List<Parameter> of(Element form, Parameter.Location location, int max) {
    List<Parameter> fields = new ArrayList<>();
    Set<String> radios = new HashSet<>();
    for (Element field : form.select("input[name], textarea[name], select[name], button[name]")) {
      if (fields.size() >= max) {
        break;
      }
      String name = field.attr("name");
      if (field.hasAttr("disabled")) {
        continue;
      }
      switch (field.tagName()) {
        case "textarea" ->
            fields.add(new Parameter(location, name, orDefault(field.text(), "Gatehouse")));
        case "select" -> fields.add(new Parameter(location, name, selected(field)));
        case "button" -> {
          if (field.attr("type").equalsIgnoreCase("submit") || field.attr("type").isEmpty()) {
            fields.add(new Parameter(location, name, field.attr("value")));
          }
        }
        default -> input(field, location, radios).ifPresent(fields::add);
      }
    }
    return fields;
  }

  private static Optional<Parameter> input(
      Element input, Parameter.Location location, Set<String> radios) {
    String name = input.attr("name");
    String type = input.attr("type").strip().toLowerCase(Locale.ROOT);
    String value = input.attr("value");
    if (type.equals("radio") && !radios.add(name)) {
      return Optional.empty();
    }
    if (type.equals("file") && location == Parameter.Location.MULTIPART) {
      return Optional.of(new Parameter(Parameter.Location.FILE, name, "Gatehouse"));
    }
    return switch (type) {
      case "file", "reset", "button", "image" -> Optional.empty();
      case "checkbox", "radio" ->
          Optional.of(new Parameter(location, name, orDefault(value, "on")));
      case "submit", "hidden" -> Optional.of(new Parameter(location, name, value));
      default ->
          Optional.of(new Parameter(location, name, orDefault(value, defaultFor(type, input))));
    };
  }

  /** A value of {@code type} that ordinary validation accepts. */
  static String defaultFor(String type, Element input) {
    return switch (type) {
      case "email" -> "scanner@example.com";
      case "number", "range" -> orDefault(input.attr("min"), "1");
      case "tel" -> "5551234567";
      case "url" -> "https://example.com/";
      case "date" -> "2024-01-31";
      case "time" -> "12:00";
      case "datetime-local" -> "2024-01-31T12:00";
      case "month" -> "2024-01";
      case "week" -> "2024-W05";
      case "color" -> "#336699";
      case "password" -> "Gatehouse-1";
      default -> "Gatehouse";
    };
  }

  private static String selected(Element select) {
    Element option = select.selectFirst("option[selected]");
    if (option == null) {
      option = select.selectFirst("option");
    }
    if (option == null) {
      return "";
    }
    return option.hasAttr("value") ? option.attr("value") : option.text();
  }

  private static String orDefault(String value, String fallback) {
    return value.isEmpty() ? fallback : value;
  }
}
