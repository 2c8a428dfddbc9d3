package io.gatehouse.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code gatehouse var delete}: removes a variable. */
@Command(
    name = "delete",
    mixinStandardHelpOptions = true,
    versionProvider = Gatehouse.Version.class,
    description = "Deletes a variable of an environment.",
    footer = {
      "",
      "Example:",
      "  gatehouse var delete --project shop --env prod REGION",
      "",
      "Exit codes: 0 deleted, 1 failed (for example no such variable), 2 bad command line."
    })
final class VariableDeleteCommand extends ClientCommand {
  @Mixin SecretOptions target;

  @Parameters(paramLabel = "NAME", description = "The variable's name.")
  String name;

  VariableDeleteCommand(CommandEnvironment environment) {
    super(environment);
  }

  @Override
  public Integer call() {
    client().delete(target.path("variables", name));
    if (!server.json()) {
      out()
          .println(
              "variable " + name + " deleted from " + target.project + "/" + target.environment);
    }
    return 0;
  }
}
