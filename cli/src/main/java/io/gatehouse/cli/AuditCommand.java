package io.gatehouse.cli;

import picocli.CommandLine.Command;

/** {@code gatehouse audit}: the tamper-evident audit log. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    versionProvider = Gatehouse.Version.class,
    description =
        "Exports the audit log (NDJSON, one entry per line) and verifies its hash chains, so a"
            + " change to any entry, a removed entry or a rewritten tail is found.",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {AuditExportCommand.class, AuditVerifyCommand.class},
    footer = {
      "",
      "Examples:",
      "  gatehouse audit export -o audit-2026-11.ndjson",
      "  gatehouse audit verify --file audit-2026-11.ndjson --save-anchor anchor.json",
      "  gatehouse audit verify --anchor anchor.json      # later: nothing before it changed"
    })
final class AuditCommand extends GroupCommand {}
