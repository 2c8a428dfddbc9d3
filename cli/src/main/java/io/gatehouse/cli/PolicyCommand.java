package io.gatehouse.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code gatehouse policy}: commands about the policy file; only {@code check} for now. */
@Command(
    name = "policy",
    mixinStandardHelpOptions = true,
    versionProvider = Gatehouse.Version.class,
    description = "Works with the policy in gatehouse.yaml.",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {PolicyCheckCommand.class},
    footer = {"", "Run 'gatehouse policy COMMAND --help' for a command's options."})
final class PolicyCommand implements Runnable {
  @Spec CommandSpec spec;

  /** Without a command: a usage error, so the usage is printed and the exit code is 2. */
  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing required command");
  }
}
