package io.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.images.signature.KeyPairs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyCheckCommandTest {
  private static final String POLICY =
      """
      version: 1
      images:
        trustedRegistries: [registry.example.com]
        forbidLatest: true
        exemptNamespaces:
          - names: [kube-system]
      """;

  @TempDir Path dir;
  private Path policy;

  @BeforeEach
  void writePolicy() throws IOException {
    policy = write("gatehouse.yaml", POLICY);
  }

  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content);
  }

  private CommandRun check(String... inputs) {
    return check(policy, inputs);
  }

  private static CommandRun check(Path policyFile, String... inputs) {
    List<String> args = new ArrayList<>(List.of("policy", "check", "-f", policyFile.toString()));
    args.addAll(List.of(inputs));
    return CommandRun.run(args.toArray(String[]::new));
  }

  private static String deployment(String namespace, String name, String... images) {
    StringBuilder yaml =
        new StringBuilder(
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: %s
              namespace: %s
            spec:
              template:
                spec:
                  containers:
            """
                .formatted(name, namespace));
    for (int i = 0; i < images.length; i++) {
      yaml.append("        - name: c").append(i).append("\n          image: ").append(images[i]);
      yaml.append('\n');
    }
    return yaml.toString();
  }

  @Test
  void check_trustedImages_passesWithSummary() throws IOException {
    Path file = write("web.yaml", deployment("team-a", "web", "registry.example.com/web:1.0"));

    CommandRun run = check(file.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out())
        .contains("checked 1 workload (1 image) in 1 object from 1 source")
        .endsWith("passed: no violations\n");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void check_untrustedImage_printsTheViolationLineAndExits1() throws IOException {
    Path file = write("web.yaml", deployment("team-a", "web", "registry.example.com/a:1", "nginx"));

    CommandRun run = check(file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out())
        .contains(
            file
                + ":1 Deployment team-a/web container \"c1\": image nginx: untrusted-registry"
                + " (docker.io/library/nginx is not from a trusted registry (rules of images))")
        .contains(file + ":1 Deployment team-a/web container \"c1\": image nginx: latest-forbidden")
        .contains("FAILED: 2 violations");
  }

  @Test
  void check_multiDocumentYaml_numbersDocumentsFrom1AndSkipsOtherKinds() throws IOException {
    Path file =
        write(
            "all.yaml",
            """
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            ---
            # only a comment
            ---
            """
                + deployment("team-a", "web", "evil.example.org/miner:1"));

    CommandRun run = check(file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out())
        .contains(
            file + ":3 Deployment team-a/web container \"c0\": image evil.example.org/miner:1")
        .contains("1 of other kinds skipped");
  }

  @Test
  void check_kindList_checksEachItem() throws IOException {
    Path file =
        write(
            "list.yaml",
            """
            apiVersion: v1
            kind: List
            items:
            - apiVersion: v1
              kind: Pod
              metadata: {name: ok, namespace: team-a}
              spec:
                containers: [{name: app, image: "registry.example.com/app:1"}]
            - apiVersion: batch/v1
              kind: CronJob
              metadata: {name: nightly, namespace: team-a}
              spec:
                jobTemplate:
                  spec:
                    template:
                      spec:
                        initContainers: [{name: init, image: "quay.io/x/y:2"}]
                        containers: [{name: job, image: "registry.example.com/job:1"}]
            """);

    CommandRun run = check(file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out())
        .contains(
            file
                + ":1:items[1] CronJob team-a/nightly container \"init\": image quay.io/x/y:2:"
                + " untrusted-registry")
        .contains("checked 2 workloads (3 images) in 2 objects");
  }

  @Test
  void check_directory_readsManifestFilesRecursivelyInPathOrder() throws IOException {
    write("k8s/b/web.yml", deployment("team-a", "web", "bad.example.org/web:1"));
    write("k8s/a/api.yaml", deployment("team-a", "api", "bad.example.org/api:1"));
    write(
        "k8s/a/job.json",
        "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"},"
            + "\"spec\":{\"containers\":[{\"name\":\"x\",\"image\":\"bad.example.org/p:1\"}]}}");
    write("k8s/README.md", "kind: Pod\n");

    CommandRun run = check(dir.resolve("k8s").toString());

    assertThat(run.exitCode()).isEqualTo(1);
    List<String> lines = run.out().lines().filter(l -> l.contains("untrusted-registry")).toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).contains("a/api.yaml:1 Deployment team-a/api");
    assertThat(lines.get(1)).contains("a/job.json:1 Pod default/p");
    assertThat(lines.get(2)).contains("b/web.yml:1 Deployment team-a/web");
    assertThat(run.out()).contains("from 3 sources");
  }

  @Test
  void check_stdin_readsKustomizeOutput() {
    String kustomized =
        """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: team-a
        ---
        """
            + deployment("team-a", "web", "registry.example.com/web@sha256:" + "a".repeat(64));

    CommandRun run =
        CommandRun.withStdin(kustomized, "policy", "check", "-f", policy.toString(), "-");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("checked 1 workload (1 image) in 2 objects from 1 source");
  }

  @Test
  void check_emptyStdin_failsClosed() {
    CommandRun run = CommandRun.withStdin("", "policy", "check", "-f", policy.toString(), "-");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().strip())
        .isEqualTo(
            "gatehouse policy check: <stdin>: no Kubernetes objects to check (did the command"
                + " before the pipe fail?)");
  }

  @Test
  void check_stdinTwice_exits2() {
    CommandRun run = CommandRun.withStdin("", "policy", "check", "-f", policy.toString(), "-", "-");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("'-' (standard input) may be given once");
  }

  @Test
  void check_jsonOutput_isAMachineReadableReport() throws IOException {
    Path file = write("web.yaml", deployment("team-a", "web", "nginx:1.27"));

    CommandRun run = check("--output", "json", file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    JsonNode report = new ObjectMapper().readTree(run.out());
    assertThat(report.path("passed").asBoolean(true)).isFalse();
    assertThat(report.path("summary").path("violations").asInt()).isEqualTo(1);
    assertThat(report.path("summary").path("workloads").asInt()).isEqualTo(1);
    JsonNode finding = report.path("findings").get(0);
    assertThat(finding.path("severity").asText()).isEqualTo("error");
    assertThat(finding.path("location").asText()).isEqualTo(file + ":1");
    assertThat(finding.path("document").asInt()).isEqualTo(1);
    assertThat(finding.path("kind").asText()).isEqualTo("Deployment");
    assertThat(finding.path("namespace").asText()).isEqualTo("team-a");
    assertThat(finding.path("name").asText()).isEqualTo("web");
    assertThat(finding.path("container").asText()).isEqualTo("c0");
    assertThat(finding.path("image").asText()).isEqualTo("nginx:1.27");
    assertThat(finding.path("rule").asText()).isEqualTo("untrusted-registry");
    assertThat(finding.path("ruleSet").asText()).isEqualTo("images");
  }

  @Test
  void check_auditMode_printsWarningsAndPasses() throws IOException {
    Path audit =
        write(
            "audit.yaml",
            """
            version: 1
            images:
              mode: audit
              trustedRegistries: [registry.example.com]
            """);
    Path file = write("web.yaml", deployment("team-a", "web", "nginx:1.27"));

    CommandRun run = check(audit, file.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out())
        .contains("warning: " + file + ":1 Deployment team-a/web container \"c0\": image nginx")
        .contains("[audit mode: would be admitted]")
        .contains("passed: no violations (1 audit warning)");
  }

  @Test
  void check_exemptNamespace_isNotChecked() throws IOException {
    Path file = write("ds.yaml", deployment("kube-system", "proxy", "anything.example.org/x"));

    CommandRun run = check(file.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("1 in exempt namespaces");
  }

  @Test
  void check_labelSelectors_useNamespaceObjectsOfTheInput() throws IOException {
    Path selective =
        write(
            "selective.yaml",
            """
            version: 1
            images:
              trustedRegistries: [registry.example.com]
              namespaces:
                - selector: { matchLabels: { tier: sandbox } }
                  trustedRegistries: [registry.example.com, docker.io/library]
            """);
    Path file =
        write(
            "all.yaml",
            deployment("play", "web", "nginx:1.27")
                + "---\n"
                + deployment("prod", "web", "nginx:1.27")
                + "---\n"
                + deployment("unknown", "web", "registry.example.com/web:1")
                + """
                ---
                apiVersion: v1
                kind: Namespace
                metadata: {name: play, labels: {tier: sandbox}}
                ---
                apiVersion: v1
                kind: Namespace
                metadata: {name: prod}
                """);

    CommandRun run = check(selective, file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out())
        .doesNotContain("Deployment play/web")
        .contains(file + ":2 Deployment prod/web container \"c0\": image nginx:1.27: untrusted")
        .contains(
            file
                + ":3 Deployment unknown/web: namespace-labels-unknown (the policy selects"
                + " namespaces by label, and the input holds no Namespace object for unknown;")
        .contains("FAILED: 2 violations");
  }

  @Test
  void check_namespacesOption_suppliesLabelsTheInputLacks() throws IOException {
    Path selective =
        write(
            "selective.yaml",
            """
            version: 1
            images:
              trustedRegistries: [registry.example.com]
              exemptNamespaces:
                - selector: { matchLabels: { gatehouse.io/exempt: "true" } }
            """);
    Path cluster =
        write(
            "namespaces.yaml",
            """
            apiVersion: v1
            kind: List
            items:
            - {apiVersion: v1, kind: Namespace, metadata: {name: tools, labels: {gatehouse.io/exempt: "true"}}}
            - {apiVersion: v1, kind: ConfigMap, metadata: {name: ignored}}
            """);
    Path file = write("tools.yaml", deployment("tools", "t", "anything.example.org/x:1"));

    CommandRun run =
        CommandRun.run(
            "policy",
            "check",
            "-f",
            selective.toString(),
            "--namespaces",
            cluster.toString(),
            file.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("1 in exempt namespaces");
  }

  @Test
  void check_namespaceOption_setsTheNamespaceOfObjectsWithout() throws IOException {
    Path file =
        write(
            "pod.yaml",
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec: {containers: [{name: c, image: nginx}]}
            """);

    CommandRun inDefault = check(file.toString());
    CommandRun inKubeSystem = check("-n", "kube-system", file.toString());
    CommandRun invalid = check("-n", "Not_A_Name", file.toString());

    assertThat(inDefault.out()).contains("Pod default/p");
    assertThat(inKubeSystem.exitCode()).isZero();
    assertThat(invalid.exitCode()).isEqualTo(2);
    assertThat(invalid.err()).contains("'--namespace'").contains("not a namespace name");
  }

  @Test
  void check_unknownKindWithContainers_isReportedAsNotChecked() throws IOException {
    Path file =
        write(
            "rollout.yaml",
            """
            apiVersion: argoproj.io/v1alpha1
            kind: Rollout
            metadata: {name: web, namespace: team-a}
            spec:
              template:
                spec:
                  containers: [{name: app, image: "evil.example.org/x:1"}]
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings}
            data: {containers: "not a list"}
            """);

    CommandRun run = check(file.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out())
        .contains("note: " + file + ":1 Rollout team-a/web: holds containers")
        .contains("2 of other kinds skipped; 1 of unknown kinds with containers not checked")
        .doesNotContain("ConfigMap");
  }

  @Test
  void check_policyWithSignatures_saysTheyAreNotCheckedOffline() throws IOException {
    Path signed =
        write(
            "signed.yaml",
            """
            version: 1
            images:
              trustedRegistries: [registry.example.com]
              signatures:
                - match: registry.example.com
                  keys:
                    - |
            %s
            """
                .formatted(publicKeyPem().indent(10).stripTrailing()));
    Path file = write("web.yaml", deployment("team-a", "web", "registry.example.com/web:1"));

    CommandRun run = check(signed, file.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("signatures not checked offline; use gatehouse verify");
  }

  private static String publicKeyPem() {
    return KeyPairs.publicKeyPem(KeyPairs.generate().getPublic());
  }

  @Test
  void check_malformedYaml_exits1NamingFileDocumentAndLine() throws IOException {
    Path file = write("bad.yaml", "kind: Pod\n---\nkind: Pod\nmetadata: [unclosed\n");

    CommandRun run = check(file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines().toList())
        .singleElement()
        .asString()
        .startsWith("gatehouse policy check: " + file + ":2: not valid YAML: ")
        .contains("(line ");
  }

  @Test
  void check_malformedWorkload_exits1NamingTheObjectAndField() throws IOException {
    Path file =
        write(
            "pod.yaml",
            """
            kind: Pod
            metadata: {name: p, namespace: team-a}
            spec:
              containers:
                - name: c
            """);

    CommandRun run = check(file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().strip())
        .isEqualTo(
            "gatehouse policy check: "
                + file
                + ":1: Pod team-a/p: /spec/containers/0/image: a container has no image");
  }

  @Test
  void check_duplicateKey_isAnErrorNotLastOneWins() throws IOException {
    Path file =
        write(
            "pod.yaml",
            """
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
                - name: c
                  image: registry.example.com/ok:1
                  image: evil.example.org/x:1
            """);

    CommandRun run = check(file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains(file + ":1: not valid YAML: found duplicate key image");
  }

  @Test
  void check_oversizedStdin_exits1WithoutParsing() {
    byte[] big = new byte[ManifestReader.MAX_SOURCE_BYTES + 1];
    Arrays.fill(big, (byte) '#');

    CommandRun run = CommandRun.withStdin(big, "policy", "check", "-f", policy.toString(), "-");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().strip())
        .isEqualTo("gatehouse policy check: <stdin>: larger than 16 MiB; split the input");
  }

  @Test
  void check_aliasBomb_exits1Quickly() throws IOException {
    StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
    for (char c = 'b'; c <= 'k'; c++) {
      char previous = (char) (c - 1);
      bomb.append(c).append(": &").append(c).append(" [");
      bomb.append(("*" + previous + ", ").repeat(8)).append('*').append(previous).append("]\n");
    }
    Path file = write("bomb.yaml", bomb.toString());
    long start = System.nanoTime();

    CommandRun run = check(file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains(file + ":1: ").contains("alias");
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
  }

  @Test
  void check_notUtf8_exits1() throws IOException {
    Path file = dir.resolve("latin1.yaml");
    Files.write(
        file, "kind: Pod\nmetadata: {name: caf\u00e9}\n".getBytes(StandardCharsets.ISO_8859_1));

    CommandRun run = check(file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().strip()).isEqualTo("gatehouse policy check: " + file + ": not UTF-8 text");
  }

  @Test
  void check_missingInput_exits1() {
    String missing = dir.resolve("nope.yaml").toString();

    CommandRun run = check(missing);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().strip())
        .isEqualTo("gatehouse policy check: " + missing + ": no such file or directory");
  }

  @Test
  void check_invalidPolicy_exits1NamingThePolicyPath() throws IOException {
    Path bad =
        write("bad-policy.yaml", "version: 1\nimages: {trustedRegistries: [x], mod: audit}\n");
    Path file = write("web.yaml", deployment("team-a", "web", "nginx"));

    CommandRun run = check(bad, file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("gatehouse policy check: " + bad).contains("mod");
  }

  @Test
  void check_withoutPolicyOrInput_exits2() {
    CommandRun noPolicy = CommandRun.run("policy", "check", "x.yaml");
    CommandRun noInput = CommandRun.run("policy", "check", "-f", policy.toString());

    assertThat(noPolicy.exitCode()).isEqualTo(2);
    assertThat(noPolicy.err()).contains("Missing required option: '--policy=FILE'");
    assertThat(noInput.exitCode()).isEqualTo(2);
    assertThat(noInput.err()).contains("FILE|DIR|-");
  }

  @Test
  void check_controlCharactersInNames_areEscapedInTheReport() throws IOException {
    Path file =
        write(
            "pod.yaml",
            """
            kind: Pod
            metadata: {name: "p\\e[31m"}
            spec: {containers: [{name: "c\\r", image: nginx}]}
            """);

    CommandRun run = check(file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).doesNotContain("\u001b").doesNotContain("\r").contains("p\\u001b[31m");
  }

  @Test
  void policy_withoutSubcommand_exits2AndPolicyHelpListsCheck() {
    CommandRun bare = CommandRun.run("policy");
    CommandRun help = CommandRun.run("policy", "--help");
    CommandRun checkHelp = CommandRun.run("policy", "check", "--help");

    assertThat(bare.exitCode()).isEqualTo(2);
    assertThat(bare.err()).contains("Missing required command");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("Usage: gatehouse policy").contains("check");
    assertThat(checkHelp.exitCode()).isZero();
    assertThat(checkHelp.out())
        .contains("--policy", "--namespaces", "--namespace", "--output", "FILE|DIR|-")
        .contains("kubectl kustomize overlays/prod | gatehouse policy check -f gatehouse.yaml -");
  }
}
