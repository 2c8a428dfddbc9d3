package io.gatehouse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code gatehouse var list}: an environment's variables. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    versionProvider = Gatehouse.Version.class,
    description =
        "Lists an environment's variables: name, value (its first line, cut at "
            + VariableListCommand.SHOWN
            + " characters; see 'gatehouse var get' for all of it), who set it last and when.",
    footer = {
      "",
      "Example:",
      "  gatehouse var list --project shop --env prod",
      "",
      "Exit codes: 0 listed, 1 failed, 2 bad command line."
    })
final class VariableListCommand extends ClientCommand {
  static final int SHOWN = 60;

  @Mixin SecretOptions target;

  VariableListCommand(CommandEnvironment environment) {
    super(environment);
  }

  @Override
  public Integer call() {
    print(client().get(target.path("variables")), this::table);
    return 0;
  }

  private void table(JsonNode answer) {
    TextTable table = new TextTable("NAME", "VALUE", "UPDATED BY", "UPDATED");
    for (JsonNode variable : answer.path("variables")) {
      table.row(
          TextTable.text(variable, "name"),
          shown(variable.path("value").asText()),
          TextTable.text(variable, "updatedBy"),
          TextTable.text(variable, "updatedAt"));
    }
    if (table.isEmpty()) {
      out().println("no variables");
    } else {
      table.print(out());
    }
  }

  /** The value's first line, cut to fit a table row; control characters shown as '?'. */
  static String shown(String value) {
    int newline = value.indexOf('\n');
    String line = newline < 0 ? value : value.substring(0, newline);
    boolean cut = newline >= 0 || line.length() > SHOWN;
    if (line.length() > SHOWN) {
      line = line.substring(0, SHOWN);
    }
    StringBuilder shown = new StringBuilder(line.length() + 1);
    line.codePoints().forEach(c -> shown.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    if (cut) {
      shown.append('…');
    }
    return shown.isEmpty() ? "\"\"" : shown.toString();
  }
}
