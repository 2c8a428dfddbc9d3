package io.gatehouse.cli;

import picocli.CommandLine.Option;

/**
 * {@code -v/--verbose} for every command: debug logging while it runs, and the stack trace of a
 * failure after its one-line message (see {@link FailureHandler}).
 */
final class Verbosity {
  @Option(
      names = {"-v", "--verbose"},
      description = "Log debug detail and print stack traces of failures.")
  void verbose(boolean verbose) {
    LogSetup.verbose(verbose);
  }
}
