package io.gatehouse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code gatehouse login}: exchanges a CI job's OIDC token for a short-lived Gatehouse token (RFC
 * 8693 token exchange at {@code POST /api/v1/oauth/token}), so that the job needs no stored
 * Gatehouse secret.
 */
@Command(
    name = "login",
    mixinStandardHelpOptions = true,
    versionProvider = Gatehouse.Version.class,
    description = {
      "Exchanges this CI job's OIDC token for a short-lived Gatehouse API token, granted by a"
          + " federated credential of a project (see docs/federation.md), and prints it, or"
          + " appends GATEHOUSE_TOKEN=<token> to a file such as $GITHUB_ENV.",
      "",
      "No --token is needed: the OIDC token is the proof."
    },
    footer = {
      "",
      "Examples:",
      "  gatehouse login --oidc-token-env GATEHOUSE_ID_TOKEN            # GitLab CI id_tokens",
      "  gatehouse login --oidc-token-file id-token.jwt --write-env \"$GITHUB_ENV\"",
      "  export GATEHOUSE_TOKEN=$(gatehouse login --oidc-token-file id-token.jwt --project shop)",
      "",
      "Exit codes: 0 logged in, 1 refused or failed, 2 bad command line."
    })
final class LoginCommand extends ClientCommand {
  static final int MAX_TOKEN = 16 * 1024;
  private static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange";
  private static final String JWT = "urn:ietf:params:oauth:token-type:jwt";

  @ArgGroup(multiplicity = "1")
  Source source;

  static final class Source {
    @Option(
        names = "--oidc-token-file",
        paramLabel = "FILE",
        description = "File holding the CI job's OIDC token.")
    Path file;

    @Option(
        names = "--oidc-token-env",
        paramLabel = "VAR",
        description = "Environment variable holding the CI job's OIDC token.")
    String variable;
  }

  @Option(
      names = "--project",
      paramLabel = "PROJECT",
      description =
          "The project whose credential to use, when the token matches credentials of several.")
  String project;

  @Option(
      names = "--lifetime",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "How long the Gatehouse token should work (e.g. 2h): long enough for the wait for"
              + " approval and the deployment, within the server's limit (3h by default)."
              + " Default: the server's (15m).")
  Duration lifetime;

  @Option(
      names = "--write-env",
      paramLabel = "FILE",
      description =
          "Append GATEHOUSE_TOKEN=<token> to FILE (e.g. $GITHUB_ENV) instead of printing the token."
              + " On GitHub Actions the token is also masked in the log.")
  Path writeEnv;

  LoginCommand(CommandEnvironment environment) {
    super(environment);
  }

  @Override
  public Integer call() {
    String oidcToken = oidcToken();
    URI base = client().server();
    JsonNode answer = exchange(base, oidcToken);
    String token = answer.path("access_token").asText("");
    if (token.isEmpty() || token.contains("\n")) {
      throw new ApiCallException("the server at " + base + " answered without an access token");
    }
    if (writeEnv != null) {
      writeEnv(token);
    } else if (server.json()) {
      out().println(answer);
    } else {
      out().println(token);
    }
    out().flush();
    err()
        .println(
            "Logged in as "
                + answer.path("credential").asText("?")
                + " until "
                + answer.path("expires_at").asText("?")
                + ".");
    err().flush();
    return 0;
  }

  private String oidcToken() {
    String text;
    String from;
    if (source.file != null) {
      from = source.file.toString();
      try {
        if (Files.size(source.file) > MAX_TOKEN) {
          throw refused(from + " is larger than " + MAX_TOKEN + " bytes");
        }
        text = Files.readString(source.file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw refused("cannot read " + from + ": " + e.getMessage());
      }
    } else {
      from = "$" + source.variable;
      text = environment.variables().getOrDefault(source.variable, "");
    }
    text = text.strip();
    if (text.isEmpty()) {
      throw refused(from + " holds no OIDC token");
    }
    if (text.length() > MAX_TOKEN) {
      throw refused(from + " holds more than " + MAX_TOKEN + " characters");
    }
    return text;
  }

  private ParameterException refused(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  private JsonNode exchange(URI server, String oidcToken) {
    String form =
        "grant_type="
            + encode(GRANT_TYPE)
            + "&subject_token="
            + encode(oidcToken)
            + "&subject_token_type="
            + encode(JWT)
            + (project == null ? "" : "&scope=" + encode("project:" + project))
            + (lifetime == null ? "" : "&expires_in=" + lifetime.toSeconds());
    URI endpoint = URI.create(server.toString().replaceAll("/+$", "") + "/api/v1/oauth/token");
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .timeout(ApiClient.REQUEST_TIMEOUT)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build();
    HttpResponse<String> response = send(server, request);
    JsonNode body = parse(response.body());
    if (response.statusCode() != 200) {
      throw new ApiCallException(
          response.statusCode(),
          body.path("error").asText(""),
          "the token exchange was refused: "
              + body.path("error_description").asText("HTTP " + response.statusCode())
              + " ("
              + body.path("error").asText("no error code")
              + ", HTTP "
              + response.statusCode()
              + ")");
    }
    return body;
  }

  private static HttpResponse<String> send(URI server, HttpRequest request) {
    HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(ApiClient.CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException | HttpTimeoutException e) {
      throw new ApiCallException(
          "cannot reach the Gatehouse server at " + server + " (is it running?)", e);
    } catch (IOException e) {
      throw new ApiCallException(
          "the connection to the Gatehouse server at " + server + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiCallException("interrupted while calling the Gatehouse server", e);
    }
  }

  private static JsonNode parse(String body) {
    try {
      return ApiClient.json().readTree(body.isBlank() ? "{}" : body);
    } catch (IOException e) {
      return ApiClient.json().createObjectNode();
    }
  }

  private void writeEnv(String token) {
    if ("true".equals(environment.variables().get("GITHUB_ACTIONS"))) {
      // A value written to $GITHUB_ENV is not masked by itself.
      out().println("::add-mask::" + token);
    }
    try {
      Files.writeString(
          writeEnv,
          "GATEHOUSE_TOKEN=" + token + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND,
          StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new ApiCallException("cannot write " + writeEnv + ": " + e.getMessage(), e);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
