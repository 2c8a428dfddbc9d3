package io.gatehouse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code gatehouse secret list}: the names of an environment's secrets, never a value. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    versionProvider = Gatehouse.Version.class,
    description = "Lists an environment's secrets: name, who set it last and when. Never a value.",
    footer = {
      "",
      "Example:",
      "  gatehouse secret list --project shop --env prod",
      "",
      "Exit codes: 0 listed, 1 failed, 2 bad command line."
    })
final class SecretListCommand extends ClientCommand {
  @Mixin SecretOptions target;

  SecretListCommand(CommandEnvironment environment) {
    super(environment);
  }

  @Override
  public Integer call() {
    print(client().get(target.path("secrets")), this::table);
    return 0;
  }

  private void table(JsonNode answer) {
    TextTable table = new TextTable("NAME", "UPDATED BY", "UPDATED", "CREATED");
    for (JsonNode secret : answer.path("secrets")) {
      table.row(
          TextTable.text(secret, "name"),
          TextTable.text(secret, "updatedBy"),
          TextTable.text(secret, "updatedAt"),
          TextTable.text(secret, "createdAt"));
    }
    if (table.isEmpty()) {
      out().println("no secrets");
    } else {
      table.print(out());
    }
  }
}
