package io.gatehouse.cli;

import picocli.CommandLine.Command;

/** {@code gatehouse token}: API tokens. */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    versionProvider = Gatehouse.Version.class,
    description =
        "Creates, lists and revokes API tokens. A token is shown once, when it is created; the"
            + " server keeps only its hash.",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {TokenCreateCommand.class, TokenListCommand.class, TokenRevokeCommand.class},
    footer = {
      "",
      "Examples:",
      "  gatehouse token create --name ci-shop --expires-in 90d",
      "  gatehouse token create --name ci --user deploy-bot --output json | jq -r .token",
      "  gatehouse token list",
      "  gatehouse token revoke 7"
    })
final class TokenCommand extends GroupCommand {}
