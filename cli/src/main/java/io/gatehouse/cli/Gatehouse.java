package io.gatehouse.cli;

import io.gatehouse.deploy.server.GatehouseVersion;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.nio.charset.Charset;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code gatehouse} command: one executable for every process and client of Gatehouse.
 *
 * <p>Exit codes: 0 success, 1 the command failed, 2 the command line was wrong (usage printed).
 */
@Command(
    name = "gatehouse",
    mixinStandardHelpOptions = true,
    versionProvider = Gatehouse.Version.class,
    description = "Secure deployment control plane for Kubernetes.",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {
      ServerCommand.class,
      AdmissionCommand.class,
      KeygenCommand.class,
      SignCommand.class,
      VerifyCommand.class,
      PolicyCommand.class,
      ApplyCommand.class,
      DeployCommand.class,
      ReviewCommand.class,
      EnvCommand.class,
      TokenCommand.class,
      LoginCommand.class,
      SecretCommand.class,
      VariableCommand.class,
      KeysCommand.class,
      AuditCommand.class,
      ScanCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {"", "Run 'gatehouse COMMAND --help' for a command's options."})
public final class Gatehouse implements Runnable {
  /** The exit code of a command that failed for a reason other than its command line. */
  public static final int EXIT_FAILURE = 1;

  /** The exit code of a wrong command line. */
  public static final int EXIT_USAGE = 2;

  @Spec CommandSpec spec;

  /** Runs the command line and exits with its code, unless the command keeps running. */
  public static void main(String[] args) {
    int code = execute(args, writer(System.out), writer(System.err));
    System.exit(code);
  }

  private static PrintWriter writer(PrintStream stream) {
    return new PrintWriter(new OutputStreamWriter(stream, Charset.defaultCharset()), true);
  }

  /** Runs the command line with the given output streams and returns the exit code. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    return execute(args, out, err, CommandEnvironment.system());
  }

  /** Runs the command line in the given environment: variables, standard input, terminal. */
  static int execute(
      String[] args, PrintWriter out, PrintWriter err, CommandEnvironment environment) {
    CommandLine commandLine = new CommandLine(new Gatehouse(), new Factory(environment));
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    // An argument starting with @ is a value (deploy create --payload @file), not an argument file.
    commandLine.setExpandAtFiles(false);
    commandLine.setExecutionExceptionHandler(new FailureHandler());
    commandLine.setParameterExceptionHandler((e, unused) -> usageError(e));
    return commandLine.execute(args);
  }

  /** Prints the error, any "did you mean" suggestions, and always the usage; exit code 2. */
  private static int usageError(CommandLine.ParameterException e) {
    CommandLine commandLine = e.getCommandLine();
    PrintWriter err = commandLine.getErr();
    err.println(e.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    commandLine.usage(err, commandLine.getColorScheme());
    err.flush();
    return EXIT_USAGE;
  }

  /** Without a command: a usage error, so picocli prints the usage and the exit code is 2. */
  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing required command");
  }

  /** Creates the commands that read their environment with the one given. */
  private record Factory(CommandEnvironment environment) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> type) throws Exception {
      Object command;
      if (type == ServerCommand.class) {
        command = new ServerCommand(environment.variables());
      } else if (type == KeygenCommand.class) {
        command = new KeygenCommand(environment);
      } else if (type == SignCommand.class) {
        command = new SignCommand(environment);
      } else if (type == PolicyCheckCommand.class) {
        command = new PolicyCheckCommand(environment);
      } else {
        Optional<K> client = withEnvironment(type);
        return client.isPresent() ? client.get() : CommandLine.defaultFactory().create(type);
      }
      return type.cast(command);
    }

    /** A command of the API clients: one whose constructor takes the environment. */
    private <K> Optional<K> withEnvironment(Class<K> type) throws ReflectiveOperationException {
      try {
        Constructor<K> constructor = type.getDeclaredConstructor(CommandEnvironment.class);
        return Optional.of(constructor.newInstance(environment));
      } catch (NoSuchMethodException e) {
        return Optional.empty();
      }
    }
  }

  /** Prints the build's version for {@code --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "gatehouse " + GatehouseVersion.current(),
        "Java " + Runtime.version() + " (" + System.getProperty("java.vendor", "unknown") + ")"
      };
    }
  }
}
