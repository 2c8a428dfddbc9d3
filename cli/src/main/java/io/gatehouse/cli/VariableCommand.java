package io.gatehouse.cli;

import picocli.CommandLine.Command;

/** {@code gatehouse var}: the plain variables of an environment. */
@Command(
    name = "var",
    mixinStandardHelpOptions = true,
    versionProvider = Gatehouse.Version.class,
    description = {
      "Sets, lists, shows and deletes the variables of an environment (maintainers and admins).",
      "",
      "Variables are plain configuration (a region, a replica count, a URL), readable by the"
          + " project's maintainers and by a deployment's job ('gatehouse deploy secrets ID')."
          + " Anything confidential belongs in 'gatehouse secret'."
    },
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {
      VariableSetCommand.class,
      VariableListCommand.class,
      VariableGetCommand.class,
      VariableDeleteCommand.class
    },
    footer = {
      "",
      "Examples:",
      "  gatehouse var set --project shop --env prod REGION westeurope",
      "  gatehouse var set --project shop --env prod APP_CONFIG --from-file config.json",
      "  gatehouse var get --project shop --env prod REGION",
      "  gatehouse var list --project shop --env prod"
    })
final class VariableCommand extends GroupCommand {}
