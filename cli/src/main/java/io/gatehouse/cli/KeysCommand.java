package io.gatehouse.cli;

import picocli.CommandLine.Command;

/** {@code gatehouse keys}: rotation of the server's keys. */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    versionProvider = Gatehouse.Version.class,
    description =
        "Rotates the server's master key (secrets at rest) and OIDC signing keys (admin).",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {KeysRotateMasterCommand.class, KeysRotateSigningCommand.class},
    footer = {
      "",
      "Examples:",
      "  gatehouse keys rotate-master",
      "  gatehouse keys rotate-signing --output json"
    })
final class KeysCommand extends GroupCommand {}
