package io.gatehouse.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code gatehouse var get}: one variable's value. */
@Command(
    name = "get",
    mixinStandardHelpOptions = true,
    versionProvider = Gatehouse.Version.class,
    description =
        "Prints a variable's value and a newline; with --output json, the variable as the server"
            + " answers it (name, value, who set it and when).",
    footer = {
      "",
      "Example:",
      "  region=$(gatehouse var get --project shop --env prod REGION)",
      "",
      "Exit codes: 0 shown, 1 failed (for example no such variable), 2 bad command line."
    })
final class VariableGetCommand extends ClientCommand {
  @Mixin SecretOptions target;

  @Parameters(paramLabel = "NAME", description = "The variable's name.")
  String name;

  VariableGetCommand(CommandEnvironment environment) {
    super(environment);
  }

  @Override
  public Integer call() {
    print(
        client().get(target.path("variables", name)),
        variable -> out().println(variable.path("value").asText()));
    return 0;
  }
}
