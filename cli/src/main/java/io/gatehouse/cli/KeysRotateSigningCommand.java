package io.gatehouse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code gatehouse keys rotate-signing}: a new OIDC signing key now. */
@Command(
    name = "rotate-signing",
    mixinStandardHelpOptions = true,
    versionProvider = Gatehouse.Version.class,
    description =
        "Makes the server sign deployment tokens with a new key from now on. The retiring keys"
            + " stay in the JWKS until every token they signed has expired. See"
            + " docs/credentials.md.",
    footer = {
      "",
      "Example:",
      "  gatehouse keys rotate-signing --output json",
      "",
      "Exit codes: 0 rotated, 1 failed."
    })
final class KeysRotateSigningCommand extends ClientCommand {
  KeysRotateSigningCommand(CommandEnvironment environment) {
    super(environment);
  }

  @Override
  public Integer call() {
    print(client().post("/keys/signing/rotate", Map.of()), this::text);
    return 0;
  }

  private void text(JsonNode answer) {
    TextTable facts = new TextTable("kid", TextTable.text(answer, "kid"));
    facts.row("retiring", TextTable.list(answer, "retiring"));
    facts.print(out());
  }
}
