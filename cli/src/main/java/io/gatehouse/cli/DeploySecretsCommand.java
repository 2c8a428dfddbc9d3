package io.gatehouse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gatehouse deploy secrets}: the environment's secrets and variables, for the job. */
@Command(
    name = "secrets",
    mixinStandardHelpOptions = true,
    versionProvider = Gatehouse.Version.class,
    description = {
      "Prints the secrets and variables of a deployment's environment, for the deploying job to"
          + " load. Only the job that created the deployment gets them (its token), and only while"
          + " the deployment is approved or in progress; every read is in the audit log.",
      "",
      "Formats (every value is quoted; nothing in a value is ever run or expanded):",
      "  env     export NAME='value'   for eval \"$(...)\" in sh/bash/zsh; ' becomes '\\''",
      "  dotenv  NAME='value', or NAME=\"...\" with \\\\ \\\" \\$ \\` \\n \\r escaped when the value"
          + " holds ' or a line break",
      "  github  NAME<<DELIMITER ... DELIMITER with a random delimiter, for >> \"$GITHUB_ENV\"",
      "  json    {\"secrets\": {...}, \"variables\": {...}} as the server answers it",
      "",
      "Variables come first, then secrets, each by name; a name is never in both."
    },
    footer = {
      "",
      "Examples:",
      "  eval \"$(gatehouse deploy secrets \"$id\")\"",
      "  gatehouse deploy secrets \"$id\" --format github >> \"$GITHUB_ENV\"",
      "  gatehouse deploy secrets \"$id\" --format dotenv > .env && chmod 600 .env",
      "",
      "Exit codes: 0 printed, 1 failed (not this deployment's job, not approved, ended, ...),"
          + " 2 bad command line."
    })
final class DeploySecretsCommand extends ClientCommand {
  @Parameters(paramLabel = "ID", description = "The deployment's id.")
  long id;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "env",
      description = "env (default), dotenv, github or json.")
  SecretEnvFormat format = SecretEnvFormat.ENV;

  DeploySecretsCommand(CommandEnvironment environment) {
    super(environment);
  }

  @Override
  public Integer call() {
    ApiClient.Answer answer = client().get("/deployments/" + id + "/secrets");
    if (format == SecretEnvFormat.JSON || server.json()) {
      ServerOptions.printJson(out(), answer);
    } else {
      out().print(format.render(values(answer.json()), new SecureRandom()));
    }
    out().flush();
    return 0;
  }

  /** Variables, then secrets, as the server ordered them; a name in both is refused. */
  private static Map<String, String> values(JsonNode answer) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String kind : new String[] {"variables", "secrets"}) {
      for (Map.Entry<String, JsonNode> entry : answer.path(kind).properties()) {
        if (!entry.getValue().isTextual()) {
          throw new SecretInputException("the server's answer is not a map of names to text");
        }
        if (values.put(entry.getKey(), entry.getValue().asText()) != null) {
          throw new SecretInputException(
              "the server sent one name as a secret and as a variable; nothing written");
        }
      }
    }
    return values;
  }
}
