package io.gatehouse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gatehouse deploy dast-report}: the job uploads its DAST report for a dast gate. */
@Command(
    name = "dast-report",
    mixinStandardHelpOptions = true,
    versionProvider = Gatehouse.Version.class,
    description =
        "Uploads the JSON report of 'gatehouse scan --format json' for a dast gate in report mode,"
            + " as the job that requested the deployment (its API token), while the deployment"
            + " waits. The server judges the findings under the gate's own rules and threshold.",
    footer = {
      "",
      "Example (a CI job):",
      "  gatehouse scan \"$STAGING_URL\" --format json:dast.json --fail-on none",
      "  gatehouse deploy dast-report \"$id\" --file dast.json",
      "",
      "Exit codes: 0 taken (whatever the gate's result), 1 refused (not the deployment's job, the"
          + " deployment no longer waits, no dast gate in report mode, an invalid report), 2 bad"
          + " command line."
    })
final class DeployDastReportCommand extends ClientCommand {
  /** The largest report sent, as the server's limit. */
  static final int MAX_BYTES = 8 * 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  @Parameters(paramLabel = "ID", description = "The deployment's id.")
  long id;

  @Option(
      names = "--file",
      paramLabel = "FILE",
      required = true,
      description = "The JSON report of gatehouse scan.")
  Path file;

  @Option(
      names = "--gate",
      paramLabel = "NAME",
      description = "The gate's name; needed only when the deployment has several report gates.")
  String gate;

  DeployDastReportCommand(CommandEnvironment environment) {
    super(environment);
  }

  @Override
  public Integer call() throws IOException {
    JsonNode report = read(file);
    String path =
        "/deployments/"
            + id
            + "/dast-report"
            + (gate == null ? "" : "?gate=" + ApiClient.query(gate));
    print(
        client().post(path, report),
        a ->
            out()
                .println(
                    "gate "
                        + TextTable.text(a, "gate")
                        + ": "
                        + (a.path("pass").asBoolean() ? "pass" : "fail")
                        + " ("
                        + TextTable.text(a, "detail")
                        + ")"));
    return 0;
  }

  private static JsonNode read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw new IOException(file + " is larger than " + MAX_BYTES + " bytes");
      }
      return JSON.readTree(bytes);
    }
  }
}
