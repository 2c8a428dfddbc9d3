package io.gatehouse.cli;

import java.io.InputStream;
import java.util.Map;
import java.util.Objects;

/**
 * What a command reads from outside its command line: environment variables, standard input and the
 * terminal. Injected, so tests can give a command its environment without touching the process's
 * own.
 *
 * @param variables the environment variables
 * @param stdin standard input, for a {@code -} argument
 * @param terminal the interactive terminal, for prompts
 */
record CommandEnvironment(Map<String, String> variables, InputStream stdin, Terminal terminal) {
  CommandEnvironment {
    variables = Map.copyOf(variables);
    Objects.requireNonNull(stdin, "stdin");
    Objects.requireNonNull(terminal, "terminal");
  }

  /** The environment of this process. */
  static CommandEnvironment system() {
    return new CommandEnvironment(System.getenv(), System.in, Terminal.system());
  }
}
