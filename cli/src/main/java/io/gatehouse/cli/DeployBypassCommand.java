package io.gatehouse.cli;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gatehouse deploy bypass}: approves a waiting deployment without its rules. */
@Command(
    name = "bypass",
    mixinStandardHelpOptions = true,
    versionProvider = Gatehouse.Version.class,
    description =
        "Approves a waiting deployment without its reviewers, wait timer and gates, for an"
            + " emergency. Only a maintainer of the project or an admin may, and only where the"
            + " environment allows bypass; the comment is required and audited.",
    footer = {
      "",
      "Example:",
      "  gatehouse deploy bypass 42 --comment 'INC-1234: hotfix while security is unreachable'",
      "",
      "Exit codes: 0 bypassed, 1 failed (forbidden, not allowed by the environment, not"
          + " waiting), 2 bad command line."
    })
final class DeployBypassCommand extends ClientCommand {
  @Parameters(paramLabel = "ID", description = "The deployment's id.")
  long id;

  @Option(
      names = "--comment",
      paramLabel = "TEXT",
      required = true,
      description = "Why the rules are bypassed.")
  String comment;

  DeployBypassCommand(CommandEnvironment environment) {
    super(environment);
  }

  @Override
  public Integer call() {
    print(
        client().post("/deployments/" + id + "/bypass", Map.of("comment", comment)),
        d -> out().println(DeploymentText.summary(d)));
    return 0;
  }
}
