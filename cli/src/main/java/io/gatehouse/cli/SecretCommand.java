package io.gatehouse.cli;

import picocli.CommandLine.Command;

/** {@code gatehouse secret}: the write-only secrets of an environment. */
@Command(
    name = "secret",
    mixinStandardHelpOptions = true,
    versionProvider = Gatehouse.Version.class,
    description = {
      "Sets, lists and deletes the secrets of an environment (maintainers and admins).",
      "",
      "Secrets are write-only: no command and no API call shows a value to a user. A deployment's"
          + " job gets them with 'gatehouse deploy secrets ID' once the environment's rules passed."
    },
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {SecretSetCommand.class, SecretListCommand.class, SecretDeleteCommand.class},
    footer = {
      "",
      "Examples:",
      "  gatehouse secret set --project shop --env prod DB_PASSWORD        # prompts, no echo",
      "  vault read -field=pw kv/shop | gatehouse secret set --project shop --env prod DB_PASSWORD",
      "  gatehouse secret list --project shop --env prod",
      "  gatehouse secret delete --project shop --env prod DB_PASSWORD"
    })
final class SecretCommand extends GroupCommand {}
