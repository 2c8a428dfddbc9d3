package io.gatehouse.cli;

import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gatehouse deploy wait}: follows a deployment until it is approved or finished. */
@Command(
    name = "wait",
    mixinStandardHelpOptions = true,
    versionProvider = Gatehouse.Version.class,
    description = {
      "Waits for a deployment to be approved (or, with --until finished, to succeed), printing"
          + " each of its events as it happens: reviews, the wait timer, gate results, state"
          + " changes.",
      "",
      "Follows the server's event stream and reconnects where it left off when the connection"
          + " drops; where the stream cannot be opened (a proxy that buffers it), it long-polls"
          + " instead. With --output json, each event is printed as the server's JSON document,"
          + " one per line."
    },
    footer = {
      "",
      "Examples:",
      "  gatehouse deploy wait 42 --timeout 2h",
      "  gatehouse deploy wait 42 --until finished --output json",
      "",
      "Exit codes:",
      "  0  approved (--until approved, the default; also when already further along), or"
          + " succeeded (--until finished)",
      "  1  the wait itself failed (server unreachable, token refused, no such deployment)",
      "  2  bad command line",
      "  3  rejected by a reviewer",
      "  4  the deployment failed (failure or error)",
      "  5  timed out in review or at a gate, cancelled, or made inactive by a newer deployment",
      "  6  --timeout elapsed before any of these"
    })
final class DeployWaitCommand extends ClientCommand {
  @Parameters(paramLabel = "ID", description = "The deployment's id.")
  long id;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Give up after this long (500ms, 10s, 5m, 2h): exit code 6. Default: no limit.")
  Duration timeout;

  @Option(
      names = "--until",
      paramLabel = "STATE",
      defaultValue = "approved",
      description = "approved (default) or finished (success).")
  DeploymentWait.Until until;

  DeployWaitCommand(CommandEnvironment environment) {
    super(environment);
  }

  @Override
  public Integer call() {
    return new DeploymentWait(client(), id, until, server.json(), out())
        .run(Optional.ofNullable(timeout));
  }
}
