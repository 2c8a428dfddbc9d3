package io.gatehouse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Console;
import java.util.Arrays;
import java.util.Map;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gatehouse secret set}: a secret's value from standard input, never the command line. */
@Command(
    name = "set",
    mixinStandardHelpOptions = true,
    versionProvider = Gatehouse.Version.class,
    description = {
      "Creates or replaces a secret. The value is read from standard input, never from the"
          + " command line (where other users of the machine could see it):",
      "",
      "- on a terminal, it is prompted for without echo (one line);",
      "- from a pipe or a file, all of it is read, and one trailing line ending (\\n or \\r\\n) is"
          + " removed, since 'echo' and editors add one; --keep-newline keeps the input exactly.",
      "",
      "Names: letters, digits and _, not starting with a digit or with GATEHOUSE_; compared without"
          + " regard to case. Values: UTF-8 text up to 48 KiB, not empty."
    },
    footer = {
      "",
      "Examples:",
      "  gatehouse secret set --project shop --env prod DB_PASSWORD",
      "  gatehouse secret set --project shop --env prod TLS_KEY --keep-newline < tls.key",
      "",
      "Exit codes: 0 set, 1 failed, 2 bad command line."
    })
final class SecretSetCommand extends ClientCommand {
  @Mixin SecretOptions target;

  @Parameters(paramLabel = "NAME", description = "The secret's name.")
  String name;

  @Option(
      names = "--keep-newline",
      description = "Keep a trailing line ending of piped input (it is removed by default).")
  boolean keepNewline;

  private final BooleanSupplier interactive;

  SecretSetCommand(CommandEnvironment environment) {
    this(environment, () -> stdinIsTerminal(environment));
  }

  /** With a given answer to whether standard input is a terminal, for tests. */
  SecretSetCommand(CommandEnvironment environment, BooleanSupplier interactive) {
    super(environment);
    this.interactive = interactive;
  }

  @Override
  public Integer call() {
    String value = interactive.getAsBoolean() ? prompt() : piped();
    if (value.isEmpty()) {
      throw new SecretInputException("the value is empty; a secret needs a value");
    }
    ApiClient.Answer answer = client().put(target.path("secrets", name), Map.of("value", value));
    print(answer, this::text);
    return 0;
  }

  private String prompt() {
    char[] typed =
        environment
            .terminal()
            .readSecret("Value of " + name + " (not shown): ")
            .orElseThrow(() -> new SecretInputException("no terminal to read the value from"));
    try {
      return SecretValues.checked(new String(typed), "the value");
    } finally {
      Arrays.fill(typed, '\0');
    }
  }

  private String piped() {
    return SecretValues.fromStream(environment.stdin(), keepNewline, "standard input");
  }

  private void text(JsonNode secret) {
    out()
        .println(
            "secret "
                + TextTable.text(secret, "name")
                + " set in "
                + target.project
                + "/"
                + target.environment);
  }

  /**
   * Whether standard input is this process's interactive terminal. Java 22 and later may give a
   * console even when input is redirected, and tell them apart with {@code Console.isTerminal()};
   * on Java 21 a console exists only for a terminal.
   */
  // The very stream of this process, not an equal one: a test's input is never the terminal.
  @SuppressWarnings({"SystemConsoleNull", "ReferenceEquality"})
  static boolean stdinIsTerminal(CommandEnvironment environment) {
    if (environment.stdin() != System.in) {
      return false;
    }
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (NoSuchMethodException e) {
      return true;
    } catch (ReflectiveOperationException | ClassCastException e) {
      return false;
    }
  }
}
