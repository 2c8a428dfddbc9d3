package io.gatehouse.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gatehouse review approve}: one reviewer's decision on a deployment. */
@Command(
    name = "approve",
    mixinStandardHelpOptions = true,
    versionProvider = Gatehouse.Version.class,
    description =
        "Approves a deployment waiting for review. When every reviewer requirement is met, the"
            + " deployment goes on to its wait timer and gates.",
    footer = {
      "",
      "Example:",
      "  gatehouse review approve 42 --comment 'looks good'",
      "",
      "Exit codes: 0 recorded, 1 failed (your own deployment: self_review; not an eligible"
          + " reviewer: forbidden; reviewed already or not waiting: conflict), 2 bad command line."
    })
final class ReviewApproveCommand extends ClientCommand {
  @Parameters(paramLabel = "ID", description = "The deployment's id.")
  long id;

  @Option(
      names = "--comment",
      paramLabel = "TEXT",
      required = false,
      description = "A comment, recorded with the review.")
  String comment = "";

  ReviewApproveCommand(CommandEnvironment environment) {
    super(environment);
  }

  @Override
  public Integer call() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("decision", "approve");
    body.put("comment", comment);
    print(
        client().post("/deployments/" + id + "/reviews", body),
        d -> out().println(DeploymentText.summary(d)));
    return 0;
  }
}
