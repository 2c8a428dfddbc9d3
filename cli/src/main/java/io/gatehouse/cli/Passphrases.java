package io.gatehouse.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * Where a private key's passphrase comes from: the environment variable {@value #VARIABLE} when it
 * is set (CI), otherwise a prompt on the terminal without echo. A passphrase is never read from the
 * command line, where other users of the machine could see it. Passphrases are never empty.
 */
final class Passphrases {
  static final String VARIABLE = "GATEHOUSE_KEY_PASSPHRASE";

  private Passphrases() {}

  /**
   * The passphrase to encrypt a new key with: the variable, or asked twice on the terminal.
   *
   * @throws PassphraseException when there is none, it is empty, or the two answers differ
   */
  static char[] forNewKey(CommandEnvironment environment, Path key) {
    Optional<char[]> variable = fromVariable(environment);
    if (variable.isPresent()) {
      return variable.get();
    }
    char[] first = ask(environment, "Enter a passphrase for " + key + ": ");
    char[] second = ask(environment, "Enter it again: ");
    try {
      if (!Arrays.equals(first, second)) {
        Arrays.fill(first, '\0');
        throw new PassphraseException("the two passphrases differ; nothing was written");
      }
      return first;
    } finally {
      Arrays.fill(second, '\0');
    }
  }

  /**
   * The passphrase to decrypt an existing key with: the variable, or asked once on the terminal.
   *
   * @throws PassphraseException when there is none or it is empty
   */
  static char[] forExistingKey(CommandEnvironment environment, Path key) {
    Optional<char[]> variable = fromVariable(environment);
    if (variable.isPresent()) {
      return variable.get();
    }
    return ask(environment, "Enter the passphrase for " + key + ": ");
  }

  private static Optional<char[]> fromVariable(CommandEnvironment environment) {
    String value = environment.variables().get(VARIABLE);
    if (value == null) {
      return Optional.empty();
    }
    if (value.isEmpty()) {
      throw new PassphraseException(VARIABLE + " is set but empty; a passphrase cannot be empty");
    }
    return Optional.of(value.toCharArray());
  }

  private static char[] ask(CommandEnvironment environment, String prompt) {
    char[] answer =
        environment
            .terminal()
            .readSecret(prompt)
            .orElseThrow(
                () ->
                    new PassphraseException(
                        "no passphrase: set "
                            + VARIABLE
                            + " or run on a terminal to be asked for it"));
    if (answer.length == 0) {
      throw new PassphraseException("a passphrase cannot be empty");
    }
    return answer;
  }
}
