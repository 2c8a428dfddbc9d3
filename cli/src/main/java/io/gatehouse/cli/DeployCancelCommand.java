package io.gatehouse.cli;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gatehouse deploy cancel}: stops a deployment that has not finished. */
@Command(
    name = "cancel",
    mixinStandardHelpOptions = true,
    versionProvider = Gatehouse.Version.class,
    description =
        "Cancels a deployment that is waiting, approved or in progress; the comment is recorded"
            + " in the audit log. A cancelled deployment releases the environment's lock.",
    footer = {
      "",
      "Example:",
      "  gatehouse deploy cancel 42 --comment 'superseded by 43'",
      "",
      "Exit codes: 0 cancelled, 1 failed (for example already finished: conflict), 2 bad command"
          + " line."
    })
final class DeployCancelCommand extends ClientCommand {
  @Parameters(paramLabel = "ID", description = "The deployment's id.")
  long id;

  @Option(names = "--comment", paramLabel = "TEXT", required = true, description = "Why.")
  String comment;

  DeployCancelCommand(CommandEnvironment environment) {
    super(environment);
  }

  @Override
  public Integer call() {
    print(
        client().post("/deployments/" + id + "/cancel", Map.of("comment", comment)),
        d -> out().println(DeploymentText.summary(d)));
    return 0;
  }
}
