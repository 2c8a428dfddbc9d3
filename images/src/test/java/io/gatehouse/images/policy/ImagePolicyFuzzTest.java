package io.gatehouse.images.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.gatehouse.images.reference.ImageReference;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Fuzzes {@link ImagePolicy#parse(String)}: any text either yields a policy or is refused with
 * {@link PolicyFileException}, in bounded time (anchors and aliases cannot expand); a policy that
 * loads evaluates images without throwing.
 *
 * <p>{@code mvn test} runs it on the seeds in {@code ImagePolicyFuzzTestInputs/parse}; {@code mvn
 * verify} also fuzzes it for a bounded time (see the failsafe executions in {@code pom.xml}).
 */
class ImagePolicyFuzzTest {
  private static final List<String> IMAGES =
      List.of(
          "nginx",
          "myacr.azurecr.io/team-a/app:1.0",
          "registry:5000/a/b:tag@sha256:" + "0123456789abcdef".repeat(4),
          "[::1]:5000/x",
          "NOT A REFERENCE");
  private static final List<NamespaceInfo> NAMESPACES =
      List.of(
          NamespaceInfo.named("default"),
          new NamespaceInfo("team-b-prod", Map.of("env", "prod", "gatehouse.io/exempt", "true")));

  @FuzzTest(maxDuration = "20s")
  @DictionaryEntries({
    "version: 1",
    "images:",
    "mode: ",
    "enforce",
    "audit",
    "trustedRegistries:",
    "requireDigest: ",
    "forbidLatest: ",
    "signatures:",
    "match: ",
    "keys:",
    "exemptNamespaces:",
    "namespaces:",
    "names: ",
    "selector: ",
    "matchLabels: ",
    "matchExpressions: ",
    "key: ",
    "operator: ",
    "values: ",
    "In",
    "NotIn",
    "Exists",
    "DoesNotExist",
    "true",
    "false",
    "- ",
    "&a ",
    "*a",
    "!!",
    "-----BEGIN PUBLIC KEY-----",
    "-----END PUBLIC KEY-----"
  })
  void parse(byte[] data) {
    String yaml = new String(data, StandardCharsets.UTF_8);
    ImagePolicy policy;
    try {
      policy = ImagePolicy.parse(yaml);
    } catch (PolicyFileException e) {
      assertThat(e.file()).isEqualTo(PolicyFileReader.STRING_SOURCE);
      assertThat(e.reason()).isNotBlank();
      return;
    }
    for (NamespaceInfo namespace : NAMESPACES) {
      PolicyDecision decision = policy.evaluate(namespace, IMAGES);
      if (!decision.exempt()) {
        assertThat(decision.violations())
            .as("an image that is not a reference violates every policy")
            .anyMatch(v -> v.rule() == PolicyRule.INVALID_REFERENCE);
      }
    }
    policy.signatureRequirements(ImageReference.parse("myacr.azurecr.io/team-a/app:1.0"));
  }
}
