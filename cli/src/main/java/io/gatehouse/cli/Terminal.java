package io.gatehouse.cli;

import java.io.Console;
import java.util.Optional;

/** The interactive terminal a command may prompt on; there is none when input is redirected. */
interface Terminal {
  /**
   * Asks for a secret without echoing it.
   *
   * @return the answer; empty when there is no terminal to ask on
   */
  Optional<char[]> readSecret(String prompt);

  /**
   * The process's terminal, if it has one. On Java 21 {@link System#console()} is null without a
   * terminal; newer JDKs may return a console that reads the answer from redirected standard input,
   * which is an acceptable source for a secret too.
   */
  @SuppressWarnings("SystemConsoleNull")
  static Terminal system() {
    return prompt -> {
      Console console = System.console();
      if (console == null) {
        return Optional.empty();
      }
      return Optional.ofNullable(console.readPassword("%s", prompt));
    };
  }

  /** No terminal: every prompt is answered with nothing. */
  static Terminal none() {
    return prompt -> Optional.empty();
  }
}
