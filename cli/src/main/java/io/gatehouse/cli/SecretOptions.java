package io.gatehouse.cli;

import picocli.CommandLine.Option;

/** Which environment's secrets or variables a command works on. */
final class SecretOptions {
  @Option(names = "--project", paramLabel = "PROJECT", required = true, description = "Project.")
  String project;

  @Option(
      names = {"--env", "--environment"},
      paramLabel = "ENV",
      required = true,
      description = "Environment.")
  String environment;

  /** The API path of this environment's {@code kind} ({@code secrets} or {@code variables}). */
  String path(String kind) {
    return "/projects/"
        + ApiClient.segment(project)
        + "/environments/"
        + ApiClient.segment(environment)
        + "/"
        + kind;
  }

  /** The API path of one named value. */
  String path(String kind, String name) {
    return path(kind) + "/" + ApiClient.segment(name);
  }
}
