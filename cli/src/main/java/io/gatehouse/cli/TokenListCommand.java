package io.gatehouse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;

/** {@code gatehouse token list}: your tokens, without their secrets. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    versionProvider = Gatehouse.Version.class,
    description =
        "Lists your API tokens: id, name, when created, when they expire or were revoked.",
    footer = {"", "Example:", "  gatehouse token list", "", "Exit codes: 0 listed, 1 failed."})
final class TokenListCommand extends ClientCommand {
  TokenListCommand(CommandEnvironment environment) {
    super(environment);
  }

  @Override
  public Integer call() {
    print(client().get("/tokens"), this::table);
    return 0;
  }

  private void table(JsonNode answer) {
    TextTable table = new TextTable("ID", "NAME", "CREATED", "EXPIRES", "LAST USED", "REVOKED");
    for (JsonNode token : answer.path("tokens")) {
      table.row(
          TextTable.text(token, "id"),
          TextTable.text(token, "name"),
          TextTable.text(token, "createdAt"),
          TextTable.text(token, "expiresAt"),
          TextTable.text(token, "lastUsedAt"),
          TextTable.text(token, "revokedAt"));
    }
    if (table.isEmpty()) {
      out().println("no tokens");
    } else {
      table.print(out());
    }
  }
}
