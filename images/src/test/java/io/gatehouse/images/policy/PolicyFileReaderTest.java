package io.gatehouse.images.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.gatehouse.images.reference.ImageReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyFileReaderTest {
  private static final String KEY =
      """
      -----BEGIN PUBLIC KEY-----
      MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEvZ0Zl0GqKcnBxyoUvNWwx8Wk0zOD
      u4LgT2EIq01kPO0gPz6pT0e93aEKJAbOP6cq8bhGMxLVHCwaH2ogslyGSw==
      -----END PUBLIC KEY-----
      """;

  private static final String EXAMPLE =
      """
      version: 1
      teams: [ { name: ops } ]
      projects: { anything: [1, 2] }
      environments: []
      branchRules: null
      federatedCredentials: {}
      images:
        mode: enforce            # or audit
        trustedRegistries:
          - myacr.azurecr.io
          - myacr.azurecr.io/team-a
          - "*.azurecr.io"
          - docker.io/library
        requireDigest: false
        forbidLatest: true
        signatures:
          - match: myacr.azurecr.io/team-a
            keys: [ keys/team-a.pub ]
        exemptNamespaces:
          - names: [kube-system, gatehouse-system]
          - selector: { matchLabels: { gatehouse.io/exempt: "true" } }
        namespaces:
          - names: ["team-b-*"]
            selector: { matchExpressions: [ { key: env, operator: In, values: [prod] } ] }
            trustedRegistries: [ myacr.azurecr.io/team-b ]
            requireDigest: true
            mode: enforce
      """;

  @TempDir Path dir;

  @Test
  void load_documentedExample_buildsThePolicy() throws IOException {
    Files.createDirectories(dir.resolve("keys"));
    Files.writeString(dir.resolve("keys/team-a.pub"), KEY);
    Path file = write("gatehouse.yaml", EXAMPLE);

    ImagePolicy policy = ImagePolicy.load(file);

    NamespaceInfo prod = new NamespaceInfo("team-b-web", Map.of("env", "prod"));
    assertThat(policy.evaluate(prod, List.of("myacr.azurecr.io/team-b/x:1")).violations())
        .extracting(v -> v.rule().id())
        .containsExactly("digest-required");
    assertThat(policy.evaluate(NamespaceInfo.named("kube-system"), List.of("x")).exempt()).isTrue();
    List<SignatureRequirement> requirements =
        policy.signatureRequirements(ImageReference.parse("myacr.azurecr.io/team-a/app:1"));
    assertThat(requirements).hasSize(1);
    PublicKeyPem key = requirements.get(0).keys().get(0);
    assertThat(key.origin()).isEqualTo(dir.resolve("keys/team-a.pub").toString());
    assertThat(key.pem()).isEqualTo(KEY);
  }

  @Test
  void parse_minimalPolicy_usesDocumentedDefaults() {
    ImagePolicy policy = ImagePolicy.parse("version: 1\nimages:\n  trustedRegistries: [a.io]\n");

    PolicyDecision decision = policy.evaluate(NamespaceInfo.named("x"), List.of("a.io/x"));

    assertThat(decision.mode()).isEqualTo(EnforcementMode.ENFORCE);
    assertThat(decision.violations())
        .extracting(v -> v.rule().id())
        .containsExactly("latest-forbidden");
    assertThat(policy.evaluate(NamespaceInfo.named("x"), List.of("a.io/x:1")).allowed()).isTrue();
  }

  @Test
  void parse_emptyTrustedList_deniesEverything() {
    ImagePolicy policy = ImagePolicy.parse("version: 1\nimages:\n  trustedRegistries: []\n");

    assertThat(policy.evaluate(NamespaceInfo.named("x"), List.of("nginx:1")).denied()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          unknown top-level key | rogue: 1                          | rogue          | unknown key
          version missing       | images: {trustedRegistries: []}   | version        | is required
          wrong version         | version: 2                        | version        | must be 1
          version as text       | version: '1'                      | version        | must be 1
          images missing        | version: 1                        | images         | is required
          images not a mapping  | 'version: 1\nimages: [a]'         | images         | must be a mapping
          """)
  void parse_badTopLevel_namesThePath(String name, String yaml, String path, String reason) {
    PolicyFileException e = failure(yaml.replace("\\n", "\n"));

    assertThat(e.path()).isEqualTo(path);
    assertThat(e.reason()).startsWith(reason);
    assertThat(e.file()).isEqualTo("<string>");
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          trustedRegistries: [a.io]\\n  rogue: true | images.rogue | unknown key (expected one of: mode,
          mode: enforce | images.trustedRegistries | is required
          trustedRegistries: a.io | images.trustedRegistries | must be a list
          trustedRegistries: [a.io, nginx] | images.trustedRegistries[1] | trusted source must start with a registry host
          trustedRegistries: [a.io, "*.io"] | images.trustedRegistries[1] | a wildcard must cover
          trustedRegistries: [a.io, A.io] | images.trustedRegistries[1] | duplicate trusted source a.io, already at images.trustedRegistries[0]
          trustedRegistries: [a.io, 5] | images.trustedRegistries[1] | must be a string
          trustedRegistries: []\\n  mode: block | images.mode | must be enforce or audit, not "block"
          trustedRegistries: []\\n  requireDigest: 'yes' | images.requireDigest | must be true or false
          trustedRegistries: []\\n  forbidLatest: | images.forbidLatest | must be true or false
          trustedRegistries: []\\n  exemptNamespaces: [{}] | images.exemptNamespaces[0] | needs names, a selector, or both
          trustedRegistries: []\\n  exemptNamespaces: [{names: []}] | images.exemptNamespaces[0].names | must list at least one name
          trustedRegistries: []\\n  exemptNamespaces: [{names: [Kube]}] | images.exemptNamespaces[0].names[0] | namespace name or pattern may hold only
          trustedRegistries: []\\n  exemptNamespaces: [{selector: {}}] | images.exemptNamespaces[0].selector | selector must have at least one requirement
          trustedRegistries: []\\n  exemptNamespaces: [{selector: {matchLabels: {}}}] | images.exemptNamespaces[0].selector | selector must have at least one requirement
          trustedRegistries: []\\n  exemptNamespaces: [{names: [a], rules: x}] | images.exemptNamespaces[0].rules | unknown key
          trustedRegistries: []\\n  namespaces: [{names: [a]}, {selector: {matchLabels: {a: true}}}] | images.namespaces[1].selector.matchLabels | label values must be strings
          trustedRegistries: []\\n  namespaces: [{selector: {matchLabels: {'Bad.io/x': 'y'}}}] | images.namespaces[0].selector.matchLabels | label key prefix must be a DNS subdomain
          trustedRegistries: []\\n  namespaces: [{selector: {matchLabels: {a: 'b c'}}}] | images.namespaces[0].selector.matchLabels | label value must be
          trustedRegistries: []\\n  namespaces: [{selector: {matchExpressions: [{key: env, operator: Equals, values: [a]}]}}] | images.namespaces[0].selector.matchExpressions[0].operator | must be In, NotIn, Exists or DoesNotExist, not "Equals"
          trustedRegistries: []\\n  namespaces: [{selector: {matchExpressions: [{key: env, operator: In}]}}] | images.namespaces[0].selector.matchExpressions[0].values | In needs at least one value
          trustedRegistries: []\\n  namespaces: [{selector: {matchExpressions: [{key: env, operator: Exists, values: [a]}]}}] | images.namespaces[0].selector.matchExpressions[0].values | Exists takes no values
          trustedRegistries: []\\n  namespaces: [{selector: {matchExpressions: [{operator: Exists}]}}] | images.namespaces[0].selector.matchExpressions[0].key | is required
          trustedRegistries: []\\n  namespaces: [{selector: {matchExpressions: [{key: env, operator: Exists, value: x}]}}] | images.namespaces[0].selector.matchExpressions[0].value | unknown key
          trustedRegistries: []\\n  namespaces: [{names: [a], trustedRegistries: ['a.io/B']}] | images.namespaces[0].trustedRegistries[0] | invalid trusted source: repository name must be lowercase
          trustedRegistries: []\\n  namespaces: [{names: [a], signatures: []}] | images.namespaces[0].signatures | unknown key
          trustedRegistries: []\\n  signatures: [{match: a.io}] | images.signatures[0].keys | is required
          trustedRegistries: []\\n  signatures: [{match: a.io, keys: []}] | images.signatures[0].keys | must list at least one public key
          trustedRegistries: []\\n  signatures: [{match: a.io, keys: [k.pub]}] | images.signatures[0].keys[0] | key file paths are resolved against the policy file
          trustedRegistries: []\\n  signatures: [{match: a.io, keys: ['-----BEGIN PUBLIC KEY-----']}] | images.signatures[0].keys[0] | must be one PEM public key
          trustedRegistries: []\\n  signatures: [{match: a.io, keys: ['-----BEGIN PUBLIC KEY--------END PUBLIC KEY-----']}] | images.signatures[0].keys[0] | must be one PEM public key
          trustedRegistries: []\\n  signatures: [{match: a.io, keys: ['-----BEGIN PUBLIC KEY----- !!! -----END PUBLIC KEY-----']}] | images.signatures[0].keys[0] | PEM public key body is not valid base64
          trustedRegistries: []\\n  signatures: [{match: a.io, keys: ['-----BEGIN PRIVATE KEY----- AAAA -----END PRIVATE KEY-----']}] | images.signatures[0].keys[0] | must be one PEM public key
          trustedRegistries: []\\n  signatures: [{match: 'a.io/x:1', keys: []}] | images.signatures[0].match | trusted source must not hold a tag
          """)
  void parse_badImagesSection_namesThePathAndReason(String images, String path, String reason) {
    PolicyFileException e = failure("version: 1\nimages:\n  " + images.replace("\\n", "\n"));

    assertThat(e.path()).isEqualTo(path);
    assertThat(e.reason()).startsWith(reason);
    assertThat(e.getMessage()).isEqualTo("<string>: " + path + ": " + e.reason());
  }

  @Test
  void parse_duplicateKey_isRefused() {
    PolicyFileException e =
        failure("version: 1\nimages:\n  trustedRegistries: []\n  trustedRegistries: [a.io]\n");

    assertThat(e.reason()).startsWith("not valid YAML: Duplicate field 'trustedRegistries'");
  }

  @Test
  void parse_alias_isRefused() {
    PolicyFileException e =
        failure(
            """
            version: 1
            x: &reg a.io
            images:
              trustedRegistries: [*reg]
            """);

    assertThat(e.reason()).startsWith("YAML aliases are not supported (line 4, column ");
  }

  @Test
  void parse_billionLaughs_isRefusedQuickly() {
    StringBuilder yaml = new StringBuilder("version: 1\nteams:\n  a0: &a0 [lol, lol, lol]\n");
    for (int i = 1; i < 30; i++) {
      yaml.append("  a").append(i).append(": &a").append(i).append(" [");
      yaml.append(("*a" + (i - 1) + ", ").repeat(9)).append("*a").append(i - 1).append("]\n");
    }
    yaml.append("images: {trustedRegistries: []}\n");
    long start = System.nanoTime();

    PolicyFileException e = failure(yaml.toString());

    assertThat(e.reason()).startsWith("YAML aliases are not supported");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void parse_deepNesting_isRefused() {
    String yaml = "version: 1\nteams: " + "[".repeat(500) + "]".repeat(500) + "\n";

    assertThat(failure(yaml).reason()).startsWith("not valid YAML");
  }

  @Test
  void parse_syntaxError_namesTheLine() {
    PolicyFileException e = failure("version: 1\nimages:\n  trustedRegistries: [a.io\n  x: : y\n");

    assertThat(e.path()).isEmpty();
    assertThat(e.reason()).startsWith("not valid YAML").contains("line ");
  }

  @Test
  void parse_secondDocument_isRefused() {
    PolicyFileException e =
        failure("version: 1\nimages: {trustedRegistries: []}\n---\nversion: 1\n");

    assertThat(e.reason()).startsWith("not valid YAML");
  }

  @Test
  void parse_emptyText_isRefused() {
    assertThat(failure("").reason()).isEqualTo("policy is empty");
    assertThat(failure("# nothing\n").reason()).isEqualTo("policy is empty");
    assertThat(failure("[]").reason()).isEqualTo("must be a mapping");
  }

  @Test
  void load_fileOverOneMebibyte_isRefusedBeforeParsing() throws IOException {
    Path file = dir.resolve("big.yaml");
    Files.write(file, new byte[(1 << 20) + 1]);

    PolicyFileException e =
        catchThrowableOfType(PolicyFileException.class, () -> ImagePolicy.load(file));

    assertThat(e.file()).isEqualTo(file.toString());
    assertThat(e.reason()).isEqualTo("policy file is larger than 1048576 bytes");
  }

  @Test
  void load_notUtf8_isRefused() throws IOException {
    Path file = dir.resolve("latin1.yaml");
    Files.write(file, "version: 1\n# caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));

    PolicyFileException e =
        catchThrowableOfType(PolicyFileException.class, () -> ImagePolicy.load(file));

    assertThat(e.reason()).isEqualTo("policy file is not valid UTF-8");
  }

  @Test
  void load_missingFile_namesTheFile() {
    Path file = dir.resolve("absent.yaml");

    PolicyFileException e =
        catchThrowableOfType(PolicyFileException.class, () -> ImagePolicy.load(file));

    assertThat(e.getMessage()).startsWith(file + ": policy file cannot be read");
  }

  @Test
  void load_missingKeyFile_namesTheEntry() throws IOException {
    Path file =
        write(
            "policy.yaml",
            "version: 1\nimages:\n  trustedRegistries: []\n  signatures: [{match: a.io, keys: [nope.pub]}]\n");

    PolicyFileException e =
        catchThrowableOfType(PolicyFileException.class, () -> ImagePolicy.load(file));

    assertThat(e.path()).isEqualTo("images.signatures[0].keys[0]");
    assertThat(e.reason()).startsWith("key file " + dir.resolve("nope.pub") + " cannot be read");
  }

  @Test
  void load_keyFileThatIsNotPem_isRefused() throws IOException {
    Files.writeString(dir.resolve("k.pub"), "ssh-ed25519 AAAA user@host\n");
    Path file =
        write(
            "policy.yaml",
            "version: 1\nimages:\n  trustedRegistries: []\n  signatures: [{match: a.io, keys: [k.pub]}]\n");

    PolicyFileException e =
        catchThrowableOfType(PolicyFileException.class, () -> ImagePolicy.load(file));

    assertThat(e.path()).isEqualTo("images.signatures[0].keys[0]");
    assertThat(e.reason()).startsWith("must be one PEM public key");
  }

  @Test
  void load_oversizedKeyFile_isRefused() throws IOException {
    Files.writeString(dir.resolve("k.pub"), "x".repeat((64 << 10) + 1));
    Path file =
        write(
            "policy.yaml",
            "version: 1\nimages:\n  trustedRegistries: []\n  signatures: [{match: a.io, keys: [k.pub]}]\n");

    PolicyFileException e =
        catchThrowableOfType(PolicyFileException.class, () -> ImagePolicy.load(file));

    assertThat(e.reason()).endsWith("is larger than 65536 bytes");
  }

  @Test
  void parse_unknownKeyWithControlCharacters_isEscapedInThePath() {
    PolicyFileException e = failure("version: 1\n\"evil\\u001b[2J\": 1\n");

    assertThat(e.getMessage()).doesNotContain("\u001b").contains("\\u001b");
  }

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  private static PolicyFileException failure(String yaml) {
    PolicyFileException e =
        catchThrowableOfType(PolicyFileException.class, () -> ImagePolicy.parse(yaml));
    assertThat(e).as("error for %s", yaml).isNotNull();
    return e;
  }
}
