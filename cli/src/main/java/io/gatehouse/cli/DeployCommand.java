package io.gatehouse.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code gatehouse deploy}: deployments on a Gatehouse server. */
@Command(
    name = "deploy",
    mixinStandardHelpOptions = true,
    versionProvider = Gatehouse.Version.class,
    description = {
      "Creates deployments, waits for their approval, reports their outcome, and shows them.",
      "",
      "A deployment asks to deploy one commit to one environment of a project. The environment's"
          + " rules (allowed refs, reviewers, wait timer, gates, lock) decide when it is"
          + " approved; the deploying job then reports in_progress, success or failure."
    },
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {
      DeployCreateCommand.class,
      DeployWaitCommand.class,
      DeployStatusCommand.class,
      DeployListCommand.class,
      DeployReportCommand.class,
      DeployDastReportCommand.class,
      DeployCancelCommand.class,
      DeployBypassCommand.class,
      DeploySecretsCommand.class,
      DeployTokenCommand.class
    },
    footer = {
      "",
      "Example (a CI job):",
      "  id=$(gatehouse deploy create --project shop --environment prod --branch main \\",
      "       --sha \"$GIT_SHA\" --output json | jq -r .id)",
      "  gatehouse deploy wait \"$id\" --timeout 2h",
      "  ./deploy.sh && gatehouse deploy report \"$id\" --state success \\",
      "    || gatehouse deploy report \"$id\" --state failure",
      "",
      "Run 'gatehouse deploy COMMAND --help' for a command's options."
    })
final class DeployCommand implements Runnable {
  @Spec CommandSpec spec;

  /** Without a command: a usage error, so the usage is printed and the exit code is 2. */
  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing required command");
  }
}
