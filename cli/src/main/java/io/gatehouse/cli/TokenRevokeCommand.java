package io.gatehouse.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code gatehouse token revoke}: a token stops working at once. */
@Command(
    name = "revoke",
    mixinStandardHelpOptions = true,
    versionProvider = Gatehouse.Version.class,
    description =
        "Revokes an API token: every request with it is refused from now on. You may revoke your"
            + " own tokens; an admin any token.",
    footer = {
      "",
      "Example:",
      "  gatehouse token revoke 7",
      "",
      "Exit codes: 0 revoked, 1 failed (for example no such token), 2 bad command line."
    })
final class TokenRevokeCommand extends ClientCommand {
  @Parameters(paramLabel = "ID", description = "The token's id (see 'gatehouse token list').")
  long id;

  TokenRevokeCommand(CommandEnvironment environment) {
    super(environment);
  }

  @Override
  public Integer call() {
    client().delete("/tokens/" + id);
    if (!server.json()) {
      out().println("token " + id + " revoked");
    }
    return 0;
  }
}
