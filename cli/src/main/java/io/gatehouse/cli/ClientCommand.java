package io.gatehouse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every command that calls the Gatehouse API shares: the server options, {@code --verbose},
 * the environment, and printing an answer as text or as the server's JSON.
 */
abstract class ClientCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ServerOptions server;
  @Mixin Verbosity verbosity;

  final CommandEnvironment environment;
  private ApiClient client;

  ClientCommand(CommandEnvironment environment) {
    this.environment = environment;
  }

  final ApiClient client() {
    if (client == null) {
      client = server.client(environment);
    }
    return client;
  }

  final PrintWriter out() {
    return spec.commandLine().getOut();
  }

  final PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** Prints the answer's JSON document with {@code --output json}, else as {@code text} does. */
  final void print(ApiClient.Answer answer, Consumer<JsonNode> text) {
    if (server.json()) {
      ServerOptions.printJson(out(), answer);
    } else {
      text.accept(answer.json());
    }
    out().flush();
  }
}
