package io.gatehouse.deploy.gate;

import static io.gatehouse.deploy.gate.GatesTest.map;
import static io.gatehouse.deploy.gate.GatesTest.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.deploy.project.GateSpec;
import io.gatehouse.images.policy.ImagePolicy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImagePolicyGateTest {
  private static final ImagePolicy POLICY =
      ImagePolicy.parse(
          """
          version: 1
          images:
            mode: enforce
            trustedRegistries:
              - registry.example.com/shop
            forbidLatest: true
            exemptNamespaces:
              - names: [sandbox]
            namespaces:
              - names: ["shop-audit"]
                mode: audit
              - names: ["shop-strict"]
                requireDigest: true
          """);

  private static GateOutcome evaluate(
      Optional<ImagePolicy> policy, Map<String, Object> parameters, List<String> images) {
    GateSpec spec = spec("image-policy", parameters);
    return GateFixtures.gates((p, e, s, i) -> Optional.empty(), () -> policy)
        .gate(spec)
        .evaluate(GateFixtures.context(spec, GateFixtures.NOW, images));
  }

  @Test
  void evaluate_trustedImages_passes() {
    GateOutcome outcome = evaluate(Optional.of(POLICY), map(), GateFixtures.IMAGES);

    assertThat(outcome.status()).isEqualTo(GateOutcome.Status.PASS);
    assertThat(outcome.detail())
        .isEqualTo("all 2 images satisfy the image policy for namespace prod (images)");
  }

  @Test
  void evaluate_untrustedImage_failsNamingImageAndRule() {
    GateOutcome outcome =
        evaluate(
            Optional.of(POLICY),
            map(),
            List.of("registry.example.com/shop/web:1.4.2", "evil.example.net/miner:1"));

    assertThat(outcome.status()).isEqualTo(GateOutcome.Status.FAIL);
    assertThat(outcome.detail())
        .startsWith("image policy for namespace prod (images) refuses: evil.example.net/miner:1: ")
        .contains("[untrusted-registry]")
        .doesNotContain("shop/web");
  }

  @Test
  void evaluate_latestTag_fails() {
    GateOutcome outcome =
        evaluate(Optional.of(POLICY), map(), List.of("registry.example.com/shop/web"));

    assertThat(outcome.status()).isEqualTo(GateOutcome.Status.FAIL);
    assertThat(outcome.detail()).contains("[latest-forbidden]");
  }

  @Test
  void evaluate_namespaceParameter_selectsOverride() {
    GateOutcome strict =
        evaluate(Optional.of(POLICY), map("namespace", "shop-strict"), GateFixtures.IMAGES);
    GateOutcome digests =
        evaluate(
            Optional.of(POLICY),
            map("namespace", "shop-strict"),
            List.of("registry.example.com/shop/web@sha256:" + "a".repeat(64)));

    assertThat(strict.status()).isEqualTo(GateOutcome.Status.FAIL);
    assertThat(strict.detail())
        .contains("namespace shop-strict (images.namespaces[1])")
        .contains("[digest-required]");
    assertThat(digests.status()).isEqualTo(GateOutcome.Status.PASS);
  }

  @Test
  void evaluate_auditMode_passesAndReports() {
    GateOutcome outcome =
        evaluate(
            Optional.of(POLICY), map("namespace", "shop-audit"), List.of("evil.example.net/x:1"));

    assertThat(outcome.status()).isEqualTo(GateOutcome.Status.PASS);
    assertThat(outcome.detail()).contains("audit mode").contains("evil.example.net/x:1");
  }

  @Test
  void evaluate_exemptNamespace_passes() {
    GateOutcome outcome =
        evaluate(Optional.of(POLICY), map("namespace", "sandbox"), List.of("evil.example.net/x:1"));

    assertThat(outcome.status()).isEqualTo(GateOutcome.Status.PASS);
    assertThat(outcome.detail()).contains("exempt");
  }

  @Test
  void evaluate_noPolicyApplied_failsClosed() {
    GateOutcome outcome = evaluate(Optional.empty(), map(), GateFixtures.IMAGES);

    assertThat(outcome).isEqualTo(GateOutcome.fail("no image policy has been applied"));
  }

  @Test
  void evaluate_unparsableImage_failsNamingIt() {
    GateOutcome outcome =
        evaluate(
            Optional.of(POLICY),
            map(),
            List.of("registry.example.com/shop/web:1.4.2", "Registry.Example.com/UPPER/Case\n"));

    assertThat(outcome.status()).isEqualTo(GateOutcome.Status.FAIL);
    assertThat(outcome.detail())
        .startsWith("image 'Registry.Example.com/UPPER/Case\\u000a' is not a valid reference: ");
  }

  @Test
  void evaluate_noImages_failsClosed() {
    GateOutcome outcome = evaluate(Optional.of(POLICY), map(), List.of());

    assertThat(outcome.status()).isEqualTo(GateOutcome.Status.FAIL);
    assertThat(outcome.detail()).contains("names no images");
  }

  @Test
  void evaluate_manyViolations_listsFiveAndCountsTheRest() {
    List<String> images =
        List.of(
            "a.example/x:1",
            "b.example/x:1",
            "c.example/x:1",
            "d.example/x:1",
            "e.example/x:1",
            "f.example/x:1",
            "g.example/x:1");

    GateOutcome outcome = evaluate(Optional.of(POLICY), map(), images);

    assertThat(outcome.detail())
        .contains("e.example/x:1")
        .doesNotContain("f.example")
        .endsWith("; and 2 more");
  }
}
