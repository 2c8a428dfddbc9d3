package io.gatehouse.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gatehouse env show}: one environment's rules in words. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    versionProvider = Gatehouse.Version.class,
    description =
        "Shows one environment's protection rules: which refs may deploy, the reviewer"
            + " requirements, the wait timer, each gate with its timing, the lock, whether bypass"
            + " is allowed, and the review timeout.",
    footer = {
      "",
      "Example:",
      "  gatehouse env show --project shop prod",
      "",
      "Exit codes: 0 shown, 1 failed (for example no such environment), 2 bad command line."
    })
final class EnvShowCommand extends ClientCommand {
  @Option(names = "--project", paramLabel = "PROJECT", required = true, description = "Project.")
  String project;

  @Parameters(paramLabel = "ENV", description = "The environment's name.")
  String name;

  EnvShowCommand(CommandEnvironment environment) {
    super(environment);
  }

  @Override
  public Integer call() {
    String path =
        "/projects/" + ApiClient.segment(project) + "/environments/" + ApiClient.segment(name);
    print(client().get(path), e -> EnvironmentText.rules(e).print(out()));
    return 0;
  }
}
