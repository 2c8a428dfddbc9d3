package io.gatehouse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gatehouse env list}: a project's environments, one line each. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    versionProvider = Gatehouse.Version.class,
    description = "Lists a project's environments with a summary of each one's rules.",
    footer = {
      "",
      "Example:",
      "  gatehouse env list --project shop",
      "",
      "Exit codes: 0 listed, 1 failed (for example no such project), 2 bad command line."
    })
final class EnvListCommand extends ClientCommand {
  @Option(names = "--project", paramLabel = "PROJECT", required = true, description = "Project.")
  String project;

  EnvListCommand(CommandEnvironment environment) {
    super(environment);
  }

  @Override
  public Integer call() {
    String path = "/projects/" + ApiClient.segment(project) + "/environments";
    print(client().get(path), this::table);
    return 0;
  }

  private void table(JsonNode answer) {
    TextTable table = new TextTable("NAME", "REFS", "REVIEWERS", "WAIT", "GATES", "LOCK", "BYPASS");
    for (JsonNode environment : answer.path("environments")) {
      JsonNode rules = environment.path("rules");
      table.row(
          TextTable.text(environment, "name"),
          EnvironmentText.refs(rules),
          EnvironmentText.reviewers(rules),
          EnvironmentText.waitTimer(rules),
          EnvironmentText.gates(rules),
          TextTable.text(rules, "lock"),
          rules.path("allowBypass").asBoolean() ? "yes" : "no");
    }
    if (table.isEmpty()) {
      out().println("project " + project + " has no environments");
    } else {
      table.print(out());
    }
  }
}
