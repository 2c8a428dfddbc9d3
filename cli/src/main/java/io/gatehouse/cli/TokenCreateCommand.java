package io.gatehouse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code gatehouse token create}: a new API token, shown once. */
@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    versionProvider = Gatehouse.Version.class,
    description = {
      "Creates an API token for yourself or, as an admin, for another user (--user), and prints"
          + " it. The token is shown only this once: store it in your CI system's secrets.",
      "",
      "The token goes to standard output; the note to keep it goes to standard error."
    },
    footer = {
      "",
      "Examples:",
      "  gatehouse token create --name laptop --expires-in 30d",
      "  gatehouse token create --name ci --user deploy-bot --expires-in 90d --output json",
      "",
      "Exit codes: 0 created, 1 failed, 2 bad command line."
    })
final class TokenCreateCommand extends ClientCommand {
  private static final Pattern EXPIRY = Pattern.compile("[1-9]\\d{0,5}[smhd]");

  @Option(
      names = "--name",
      paramLabel = "NAME",
      required = true,
      description = "What the token is for.")
  String name;

  @Option(
      names = "--expires-in",
      paramLabel = "DURATION",
      description = "Lifetime: a number and s, m, h or d (30d). Default: the server's.")
  String expiresIn;

  @Option(names = "--user", paramLabel = "USER", description = "Create it for USER (admin only).")
  String user;

  TokenCreateCommand(CommandEnvironment environment) {
    super(environment);
  }

  @Override
  public Integer call() {
    if (expiresIn != null && !EXPIRY.matcher(expiresIn).matches()) {
      throw new ParameterException(
          spec.commandLine(),
          "--expires-in must be a number and s, m, h or d (30d), not '" + expiresIn + "'");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    if (expiresIn != null) {
      body.put("expiresIn", expiresIn);
    }
    String path = user == null ? "/tokens" : "/users/" + ApiClient.segment(user) + "/tokens";
    print(client().post(path, body), this::text);
    return 0;
  }

  private void text(JsonNode token) {
    TextTable facts = new TextTable("id", TextTable.text(token, "id"));
    facts.row("name", TextTable.text(token, "name"));
    facts.row("expires", TextTable.text(token, "expiresAt"));
    facts.row("token", TextTable.text(token, "token"));
    facts.print(out());
    err().println("Store the token now: it is not shown again.");
    err().flush();
  }
}
