package io.gatehouse.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gatehouse deploy token}: the deployment's OIDC token, for its job. */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    versionProvider = Gatehouse.Version.class,
    description = {
      "Gets a short-lived OIDC token (a JWT signed by the Gatehouse server) for an approved or"
          + " in_progress deployment, as the job that requested it (the same API token). A cloud"
          + " or Vault that trusts the server as an OIDC issuer exchanges it for its own"
          + " credentials; see docs/credentials.md.",
      "",
      "The token is printed alone on standard output, or written to --file (mode 0600). The"
          + " issuance is audited; the token itself is never logged."
    },
    footer = {
      "",
      "Examples:",
      "  gatehouse deploy token 42 --audience sts.amazonaws.com --file \"$RUNNER_TEMP/aws.jwt\"",
      "  AZURE_FEDERATED_TOKEN=$(gatehouse deploy token 42 --audience api://AzureADTokenExchange)",
      "  gatehouse deploy token 42 --audience vault --lifetime 10m --output json",
      "",
      "Exit codes: 0 issued, 1 failed (for example not the deployment's job: not_deployment_job,"
          + " or a deployment not approved: deployment_not_active), 2 bad command line."
    })
final class DeployTokenCommand extends ClientCommand {
  @Parameters(paramLabel = "ID", description = "The deployment's id.")
  long id;

  @Option(
      names = "--audience",
      paramLabel = "AUDIENCE",
      required = true,
      description =
          "The token's audience, as the relying party expects it (api://AzureADTokenExchange,"
              + " sts.amazonaws.com, a Vault role's bound audience).")
  String audience;

  @Option(
      names = "--lifetime",
      paramLabel = "DURATION",
      description = "How long the token is valid: 1m to 60m, e.g. 90s, 10m, 1h (default: 5m).")
  String lifetime;

  @Option(
      names = "--alg",
      paramLabel = "ALG",
      description = "ES256 or RS256 (default: the project's setting, ES256 unless changed).")
  String alg;

  @Option(
      names = "--file",
      paramLabel = "FILE",
      description =
          "Write the token to FILE (replaced, mode 0600) instead of standard output, e.g. for"
              + " AWS_WEB_IDENTITY_TOKEN_FILE or AZURE_FEDERATED_TOKEN_FILE.")
  Path file;

  DeployTokenCommand(CommandEnvironment environment) {
    super(environment);
  }

  @Override
  public Integer call() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("audience", audience);
    if (lifetime != null) {
      body.put("lifetime", lifetime);
    }
    if (alg != null) {
      body.put("alg", alg);
    }
    ApiClient.Answer answer = client().post("/deployments/" + id + "/token", body);
    String token = answer.json().path("token").asText();
    if (token.isEmpty()) {
      throw new ApiCallException("the server answered without a token");
    }
    if (file != null) {
      try {
        write(file, token);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot write the token to "
                + file
                + ": "
                + e.getClass().getSimpleName()
                + " "
                + e.getMessage(),
            e);
      }
      err()
          .println(
              "Wrote the token of deployment "
                  + id
                  + " to "
                  + file
                  + " (expires "
                  + answer.json().path("expires_at").asText()
                  + ").");
      err().flush();
      if (server.json()) {
        print(answer, json -> {});
      }
      return 0;
    }
    print(answer, json -> out().println(token));
    return 0;
  }

  /** Writes the token to a fresh 0600 file beside the target, then moves it into place. */
  private static void write(Path target, String token) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path directory = absolute.getParent();
    Path temporary;
    try {
      temporary =
          Files.createTempFile(
              directory,
              ".gatehouse-token",
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      temporary = Files.createTempFile(directory, ".gatehouse-token", ".tmp");
    }
    try {
      Files.writeString(temporary, token, StandardCharsets.US_ASCII);
      try {
        Files.move(
            temporary,
            absolute,
            StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }
}
