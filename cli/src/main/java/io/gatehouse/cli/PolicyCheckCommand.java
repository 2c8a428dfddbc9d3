package io.gatehouse.cli;

import io.gatehouse.images.policy.ImagePolicy;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gatehouse policy check}: the image policy applied to manifests, before they deploy. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    versionProvider = Gatehouse.Version.class,
    description = {
      "Checks the images of Kubernetes manifests against the image policy, offline.",
      "",
      "Reads YAML and JSON manifests: files, directories (every .yaml, .yml and .json file in them,"
          + " recursively, in path order) or standard input ('-', for example the output of"
          + " 'kubectl kustomize' or 'helm template'). Multi-document YAML and 'kind: List' are"
          + " understood. Every Pod, Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob,"
          + " ReplicationController and PodTemplate is checked as the admission webhook would"
          + " check it; other kinds are skipped (those with containers are reported as not"
          + " checked).",
      "",
      "Namespace labels, which policies with label selectors need, come from the Namespace"
          + " objects in the input and in --namespaces files. A workload whose namespace labels"
          + " the policy needs but cannot be found fails the check (namespace-labels-unknown)."
          + " Violations of rules in audit mode are printed as warnings and do not fail the check."
          + " Signatures are not checked (that needs the registry): use 'gatehouse verify'.",
      "See docs/policy-check.md."
    },
    footer = {
      "",
      "Example:",
      "  kubectl kustomize overlays/prod | gatehouse policy check -f gatehouse.yaml -",
      "",
      "Exit codes: 0 no violations (audit warnings allowed), 1 a violation, no objects at all, or"
          + " input or policy that cannot be read (one line on standard error names the file and"
          + " document), 2 bad command line."
    })
final class PolicyCheckCommand implements Callable<Integer> {
  private static final Pattern NAMESPACE_NAME =
      Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final String STDIN = "-";

  @Spec CommandSpec spec;

  @Option(
      names = {"-f", "--policy"},
      paramLabel = "FILE",
      required = true,
      description = "gatehouse.yaml holding the images policy.")
  Path policy;

  @Option(
      names = "--namespaces",
      paramLabel = "FILE",
      description =
          "Namespace objects whose labels to use for namespaces the input does not define, for"
              + " example from 'kubectl get namespaces -o yaml'; repeatable. Objects of other"
              + " kinds in it are ignored; Namespace objects in the input take precedence.")
  List<Path> namespaces = List.of();

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NAME",
      defaultValue = "default",
      description =
          "Namespace of objects that name none, as with kubectl apply -n (default:"
              + " ${DEFAULT-VALUE}).")
  String defaultNamespace;

  @Option(
      names = "--output",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text or json (default: ${DEFAULT-VALUE}).")
  OutputFormat output;

  @Mixin Verbosity verbosity;

  @Parameters(
      paramLabel = "FILE|DIR|-",
      arity = "1..*",
      description = "Manifests to check: files, directories, or '-' for standard input.")
  List<String> inputs;

  private final CommandEnvironment environment;

  PolicyCheckCommand() {
    this(CommandEnvironment.system());
  }

  PolicyCheckCommand(CommandEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    checkArguments();
    PolicyCheck check = new PolicyCheck(ImagePolicy.load(policy), defaultNamespace);
    ManifestReader reader = new ManifestReader();
    for (Path file : namespaces) {
      reader.read(file, check::addKnownNamespace);
    }
    for (String input : inputs) {
      if (input.equals(STDIN)) {
        reader.readStdin(environment.stdin(), check::add);
        check.sourceRead();
        continue;
      }
      for (Path file : ManifestReader.files(Path.of(input))) {
        reader.read(file, check::add);
        check.sourceRead();
      }
    }
    PolicyCheckReport report = check.finish();
    if (report.counts().objects() == 0) {
      throw new ManifestException(
          String.join(", ", inputs.stream().map(i -> i.equals(STDIN) ? "<stdin>" : i).toList()),
          "no Kubernetes objects to check (did the command before the pipe fail?)");
    }
    PrintWriter out = spec.commandLine().getOut();
    if (output == OutputFormat.JSON) {
      PolicyCheckOutput.json(report, out);
    } else {
      PolicyCheckOutput.text(report, out);
    }
    out.flush();
    return report.passed() ? 0 : Gatehouse.EXIT_FAILURE;
  }

  private void checkArguments() {
    if (!NAMESPACE_NAME.matcher(defaultNamespace).matches()) {
      throw new ParameterException(
          spec.commandLine(),
          "Invalid value for option '--namespace': '"
              + PolicyCheckOutput.safe(defaultNamespace)
              + "' is not a namespace name (lower-case letters, digits and '-', at most 63)");
    }
    if (inputs.stream().filter(STDIN::equals).count() > 1) {
      throw new ParameterException(spec.commandLine(), "'-' (standard input) may be given once");
    }
    for (String input : inputs) {
      if (input.isEmpty()) {
        throw new ParameterException(spec.commandLine(), "an empty FILE|DIR argument");
      }
    }
  }
}
