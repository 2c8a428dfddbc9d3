package io.gatehouse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;

/** Prints a deployment document for people: its facts, then what it waits for and what happened. */
final class DeploymentText {
  /** The most findings of a {@code dast} gate listed. */
  static final int DAST_LISTED = 20;

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
    d.path("dast").forEach(result -> dast(out, result));
  }

  /** The findings of one {@code dast} gate, failing ones first, at most {@link #DAST_LISTED}. */
  private static void dast(PrintWriter out, JsonNode result) {
    out.println();
    JsonNode summary = result.path("summary");
    StringBuilder title =
        new StringBuilder("DAST gate ")
            .append(TextTable.text(result, "gate"))
            .append(" (")
            .append(TextTable.text(result, "mode"))
            .append(", ")
            .append(TextTable.text(result, "state"));
    if (result.path("result").isTextual()) {
      title.append(": ").append(TextTable.text(result, "result"));
    }
    title.append(")");
    out.println(title);
    if (summary.isObject()) {
      out.printf(
          "  %s: high %d, medium %d, low %d, info %d; %d failing, %d warning(s), %d suppressed;"
              + " %d requests%s%n",
          TextTable.text(summary, "target"),
          summary.path("high").asLong(),
          summary.path("medium").asLong(),
          summary.path("low").asLong(),
          summary.path("info").asLong(),
          summary.path("failing").asLong(),
          summary.path("warnings").asLong(),
          summary.path("suppressed").asLong(),
          summary.path("requests").asLong(),
          summary.path("partial").asBoolean() ? "; PARTIAL" : "");
    } else {
      out.println("  " + TextTable.text(result, "detail"));
    }
    TextTable table = new TextTable("STATUS", "SEVERITY", "RULE", "WHERE", "DETAIL");
    JsonNode findings = result.path("findings");
    for (int i = 0; i < Math.min(DAST_LISTED, findings.size()); i++) {
      JsonNode f = findings.get(i);
      String parameter = f.path("parameter").asText("");
      table.row(
          TextTable.text(f, "status"),
          TextTable.text(f, "severity"),
          TextTable.text(f, "ruleId"),
          TextTable.text(f, "method")
              + " "
              + TextTable.text(f, "url")
              + (parameter.isEmpty() ? "" : " [" + parameter + "]"),
          f.path("justification").isTextual()
              ? TextTable.text(f, "justification")
              : TextTable.text(f, "detail"));
    }
    if (!table.isEmpty()) {
      table.print(out);
    }
    if (findings.size() > DAST_LISTED) {
      out.printf(
          "  ... and %d more (gatehouse deploy status ID --output json)%n",
          findings.size() - DAST_LISTED);
    }
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
