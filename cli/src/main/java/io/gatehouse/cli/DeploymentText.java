package io.gatehouse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;

/** Prints a deployment document for people: its facts, then what it waits for and what happened. */
final class DeploymentText {
  private DeploymentText() {}

  /** The one-line summary: id, where, what, state. */
  static String summary(JsonNode deployment) {
    return "deployment "
        + TextTable.text(deployment, "id")
        + "  "
        + TextTable.text(deployment, "project")
        + "/"
        + TextTable.text(deployment, "environment")
        + "  "
        + TextTable.text(deployment, "ref")
        + "  "
        + shortSha(TextTable.text(deployment, "sha"))
        + "  "
        + TextTable.text(deployment, "state");
  }

  static String shortSha(String sha) {
    return sha.length() > 12 ? sha.substring(0, 12) : sha;
  }

  /** Everything about one deployment, as {@code gatehouse deploy status} prints it. */
  static void print(PrintWriter out, JsonNode d) {
    TextTable facts = new TextTable("deployment", TextTable.text(d, "id"));
    facts.row("project", TextTable.text(d, "project"));
    facts.row("environment", TextTable.text(d, "environment"));
    facts.row(
        "state",
        TextTable.text(d, "state") + (d.path("bypassed").asBoolean() ? " (rules bypassed)" : ""));
    facts.row("ref", TextTable.text(d, "ref"));
    facts.row("sha", TextTable.text(d, "sha"));
    facts.row("images", TextTable.list(d, "images"));
    facts.row("requester", TextTable.text(d, "requester"));
    facts.row("description", TextTable.text(d, "description"));
    facts.row("created", TextTable.text(d, "createdAt"));
    facts.row("updated", TextTable.text(d, "updatedAt"));
    if (d.path("waitUntil").isTextual()) {
      facts.row("wait until", TextTable.text(d, "waitUntil"));
    }
    if (d.path("logUrl").isTextual()) {
      facts.row("log", TextTable.text(d, "logUrl"));
    }
    if (d.path("statusDescription").isTextual()) {
      facts.row("status", TextTable.text(d, "statusDescription"));
    }
    facts.print(out);
    section(out, "Pending:", pending(d));
    section(out, "Reviewer requirements:", requirements(d));
    section(out, "Reviews:", reviews(d));
    section(out, "Gates:", gates(d));
  }

  private static void section(PrintWriter out, String title, TextTable table) {
    if (table.isEmpty()) {
      return;
    }
    out.println();
    out.println(title);
    table.print(out);
  }

  private static TextTable pending(JsonNode d) {
    TextTable table = new TextTable("RULE", "DETAIL");
    d.path("pending")
        .forEach(p -> table.row(TextTable.text(p, "rule"), TextTable.text(p, "detail")));
    return table;
  }

  private static TextTable requirements(JsonNode d) {
    TextTable table = new TextTable("REQUIREMENT", "MINIMUM", "APPROVED BY", "ELIGIBLE");
    d.path("requirements")
        .forEach(
            r ->
                table.row(
                    TextTable.text(r, "name"),
                    TextTable.text(r, "minimum"),
                    TextTable.list(r, "approvedBy"),
                    TextTable.list(r, "eligible")));
    return table;
  }

  private static TextTable reviews(JsonNode d) {
    TextTable table = new TextTable("AT", "REVIEWER", "DECISION", "COMMENT");
    d.path("reviews")
        .forEach(
            r ->
                table.row(
                    TextTable.text(r, "at"),
                    TextTable.text(r, "reviewer"),
                    TextTable.text(r, "decision"),
                    TextTable.text(r, "comment")));
    return table;
  }

  private static TextTable gates(JsonNode d) {
    TextTable table = new TextTable("GATE", "TYPE", "STATUS", "EVALUATED", "DETAIL");
    d.path("gates")
        .forEach(
            g ->
                table.row(
                    TextTable.text(g, "name"),
                    TextTable.text(g, "type"),
                    TextTable.text(g, "status"),
                    TextTable.text(g, "evaluatedAt"),
                    TextTable.text(g, "detail")));
    return table;
  }
}
