package io.gatehouse.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code gatehouse deploy status}: one deployment, with what it waits for. */
@Command(
    name = "status",
    aliases = "show",
    mixinStandardHelpOptions = true,
    versionProvider = Gatehouse.Version.class,
    description =
        "Shows one deployment: its state, the rules it still waits for, the reviewer requirements"
            + " and who approved, the reviews, the latest result of each gate, and the findings of"
            + " its dast gates.",
    footer = {
      "",
      "Examples:",
      "  gatehouse deploy status 42",
      "  gatehouse deploy status 42 --output json | jq -r .state",
      "",
      "Exit codes: 0 shown, 1 failed (for example no such deployment), 2 bad command line."
    })
final class DeployStatusCommand extends ClientCommand {
  @Parameters(paramLabel = "ID", description = "The deployment's id.")
  long id;

  DeployStatusCommand(CommandEnvironment environment) {
    super(environment);
  }

  @Override
  public Integer call() {
    print(client().get("/deployments/" + id), d -> DeploymentText.print(out(), d));
    return 0;
  }
}
