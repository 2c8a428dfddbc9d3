package io.gatehouse.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception out of a command into one line on standard error and exit code 1; the stack
 * trace follows only with {@code --verbose}.
 */
final class FailureHandler implements IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(
      Exception e, CommandLine commandLine, ParseResult parseResult) {
    String command = commandLine.getCommandSpec().qualifiedName();
    commandLine.getErr().println(command + ": " + oneLine(e));
    if (verbose(parseResult)) {
      e.printStackTrace(commandLine.getErr());
    }
    commandLine.getErr().flush();
    return Gatehouse.EXIT_FAILURE;
  }

  private static boolean verbose(ParseResult parseResult) {
    for (ParseResult current = parseResult; current != null; current = current.subcommand()) {
      if (current.hasMatchedOption("--verbose")) {
        return true;
      }
      if (!current.hasSubcommand()) {
        break;
      }
    }
    return false;
  }

  private static String oneLine(Exception e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      message = e.getClass().getSimpleName();
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
