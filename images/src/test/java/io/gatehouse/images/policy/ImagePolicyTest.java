package io.gatehouse.images.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.images.reference.ImageReference;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImagePolicyTest {
  private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);
  private static final NamespaceInfo APPS = NamespaceInfo.named("apps");

  private static final ImagePolicy POLICY =
      ImagePolicy.parse(
          """
          version: 1
          images:
            mode: enforce
            trustedRegistries:
              - myacr.azurecr.io
              - "*.trusted.example"
              - docker.io/library
              - localhost:5000
            forbidLatest: true
            exemptNamespaces:
              - names: [kube-system, gatehouse-system]
              - selector: { matchLabels: { gatehouse.io/exempt: "true" } }
            namespaces:
              - names: ["team-b-*"]
                selector:
                  matchExpressions: [ { key: env, operator: In, values: [prod] } ]
                trustedRegistries: [ myacr.azurecr.io/team-b ]
                requireDigest: true
              - names: ["team-b-*"]
                trustedRegistries: [ myacr.azurecr.io/team-b ]
                forbidLatest: false
              - names: [sandbox]
                mode: audit
            signatures:
              - match: myacr.azurecr.io
                keys:
                  - |
                    -----BEGIN PUBLIC KEY-----
                    MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE
                    -----END PUBLIC KEY-----
              - match: myacr.azurecr.io/team-b
                keys:
                  - |
                    -----BEGIN PUBLIC KEY-----
                    AAAA
                    -----END PUBLIC KEY-----
          """);

  @Test
  void evaluate_trustedImages_areAllowed() {
    PolicyDecision decision =
        POLICY.evaluate(
            APPS, List.of("myacr.azurecr.io/app:1.0", "nginx:1.25", "x.trusted.example/y:2"));

    assertThat(decision.allowed()).isTrue();
    assertThat(decision.denied()).isFalse();
    assertThat(decision.violations()).isEmpty();
    assertThat(decision.mode()).isEqualTo(EnforcementMode.ENFORCE);
    assertThat(decision.exempt()).isFalse();
    assertThat(decision.ruleSet()).isEqualTo("images");
  }

  @Test
  void evaluate_noImages_isAllowed() {
    assertThat(POLICY.evaluate(APPS, List.of()).allowed()).isTrue();
  }

  @Test
  void evaluate_everyOffendingImage_isListedWithItsRule() {
    PolicyDecision decision =
        POLICY.evaluate(
            APPS,
            List.of(
                "evil.com/app:1",
                "myacr.azurecr.io/ok:1",
                "myacr.azurecr.io/app",
                "Not A Reference",
                "evil.com/tool"));

    assertThat(decision.denied()).isTrue();
    assertThat(decision.violations())
        .extracting(Violation::image, v -> v.rule().id())
        .containsExactly(
            tuple("evil.com/app:1", "untrusted-registry"),
            tuple("myacr.azurecr.io/app", "latest-forbidden"),
            tuple("Not A Reference", "invalid-reference"),
            tuple("evil.com/tool", "untrusted-registry"),
            tuple("evil.com/tool", "latest-forbidden"));
    assertThat(decision.violations().get(0).reason())
        .isEqualTo("evil.com/app is not from a trusted registry (rules of images)");
  }

  @Test
  void evaluate_latest_isRefusedExplicitOrImplicitUnlessPinned() {
    assertThat(rules(POLICY.evaluate(APPS, List.of("nginx")))).containsExactly("latest-forbidden");
    assertThat(rules(POLICY.evaluate(APPS, List.of("nginx:latest"))))
        .containsExactly("latest-forbidden");
    assertThat(rules(POLICY.evaluate(APPS, List.of("nginx:LATEST"))))
        .containsExactly("latest-forbidden");
    assertThat(POLICY.evaluate(APPS, List.of("nginx:latest@" + DIGEST)).allowed()).isTrue();
    assertThat(POLICY.evaluate(APPS, List.of("nginx@" + DIGEST)).allowed()).isTrue();
    assertThat(POLICY.evaluate(APPS, List.of("nginx:latest-alpine")).allowed()).isTrue();
  }

  @Test
  void evaluate_latestReason_saysWhenTheTagWasImplied() {
    assertThat(POLICY.evaluate(APPS, List.of("nginx")).violations().get(0).reason())
        .startsWith("no tag means tag latest");
    assertThat(POLICY.evaluate(APPS, List.of("nginx:latest")).violations().get(0).reason())
        .startsWith("tag latest is not allowed");
  }

  @Test
  void evaluate_nullImage_isAnInvalidReference() {
    PolicyDecision decision = POLICY.evaluate(APPS, Arrays.asList("nginx:1", null));

    assertThat(rules(decision)).containsExactly("invalid-reference");
  }

  @Test
  void evaluate_hostileImageText_isShownEscapedAndCut() {
    String hostile = "evil\n\u001b[2J" + "x".repeat(5000);

    Violation violation = POLICY.evaluate(APPS, List.of(hostile)).violations().get(0);

    assertThat(violation.rule()).isEqualTo(PolicyRule.INVALID_REFERENCE);
    assertThat(violation.image()).doesNotContain("\n", "\u001b").hasSizeLessThan(400);
    assertThat(violation.reason()).doesNotContain("\n", "\u001b").hasSizeLessThan(400);
  }

  @Test
  void evaluate_exemptNamespaceByName_checksNothing() {
    PolicyDecision decision =
        POLICY.evaluate(NamespaceInfo.named("kube-system"), List.of("evil.com/x", "%%%"));

    assertThat(decision.allowed()).isTrue();
    assertThat(decision.exempt()).isTrue();
    assertThat(decision.violations()).isEmpty();
    assertThat(decision.ruleSet()).isEqualTo("images.exemptNamespaces[0]");
  }

  @Test
  void evaluate_exemptNamespaceByLabel_checksNothing() {
    NamespaceInfo labelled = new NamespaceInfo("tools", Map.of("gatehouse.io/exempt", "true"));
    NamespaceInfo other = new NamespaceInfo("tools", Map.of("gatehouse.io/exempt", "false"));

    assertThat(POLICY.evaluate(labelled, List.of("evil.com/x")).exempt()).isTrue();
    assertThat(POLICY.evaluate(labelled, List.of("evil.com/x")).ruleSet())
        .isEqualTo("images.exemptNamespaces[1]");
    assertThat(POLICY.evaluate(other, List.of("evil.com/x")).denied()).isTrue();
  }

  @Test
  void evaluate_firstMatchingOverride_wins() {
    NamespaceInfo prod = new NamespaceInfo("team-b-web", Map.of("env", "prod"));
    NamespaceInfo dev = new NamespaceInfo("team-b-web", Map.of("env", "dev"));
    String image = "myacr.azurecr.io/team-b/web:latest";

    PolicyDecision prodDecision = POLICY.evaluate(prod, List.of(image));
    PolicyDecision devDecision = POLICY.evaluate(dev, List.of(image));

    assertThat(prodDecision.ruleSet()).isEqualTo("images.namespaces[0]");
    assertThat(rules(prodDecision)).containsExactly("digest-required", "latest-forbidden");
    assertThat(devDecision.ruleSet()).isEqualTo("images.namespaces[1]");
    assertThat(devDecision.allowed()).isTrue();
  }

  @Test
  void evaluate_overrideTrustedRegistries_replaceTheDefaultList() {
    NamespaceInfo dev = NamespaceInfo.named("team-b-api");

    assertThat(rules(POLICY.evaluate(dev, List.of("nginx:1"))))
        .containsExactly("untrusted-registry");
    assertThat(rules(POLICY.evaluate(dev, List.of("myacr.azurecr.io/team-a/x:1"))))
        .containsExactly("untrusted-registry");
    assertThat(POLICY.evaluate(dev, List.of("myacr.azurecr.io/team-b/x:1")).allowed()).isTrue();
  }

  @Test
  void evaluate_overrideWithoutRules_inheritsTheDefaults() {
    PolicyDecision decision = POLICY.evaluate(NamespaceInfo.named("sandbox"), List.of("nginx"));

    assertThat(decision.ruleSet()).isEqualTo("images.namespaces[2]");
    assertThat(rules(decision)).containsExactly("latest-forbidden");
  }

  @Test
  void evaluate_auditMode_allowsAndStillReports() {
    PolicyDecision decision =
        POLICY.evaluate(NamespaceInfo.named("sandbox"), List.of("evil.com/x:1"));

    assertThat(decision.allowed()).isTrue();
    assertThat(decision.mode()).isEqualTo(EnforcementMode.AUDIT);
    assertThat(rules(decision)).containsExactly("untrusted-registry");
  }

  @Test
  void evaluateReferences_showsCanonicalForms() {
    PolicyDecision decision =
        POLICY.evaluateReferences(APPS, List.of(ImageReference.parse("evil.com/x:1")));

    assertThat(decision.violations()).extracting(Violation::image).containsExactly("evil.com/x:1");
    assertThat(POLICY.evaluateReferences(APPS, List.of(ImageReference.parse("nginx:1"))).allowed())
        .isTrue();
  }

  @Test
  void signatureRequirements_listEveryMatchingEntryInFileOrder() {
    List<SignatureRequirement> teamB =
        POLICY.signatureRequirements(ImageReference.parse("myacr.azurecr.io/team-b/x:1"));
    List<SignatureRequirement> teamA =
        POLICY.signatureRequirements(ImageReference.parse("myacr.azurecr.io/team-a/x:1"));

    assertThat(teamB)
        .extracting(r -> r.source().toString())
        .containsExactly("myacr.azurecr.io", "myacr.azurecr.io/team-b");
    assertThat(teamA).extracting(r -> r.source().toString()).containsExactly("myacr.azurecr.io");
    assertThat(teamA.get(0).keys().get(0).origin()).isEqualTo("images.signatures[0].keys[0]");
    assertThat(teamA.get(0).keys().get(0).pem()).startsWith("-----BEGIN PUBLIC KEY-----\n");
    assertThat(POLICY.signatureRequirements(ImageReference.parse("nginx:1"))).isEmpty();
    assertThat(POLICY.signatureRequirements()).hasSize(2);
  }

  @Test
  void usesLabelSelectors_isTrueOnlyWhenAnEntryHasASelector() {
    ImagePolicy namesOnly =
        ImagePolicy.parse(
            """
            version: 1
            images:
              trustedRegistries: []
              exemptNamespaces: [{names: [kube-system]}]
            """);

    assertThat(POLICY.usesLabelSelectors()).isTrue();
    assertThat(namesOnly.usesLabelSelectors()).isFalse();
  }

  /** Allowlist bypasses that must not work. */
  @Nested
  class AllowlistBypasses {
    private final ImagePolicy policy =
        ImagePolicy.parse(
            """
            version: 1
            images:
              forbidLatest: false
              trustedRegistries:
                - myacr.azurecr.io
                - "*.azurecr.example"
                - docker.io/library
                - docker.io/mycompany
                - localhost:5000
            """);

    @ParameterizedTest
    @ValueSource(
        strings = {
          "myacr.azurecr.io.evil.com/x",
          "myacr.azurecr.io@evil.com/x",
          "myacr.azurecr.io:443.evil.com/x",
          "myacr.azurecr.io:443/x",
          "evilmyacr.azurecr.io/x",
          "myacr.azurecr.io%2eevil.com/x",
          "myacr.azurecr.io\\evil.com/x",
          "myacr.azurecr.io#evil.com/x",
          "evil.com/myacr.azurecr.io/x",
          "docker.io/mycompanyevil/x",
          "mycompanyevil/x",
          "nginxinc/nginx",
          "evil.com/library/nginx",
          "registry-1.docker.io/library/nginx",
          "azurecr.example/x",
          "azurecr.example.evil.com/x",
          "x.azurecr.example.evil.com/x",
          "evilazurecr.example/x",
          "xazurecr.example/x",
          "myacr.azurecr.io/Team-A",
          "myacr\u0430zurecr.io/x",
          "myacr.azurecr.io\u3002evil.com/x",
          "myacr\uff0eazurecr.io/x",
          "localhost:50000/x",
          "localhost:500/x",
          "localhost/x",
          "127.0.0.1:5000/x",
          "localhost:5000.evil.com/x",
          " myacr.azurecr.io/x",
          "myacr.azurecr.io/x\n",
          "MYACR.azurecr.io/Team-A",
        })
    void evaluate_bypassAttempt_isDenied(String image) {
      PolicyDecision decision = policy.evaluate(APPS, List.of(image));

      assertThat(decision.denied()).as("%s", image).isTrue();
      assertThat(rules(decision))
          .isNotEmpty()
          .isSubsetOf("untrusted-registry", "invalid-reference");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "nginx",
          "library/nginx",
          "docker.io/nginx",
          "docker.io/library/nginx",
          "index.docker.io/library/nginx",
          "mycompany/x",
          "docker.io/mycompany/x",
          "docker.io/mycompany/sub/x",
          "MYACR.azurecr.io/x",
          "myacr.AZURECR.IO/team-a/x",
          "x.azurecr.example/app",
          "a.b.azurecr.example/app",
          "localhost:5000/x",
        })
    void evaluate_trustedVariant_isAllowed(String image) {
      assertThat(policy.evaluate(APPS, List.of(image)).allowed()).as("%s", image).isTrue();
    }

    @Test
    void evaluate_invalidCaseVariant_isAnInvalidReference() {
      assertThat(rules(policy.evaluate(APPS, List.of("myacr.azurecr.io/Team-A"))))
          .containsExactly("invalid-reference");
      assertThat(rules(policy.evaluate(APPS, List.of("myacr.azurecr.io@evil.com/x"))))
          .containsExactly("invalid-reference");
    }
  }

  private static List<String> rules(PolicyDecision decision) {
    return decision.violations().stream().map(v -> v.rule().id()).toList();
  }

  private static org.assertj.core.groups.Tuple tuple(Object... values) {
    return org.assertj.core.groups.Tuple.tuple(values);
  }
}
