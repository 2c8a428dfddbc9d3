package io.gatehouse.cli;

import picocli.CommandLine.Command;

/** {@code gatehouse env}: a project's environments and their protection rules. */
@Command(
    name = "env",
    mixinStandardHelpOptions = true,
    versionProvider = Gatehouse.Version.class,
    description =
        "Shows a project's environments and their protection rules. Rules are changed with"
            + " 'gatehouse apply'.",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {EnvListCommand.class, EnvShowCommand.class},
    footer = {
      "",
      "Examples:",
      "  gatehouse env list --project shop",
      "  gatehouse env show --project shop prod"
    })
final class EnvCommand extends GroupCommand {}
