package io.gatehouse.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code gatehouse deploy create}: asks for a deployment, and optionally waits for approval. */
@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    versionProvider = Gatehouse.Version.class,
    description = {
      "Creates a deployment of one commit to one environment and prints its id and state.",
      "",
      "The server refuses a ref the environment does not allow (ref_not_allowed) and reviewer"
          + " rules nobody but the requester could meet (unsatisfiable_reviewers). With --wait,"
          + " the command then waits for approval as 'gatehouse deploy wait' does."
    },
    footer = {
      "",
      "Examples:",
      "  gatehouse deploy create --project shop --environment prod --branch main \\",
      "    --sha 3f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39 --image registry.example.com/shop@sha256:...",
      "  gatehouse deploy create --project shop --environment prod --tag v1.4.0 --sha \"$SHA\" \\",
      "    --payload @deploy-payload.json --wait --timeout 1h",
      "",
      "Exit codes: 0 created (with --wait: approved), 1 failed, 2 bad command line; with --wait"
          + " also 3 rejected, 4 failure or error, 5 timed out, cancelled or inactive, 6 --timeout"
          + " elapsed."
    })
final class DeployCreateCommand extends ClientCommand {
  private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");
  private static final int MAX_PAYLOAD = 64 * 1024;

  @Option(names = "--project", paramLabel = "PROJECT", required = true, description = "Project.")
  String project;

  @Option(
      names = "--environment",
      paramLabel = "ENV",
      required = true,
      description = "Environment to deploy to.")
  String environmentName;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Ref ref;

  static final class Ref {
    @Option(
        names = "--ref",
        paramLabel = "REF",
        description = "Full ref: refs/heads/x, refs/tags/v1.")
    String ref;

    @Option(names = "--branch", paramLabel = "BRANCH", description = "Branch (refs/heads/BRANCH).")
    String branch;

    @Option(names = "--tag", paramLabel = "TAG", description = "Tag (refs/tags/TAG).")
    String tag;

    String value() {
      if (ref != null) {
        return ref;
      }
      return branch != null ? "refs/heads/" + branch : "refs/tags/" + tag;
    }
  }

  @Option(
      names = "--sha",
      paramLabel = "SHA",
      required = true,
      description = "The commit: 40 or 64 lower-case hex digits.")
  String sha;

  @Option(
      names = "--image",
      paramLabel = "IMAGE",
      description = "An image the deployment runs; repeatable (at most 100).")
  List<String> images = List.of();

  @Option(
      names = "--description",
      paramLabel = "TEXT",
      description = "What this deployment is (at most 1000 characters).")
  String description = "";

  @Option(
      names = "--payload",
      paramLabel = "JSON|@FILE",
      description = "A JSON object for the deploying job, inline or @file (at most 64 KiB).")
  String payload;

  @Option(names = "--wait", description = "Wait for approval (see 'gatehouse deploy wait').")
  boolean await;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "With --wait: give up after this long (500ms, 10s, 5m, 2h), exit code 6.")
  Duration timeout;

  DeployCreateCommand(CommandEnvironment environment) {
    super(environment);
  }

  @Override
  public Integer call() {
    if (!SHA.matcher(sha).matches()) {
      throw new ParameterException(
          spec.commandLine(), "--sha must be 40 or 64 lower-case hex digits, not '" + sha + "'");
    }
    if (timeout != null && !await) {
      throw new ParameterException(spec.commandLine(), "--timeout needs --wait");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("project", project);
    body.put("environment", environmentName);
    body.put("ref", ref.value());
    body.put("sha", sha);
    body.put("images", images);
    body.put("description", description);
    body.put("payload", payload());
    ApiClient.Answer answer = client().post("/deployments", body);
    print(answer, d -> out().println(DeploymentText.summary(d)));
    if (!await) {
      return 0;
    }
    long id = answer.json().path("id").asLong();
    return new DeploymentWait(client(), id, DeploymentWait.Until.APPROVED, server.json(), out())
        .run(Optional.ofNullable(timeout));
  }

  private JsonNode payload() {
    if (payload == null) {
      return ApiClient.json().createObjectNode();
    }
    String text = payload;
    if (payload.startsWith("@")) {
      Path file = Path.of(payload.substring(1));
      try {
        if (Files.size(file) > MAX_PAYLOAD) {
          throw new IllegalArgumentException("--payload file " + file + " is larger than 64 KiB");
        }
        text = Files.readString(file);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read --payload file " + file, e);
      }
    }
    try {
      JsonNode node = ApiClient.json().readTree(text);
      if (node == null || !node.isObject()) {
        throw new ParameterException(spec.commandLine(), "--payload must be a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new ParameterException(
          spec.commandLine(), "--payload is not valid JSON: " + e.getOriginalMessage());
    }
  }
}
