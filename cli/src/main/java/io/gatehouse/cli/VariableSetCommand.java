package io.gatehouse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code gatehouse var set}: a variable's value from the command line or a file. */
@Command(
    name = "set",
    mixinStandardHelpOptions = true,
    versionProvider = Gatehouse.Version.class,
    description = {
      "Creates or replaces a variable, with the VALUE given or the content of a file, kept exactly"
          + " (a trailing newline included).",
      "",
      "Names: letters, digits and _, not starting with a digit or with GATEHOUSE_; compared without"
          + " regard to case, and shared with the environment's secrets. Values: UTF-8 text up to"
          + " 48 KiB."
    },
    footer = {
      "",
      "Examples:",
      "  gatehouse var set --project shop --env prod REGION westeurope",
      "  gatehouse var set --project shop --env prod APP_CONFIG --from-file config.json",
      "",
      "Exit codes: 0 set, 1 failed, 2 bad command line."
    })
final class VariableSetCommand extends ClientCommand {
  @Mixin SecretOptions target;

  @Parameters(index = "0", paramLabel = "NAME", description = "The variable's name.")
  String name;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "VALUE",
      description = "The value (or --from-file).")
  String value;

  @Option(names = "--from-file", paramLabel = "FILE", description = "Read the value from FILE.")
  Path file;

  VariableSetCommand(CommandEnvironment environment) {
    super(environment);
  }

  @Override
  public Integer call() {
    if ((value == null) == (file == null)) {
      throw new ParameterException(
          spec.commandLine(), "give either VALUE or --from-file FILE, not both and not neither");
    }
    String text =
        file != null ? SecretValues.fromFile(file) : SecretValues.checked(value, "the value");
    print(client().put(target.path("variables", name), Map.of("value", text)), this::text);
    return 0;
  }

  private void text(JsonNode variable) {
    out()
        .println(
            "variable "
                + TextTable.text(variable, "name")
                + " set in "
                + target.project
                + "/"
                + target.environment);
  }
}
