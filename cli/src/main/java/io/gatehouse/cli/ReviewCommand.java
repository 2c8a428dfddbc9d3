package io.gatehouse.cli;

import picocli.CommandLine.Command;

/** {@code gatehouse review}: approve or reject a deployment as a reviewer. */
@Command(
    name = "review",
    mixinStandardHelpOptions = true,
    versionProvider = Gatehouse.Version.class,
    description =
        "Approves or rejects a waiting deployment as one of its eligible reviewers. Nobody may"
            + " review their own deployment, and each reviewer reviews once.",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {ReviewApproveCommand.class, ReviewRejectCommand.class},
    footer = {
      "",
      "Examples:",
      "  gatehouse deploy status 42        # what it waits for, who may approve",
      "  gatehouse review approve 42 --comment 'change CHG-881 checked'",
      "  gatehouse review reject 42 --comment 'no rollback plan'"
    })
final class ReviewCommand extends GroupCommand {}
