package io.gatehouse.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options of every command that talks to a Gatehouse server: where it is, the token to show it,
 * and how to print the answer. Defaults come from {@code GATEHOUSE_SERVER} and {@code
 * GATEHOUSE_TOKEN} in the command's environment.
 */
final class ServerOptions {
  static final String DEFAULT_SERVER = "http://127.0.0.1:8080";

  @Option(
      names = "--server",
      paramLabel = "URL",
      description =
          "Base URL of the Gatehouse server (default: $GATEHOUSE_SERVER, else "
              + DEFAULT_SERVER
              + ").")
  String server;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description =
          "API token (default: $GATEHOUSE_TOKEN). Prefer the variable: a token on the command line"
              + " is visible to other users of the machine.")
  String token;

  @Option(
      names = "--output",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text (for people) or json (the server's JSON documents, one per line).")
  OutputFormat output = OutputFormat.TEXT;

  boolean json() {
    return output == OutputFormat.JSON;
  }

  /** A client for the server these options name, reading defaults from the environment. */
  ApiClient client(CommandEnvironment environment) {
    String url =
        Optional.ofNullable(server)
            .or(() -> nonBlank(environment.variables().get("GATEHOUSE_SERVER")))
            .orElse(DEFAULT_SERVER);
    Optional<String> bearer =
        Optional.ofNullable(token)
            .or(() -> nonBlank(environment.variables().get("GATEHOUSE_TOKEN")))
            .map(String::strip);
    return new ApiClient(serverUri(url), bearer);
  }

  /** Prints the raw JSON document of an answer on one line. */
  static void printJson(PrintWriter out, ApiClient.Answer answer) {
    out.println(answer.json().isMissingNode() ? answer.body() : answer.json().toString());
  }

  private static Optional<String> nonBlank(String value) {
    return Optional.ofNullable(value).filter(v -> !v.isBlank());
  }

  private static URI serverUri(String url) {
    try {
      URI uri = new URI(url.strip());
      if (uri.getHost() == null
          || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
        throw new ApiCallException("the server URL must be http:// or https:// and a host: " + url);
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new ApiCallException("the server URL is not a URL: " + url, e);
    }
  }
}
