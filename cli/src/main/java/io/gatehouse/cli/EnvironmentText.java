package io.gatehouse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** An environment's rules in words, as {@code gatehouse env} prints them. */
final class EnvironmentText {
  private EnvironmentText() {}

  /** Which refs may deploy: "any", "protected branches", or the patterns. */
  static String refs(JsonNode rules) {
    JsonNode refs = rules.path("deploymentRefs");
    String policy = refs.path("policy").asText("any");
    return switch (policy) {
      case "any" -> "any ref";
      case "protected_branches" -> "protected branches";
      default -> {
        List<String> parts = new ArrayList<>();
        if (!refs.path("branches").isEmpty()) {
          parts.add("branches " + TextTable.list(refs, "branches"));
        }
        if (!refs.path("tags").isEmpty()) {
          parts.add("tags " + TextTable.list(refs, "tags"));
        }
        yield parts.isEmpty() ? policy : String.join("; ", parts);
      }
    };
  }

  /** The reviewer requirements: "1 of team security AND 1 of carol, dave", or "none". */
  static String reviewers(JsonNode rules) {
    List<String> parts = new ArrayList<>();
    for (JsonNode r : rules.path("reviewers")) {
      String who =
          r.path("team").isTextual()
              ? "team " + r.path("team").asText()
              : TextTable.list(r, "users");
      parts.add(r.path("minimum").asInt(1) + " of " + who);
    }
    return parts.isEmpty() ? "none" : String.join(" AND ", parts);
  }

  static String waitTimer(JsonNode rules) {
    int minutes = rules.path("waitMinutes").asInt(0);
    return minutes == 0 ? "none" : minutes + " min";
  }

  static String gates(JsonNode rules) {
    List<String> names = new ArrayList<>();
    rules.path("gates").forEach(g -> names.add(g.path("name").asText()));
    return names.isEmpty() ? "none" : String.join(", ", names);
  }

  /** Every rule, one per line, with each gate's timing. */
  static TextTable rules(JsonNode environment) {
    JsonNode rules = environment.path("rules");
    TextTable table =
        new TextTable(
            "environment",
            TextTable.text(environment, "project") + "/" + TextTable.text(environment, "name"));
    table.row("deployment refs", refs(rules));
    table.row(
        "reviewers",
        reviewers(rules) + (rules.path("reviewers").isEmpty() ? "" : " (never the requester)"));
    table.row("wait timer", waitTimer(rules));
    for (JsonNode g : rules.path("gates")) {
      table.row(
          "gate " + TextTable.text(g, "name"),
          TextTable.text(g, "type")
              + ", first after "
              + TextTable.text(g, "delay")
              + ", every "
              + TextTable.text(g, "interval")
              + ", times out after "
              + TextTable.text(g, "timeout")
              + (g.path("parameters").isEmpty() ? "" : ", " + g.path("parameters")));
    }
    if (rules.path("gates").isEmpty()) {
      table.row("gates", "none");
    }
    table.row("lock", TextTable.text(rules, "lock"));
    table.row(
        "bypass",
        rules.path("allowBypass").asBoolean() ? "allowed (maintainers, admins)" : "not allowed");
    table.row("review timeout", TextTable.text(rules, "reviewTimeout"));
    return table;
  }
}
