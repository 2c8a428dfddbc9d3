package io.gatehouse.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gatehouse deploy report}: the deploying job says how it goes. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    versionProvider = Gatehouse.Version.class,
    description =
        "Reports the progress or outcome of an approved deployment, as the job that deploys it:"
            + " in_progress when it starts, then success, failure or error. The state is"
            + " recorded, audited and sent to the project's webhooks.",
    footer = {
      "",
      "Examples:",
      "  gatehouse deploy report 42 --state in_progress --log-url \"$CI_JOB_URL\"",
      "  gatehouse deploy report 42 --state success --description 'rolled out 3/3 replicas'",
      "",
      "Exit codes: 0 recorded, 1 failed (for example a deployment that is not approved: conflict),"
          + " 2 bad command line."
    })
final class DeployReportCommand extends ClientCommand {
  /** The states a deploying job may report. */
  enum ReportedState {
    IN_PROGRESS,
    SUCCESS,
    FAILURE,
    ERROR
  }

  @Parameters(paramLabel = "ID", description = "The deployment's id.")
  long id;

  @Option(
      names = "--state",
      paramLabel = "STATE",
      required = true,
      description = "in_progress, success, failure or error.")
  ReportedState state;

  @Option(names = "--log-url", paramLabel = "URL", description = "Where the job's log is.")
  String logUrl;

  @Option(names = "--description", paramLabel = "TEXT", description = "A short note.")
  String description;

  DeployReportCommand(CommandEnvironment environment) {
    super(environment);
  }

  @Override
  public Integer call() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("state", state.name().toLowerCase(java.util.Locale.ROOT));
    if (logUrl != null) {
      body.put("logUrl", logUrl);
    }
    if (description != null) {
      body.put("description", description);
    }
    print(
        client().post("/deployments/" + id + "/status", body),
        d -> out().println(DeploymentText.summary(d)));
    return 0;
  }
}
