package io.gatehouse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code gatehouse keys rotate-master}: re-wraps every sealed value under the primary key. */
@Command(
    name = "rotate-master",
    mixinStandardHelpOptions = true,
    versionProvider = Gatehouse.Version.class,
    description = {
      "Re-wraps the data key of every sealed value (secrets, OIDC signing keys) with the server's"
          + " primary master key, without downtime. The values themselves are not re-encrypted.",
      "",
      "Procedure: restart every replica with the new key as the master key and the old one as"
          + " a previous key (GATEHOUSE_MASTER_KEY_PREVIOUS or --previous-master-key-file), run"
          + " this command, then restart without the previous key. See docs/secrets.md."
    },
    footer = {
      "",
      "Example:",
      "  gatehouse keys rotate-master",
      "",
      "Exit codes: 0 every value is under the primary key, 1 failed, 3 some values open with no"
          + " configured key (keep the previous key and see the server log)."
    })
final class KeysRotateMasterCommand extends ClientCommand {
  /** The exit code when some values could not be re-wrapped. */
  static final int EXIT_UNREADABLE = 3;

  KeysRotateMasterCommand(CommandEnvironment environment) {
    super(environment);
  }

  @Override
  public Integer call() {
    ApiClient.Answer answer = client().post("/keys/master/rotate", Map.of());
    print(answer, this::text);
    return answer.json().path("unreadable").asLong() > 0 ? EXIT_UNREADABLE : 0;
  }

  private void text(JsonNode answer) {
    out()
        .println(
            "re-wrapped "
                + answer.path("rewrapped").asLong()
                + " values under master key "
                + TextTable.text(answer, "primary"));
    TextTable table =
        new TextTable(
            "TABLE", "COLUMN", "EXAMINED", "REWRAPPED", "CHANGED MEANWHILE", "UNREADABLE");
    for (JsonNode outcome : answer.path("tables")) {
      table.row(
          TextTable.text(outcome, "table"),
          TextTable.text(outcome, "column"),
          TextTable.text(outcome, "examined"),
          TextTable.text(outcome, "rewrapped"),
          TextTable.text(outcome, "changedMeanwhile"),
          TextTable.text(outcome, "unreadable"));
    }
    table.print(out());
    long unreadable = answer.path("unreadable").asLong();
    if (unreadable > 0) {
      err()
          .println(
              unreadable
                  + " values open with no configured master key: keep the previous key until"
                  + " they are dealt with");
      err().flush();
    }
  }
}
