package io.gatehouse.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code gatehouse secret delete}: removes a secret. */
@Command(
    name = "delete",
    mixinStandardHelpOptions = true,
    versionProvider = Gatehouse.Version.class,
    description = "Deletes a secret of an environment. Deployments from now on no longer get it.",
    footer = {
      "",
      "Example:",
      "  gatehouse secret delete --project shop --env prod DB_PASSWORD",
      "",
      "Exit codes: 0 deleted, 1 failed (for example no such secret), 2 bad command line."
    })
final class SecretDeleteCommand extends ClientCommand {
  @Mixin SecretOptions target;

  @Parameters(paramLabel = "NAME", description = "The secret's name.")
  String name;

  SecretDeleteCommand(CommandEnvironment environment) {
    super(environment);
  }

  @Override
  public Integer call() {
    client().delete(target.path("secrets", name));
    if (!server.json()) {
      out()
          .println("secret " + name + " deleted from " + target.project + "/" + target.environment);
    }
    return 0;
  }
}
