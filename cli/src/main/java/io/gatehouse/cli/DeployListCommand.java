package io.gatehouse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code gatehouse deploy list}: deployments, newest first. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    versionProvider = Gatehouse.Version.class,
    description =
        "Lists deployments you may see, newest first, optionally of one project, environment or"
            + " state. When there are more, the last line says how to see the next page.",
    footer = {
      "",
      "Examples:",
      "  gatehouse deploy list --project shop --environment prod --state waiting",
      "  gatehouse deploy list --limit 10 --before 120",
      "",
      "Exit codes: 0 listed, 1 failed, 2 bad command line."
    })
final class DeployListCommand extends ClientCommand {
  @Option(names = "--project", paramLabel = "PROJECT", description = "Only this project.")
  String project;

  @Option(names = "--environment", paramLabel = "ENV", description = "Only this environment.")
  String environmentName;

  @Option(
      names = "--state",
      paramLabel = "STATE",
      description = "Only this state: waiting, approved, in_progress, success, failure, ...")
  String state;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "50",
      description = "At most N deployments (1 to 100, default ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--before", paramLabel = "ID", description = "Only deployments older than ID.")
  Long before;

  DeployListCommand(CommandEnvironment environment) {
    super(environment);
  }

  @Override
  public Integer call() {
    if (limit < 1 || limit > 100) {
      throw new ParameterException(spec.commandLine(), "--limit must be 1 to 100, not " + limit);
    }
    List<String> query = new ArrayList<>();
    add(query, "project", project);
    add(query, "environment", environmentName);
    add(query, "state", state);
    query.add("limit=" + limit);
    if (before != null) {
      query.add("before=" + before);
    }
    print(client().get("/deployments?" + String.join("&", query)), this::table);
    return 0;
  }

  private static void add(List<String> query, String name, String value) {
    if (value != null) {
      query.add(name + "=" + ApiClient.query(value));
    }
  }

  private void table(JsonNode answer) {
    TextTable table =
        new TextTable(
            "ID", "PROJECT", "ENVIRONMENT", "STATE", "REF", "SHA", "REQUESTER", "CREATED");
    for (JsonNode d : answer.path("deployments")) {
      table.row(
          TextTable.text(d, "id"),
          TextTable.text(d, "project"),
          TextTable.text(d, "environment"),
          TextTable.text(d, "state"),
          TextTable.text(d, "ref"),
          DeploymentText.shortSha(TextTable.text(d, "sha")),
          TextTable.text(d, "requester"),
          TextTable.text(d, "createdAt"));
    }
    if (table.isEmpty()) {
      out().println("no deployments");
      return;
    }
    table.print(out());
    if (answer.path("next").canConvertToLong() && !answer.path("next").isNull()) {
      out().println("more: add --before " + answer.path("next").asLong());
    }
  }
}
