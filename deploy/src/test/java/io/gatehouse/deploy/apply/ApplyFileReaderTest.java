package io.gatehouse.deploy.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.deploy.project.RefPolicy;
import org.junit.jupiter.api.Test;

class ApplyFileReaderTest {
  @Test
  void read_demoDocument_readsEverything() {
    ApplyDocument document = ApplyFileReader.read("gatehouse.yaml", DemoSeed.DOCUMENT);

    assertThat(document.users()).hasSize(4);
    assertThat(document.teams())
        .extracting(ApplyDocument.TeamSpec::name)
        .containsExactly("dev", "security", "ops");
    ApplyDocument.ProjectSpec shop = document.projects().getFirst();
    assertThat(shop.environments())
        .extracting(ApplyDocument.EnvironmentSpec::name)
        .containsExactly("dev", "staging", "prod");
    ApplyDocument.EnvironmentSpec prod = shop.environments().get(2);
    assertThat(prod.rules().deploymentRefs().policy()).isEqualTo(RefPolicy.PATTERNS);
    assertThat(prod.rules().reviewers()).hasSize(2);
    assertThat(prod.rules().gates()).hasSize(2);
    assertThat(document.imagePolicy()).isEmpty();
  }

  @Test
  void read_shorthandRefs_mapsToPolicies() {
    ApplyDocument document =
        ApplyFileReader.read(
            "f",
            """
            version: 1
            projects:
              - name: p
                environments:
                  - name: a
                    deploymentRefs: protected
                  - name: b
                    deploymentRefs: any
            """);
    assertThat(document.projects().getFirst().environments())
        .extracting(e -> e.rules().deploymentRefs().policy())
        .containsExactly(RefPolicy.PROTECTED_BRANCHES, RefPolicy.ANY);
  }

  @Test
  void read_errors_nameFilePathAndReason() {
    assertRefused("version: 2\n", "f: version: must be 1");
    assertRefused("version: 1\nextra: 1\n", "f: extra: unknown key");
    assertRefused(
        "version: 1\nbranchRules: []\n", "f: branchRules: not supported by this server yet");
    assertRefused(
        "version: 1\nfederatedCredentials: []\n",
        "f: federatedCredentials: must be a mapping of project names");
    assertRefused(
        "version: 1\nusers: [{name: a, admin: \"true\"}]\n", "users[0].admin: must be true");
    assertRefused(
        "version: 1\nusers: [{name: a}, {name: a}]\n", "users[1].name: 'a' is declared twice");
    assertRefused("version: 1\nusers: {name: a}\n", "users: must be a list");
    assertRefused("version: 1\nusers:\n  - name: a\n    name: b\n", "not valid YAML");
    assertRefused(
        "version: 1\nteams:\n  - &t {name: a}\n  - *t\n", "YAML aliases are not supported");
    assertRefused(
        lines(
            "version: 1",
            "projects:",
            "  - name: p",
            "    environments:",
            "      - name: x",
            "        waitMinutes: 50000"),
        "projects[0].environments[0].waitMinutes: must be 0 to 43200");
    assertRefused(
        lines(
            "version: 1",
            "projects:",
            "  - name: p",
            "    environments:",
            "      - name: x",
            "      - name: X"),
        "projects[0].environments[1].name: 'X' is declared twice");
    assertRefused(
        lines(
            "version: 1",
            "projects:",
            "  - name: p",
            "    environments:",
            "      - name: " + "e".repeat(256)),
        "projects[0].environments[0].name: must be at most 255");
    assertRefused(
        lines(
            "version: 1",
            "projects:",
            "  - name: p",
            "    environments:",
            "      - name: x",
            "        deploymentRefs: sometimes"),
        "projects[0].environments[0].deploymentRefs: must be any, protected");
    assertRefused(
        lines(
            "version: 1",
            "projects:",
            "  - name: p",
            "    webhooks:",
            "      - url: https://h.example/x",
            "        secret: ${HOOK_SECRET}"),
        "line 6 holds an unsubstituted ${...}");
    assertRefused(
        lines(
            "version: 1",
            "projects:",
            "  - name: p",
            "    webhooks:",
            "      - url: ftp://h.example/x",
            "        secret: 0123456789abcdef"),
        "projects[0].webhooks[0].url: must be an absolute http or https URL");
    assertRefused("version: 1\nimages: {mode: enforce}\n", "images.trustedRegistries: is required");
    assertRefused("", "the document is empty");
  }

  @Test
  void read_oversized_refused() {
    String big = "version: 1\n#" + "x".repeat(ApplyFileReader.MAX_BYTES) + "\n";
    assertRefused(big, "larger than");
  }

  @Test
  void read_images_storedAsOwnDocument() {
    ApplyDocument document =
        ApplyFileReader.read(
            "f",
            "version: 1\nusers: [{name: a}]\nimages:\n  trustedRegistries: [registry.example.com]\n");
    assertThat(document.imagePolicy())
        .hasValueSatisfying(
            text -> assertThat(text).contains("registry.example.com").doesNotContain("users"));
  }

  private static String lines(String... lines) {
    return String.join("\n", lines) + "\n";
  }

  private static void assertRefused(String yaml, String message) {
    assertThatThrownBy(() -> ApplyFileReader.read("f", yaml))
        .isInstanceOf(ApplyFileException.class)
        .hasMessageContaining(message);
  }

  private static final String CREDENTIAL =
      "{name: gh, issuer: 'https://token.actions.githubusercontent.com', audience: gatehouse, ";

  @Test
  void read_federatedCredentials_readsClaimsAndSubject() {
    ApplyDocument document =
        ApplyFileReader.read(
            "f",
            """
            version: 1
            federatedCredentials:
              shop:
                - name: github-deploy
                  issuer: https://token.actions.githubusercontent.com
                  audience: https://gatehouse.example.com
                  claims:
                    sub: "repo:acme/shop:environment:*"
                    repository: acme/shop
                  role: deployer
                - name: gitlab
                  issuer: https://gitlab.com
                  audience: https://gatehouse.example.com
                  subject: project_path:acme/shop:ref_type:branch:ref:main
              other: []
            """);

    assertThat(document.federatedCredentials())
        .extracting(ApplyDocument.FederationSpec::project)
        .containsExactly("shop", "other");
    var shop = document.federatedCredentials().getFirst().credentials();
    assertThat(shop.get(0).sortedClaims())
        .containsEntry("sub", "repo:acme/shop:environment:*")
        .containsEntry("repository", "acme/shop");
    assertThat(shop.get(1).subject()).contains("project_path:acme/shop:ref_type:branch:ref:main");
    assertThat(shop.get(1).role()).isEqualTo("deployer");
  }

  @Test
  void read_federatedCredentialErrors_namePathAndReason() {
    String head = "version: 1\nfederatedCredentials:\n  shop:\n    - ";
    assertRefused(head + CREDENTIAL + "}\n", "shop[0]: give exactly one of 'subject' and 'claims'");
    assertRefused(head + CREDENTIAL + "subject: s, claims: {ref: main}}\n", "give exactly one of");
    assertRefused(
        head + CREDENTIAL.replace("https://token", "http://token") + "subject: s}\n",
        "shop[0].issuer: must be an https URL");
    assertRefused(
        head
            + CREDENTIAL.replace("githubusercontent.com'", "githubusercontent.com?x=1'")
            + "subject: s}\n",
        "shop[0].issuer: must be an absolute https URL");
    assertRefused(
        head + CREDENTIAL + "subject: s, role: admin}\n", "shop[0].role: must be deployer");
    assertRefused(head + CREDENTIAL + "subject: s, extra: 1}\n", "shop[0].extra: unknown key");
    assertRefused(
        head + CREDENTIAL + "claims: {aud: x}}\n", "shop[0].claims.aud: cannot be matched");
    assertRefused(
        head + CREDENTIAL + "claims: {ref: [a]}}\n", "shop[0].claims.ref: must be a string");
    assertRefused(head + CREDENTIAL + "claims: [ref]}\n", "shop[0].claims: must be a mapping");
    assertRefused(
        head + CREDENTIAL.replace("name: gh", "name: GH/x") + "subject: s}\n",
        "shop[0].name: must be 1 to 64");
    assertRefused(
        head + CREDENTIAL + "subject: s}\n    - " + CREDENTIAL + "subject: t}\n",
        "shop[1].name: 'gh' is declared twice");
    assertRefused(
        "version: 1\nfederatedCredentials:\n  shop: {}\n", "shop: must be a list of credentials");
    assertRefused("version: 1\nfederatedCredentials:\n  shop: []\n  SHOP: []\n", "declared twice");
    assertRefused(
        "version: 1\nfederatedCredentials:\n  'bad name': []\n", "federatedCredentials.bad name:");
    StringBuilder many = new StringBuilder("version: 1\nfederatedCredentials:\n  shop:\n");
    for (int i = 0; i < 21; i++) {
      many.append("    - ")
          .append(CREDENTIAL.replace("name: gh", "name: c" + i))
          .append("subject: s}\n");
    }
    assertRefused(many.toString(), "shop: a project holds at most 20 federated credentials");
    assertRefused(
        head + CREDENTIAL + "subject: \"" + "x".repeat(1001) + "\"}\n",
        "shop[0].subject: must be 1 to 1000 characters");
  }

  private static final String DAST_DOCUMENT =
      """
      version: 1
      projects:
        - name: p
          environments:
            - name: a
              gates:
                - name: dast
                  type: dast
                  delay: 0s
                  interval: 1s
                  timeout: 1h
                  parameters: {mode: report, rulesFile: .gatehouse/dast-rules.yaml}
      """;

  @Test
  void rulesFiles_dastGateNamingAFile_listsIt() {
    assertThat(ApplyFileReader.rulesFiles(DAST_DOCUMENT))
        .containsExactly(".gatehouse/dast-rules.yaml");
    assertThat(ApplyFileReader.rulesFiles("not: [valid")).isEmpty();
  }

  @Test
  void read_rulesFileSent_keptAsPathAndContent() {
    ApplyDocument document =
        ApplyFileReader.read(
            "gatehouse.yaml",
            DAST_DOCUMENT,
            java.util.Map.of(
                ".gatehouse/dast-rules.yaml", "rules:\n  - {id: xss-reflected, action: warn}\n"));

    Object rulesFile =
        document
            .projects()
            .getFirst()
            .environments()
            .getFirst()
            .rules()
            .gates()
            .getFirst()
            .parameters()
            .get("rulesFile");
    assertThat(rulesFile)
        .isEqualTo(
            java.util.Map.of(
                "path",
                ".gatehouse/dast-rules.yaml",
                "content",
                "rules:\n  - {id: xss-reflected, action: warn}\n"));
  }

  @Test
  void read_rulesFileNotSent_failsNamingTheGateParameter() {
    assertThatThrownBy(() -> ApplyFileReader.read("gatehouse.yaml", DAST_DOCUMENT))
        .isInstanceOf(ApplyFileException.class)
        .hasMessageContaining("projects[0].environments[0].gates[0].parameters.rulesFile")
        .hasMessageContaining("was not sent");
  }

  @Test
  void read_fileSentButNotNamed_fails() {
    assertThatThrownBy(
            () ->
                ApplyFileReader.read(
                    "gatehouse.yaml",
                    DAST_DOCUMENT,
                    java.util.Map.of(
                        ".gatehouse/dast-rules.yaml", "rules: []\n", "other.yaml", "rules: []\n")))
        .isInstanceOf(ApplyFileException.class)
        .hasMessageContaining("other.yaml");
  }
}
