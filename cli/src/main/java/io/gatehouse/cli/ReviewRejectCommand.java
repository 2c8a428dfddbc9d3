package io.gatehouse.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code gatehouse review reject}: one reviewer's decision on a deployment. */
@Command(
    name = "reject",
    mixinStandardHelpOptions = true,
    versionProvider = Gatehouse.Version.class,
    description =
        "Rejects a deployment waiting for review: it ends as rejected, and its deploying job's"
            + " wait exits with code 3. The comment, required, says why.",
    footer = {
      "",
      "Example:",
      "  gatehouse review reject 42 --comment 'migration not reviewed by the DBA'",
      "",
      "Exit codes: 0 recorded, 1 failed (your own deployment: self_review; not an eligible"
          + " reviewer: forbidden; reviewed already or not waiting: conflict), 2 bad command line."
    })
final class ReviewRejectCommand extends ClientCommand {
  @Parameters(paramLabel = "ID", description = "The deployment's id.")
  long id;

  @Option(
      names = "--comment",
      paramLabel = "TEXT",
      required = true,
      description = "Why it is rejected (required).")
  String comment = "";

  ReviewRejectCommand(CommandEnvironment environment) {
    super(environment);
  }

  @Override
  public Integer call() {
    if (comment.isBlank()) {
      throw new ParameterException(spec.commandLine(), "--comment must say why it is rejected");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("decision", "reject");
    body.put("comment", comment);
    print(
        client().post("/deployments/" + id + "/reviews", body),
        d -> out().println(DeploymentText.summary(d)));
    return 0;
  }
}
