package io.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.images.registry.Manifest;
import io.gatehouse.images.registry.RegistryClient;
import io.gatehouse.testing.OciRegistryServer;
import io.gatehouse.testing.TestImages;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code keygen}, {@code sign} and {@code verify} against a real OCI registry. */
class SigningIT {
  private static final AtomicInteger REPOSITORIES = new AtomicInteger();
  private static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";
  private static final Map<String, String> PASSPHRASE =
      Map.of(Passphrases.VARIABLE, "release passphrase");

  @TempDir Path dir;

  private final String host = OciRegistryServer.shared().address();
  private final String repository = "cli/app-" + REPOSITORIES.incrementAndGet();
  private final RegistryClient client = RegistryClient.create();
  private String releaseKey;
  private String releasePub;
  private String otherPub;

  @BeforeEach
  void generateKeys() {
    releaseKey = keygen("release") + ".key";
    releasePub = dir.resolve("release.pub").toString();
    keygen("other");
    otherPub = dir.resolve("other.pub").toString();
  }

  @AfterEach
  void closeClient() {
    client.close();
  }

  private String keygen(String name) {
    String prefix = dir.resolve(name).toString();
    CommandRun run =
        CommandRun.run(PASSPHRASE, new FakeTerminal(), "keygen", "--output-prefix", prefix);
    assertThat(run.exitCode()).as(run.toString()).isZero();
    return prefix;
  }

  private String push(String tag) {
    return TestImages.push(host, repository, tag, repository + ":" + tag);
  }

  private CommandRun sign(String... images) {
    String[] args = new String[images.length + 3];
    args[0] = "sign";
    args[1] = "--key";
    args[2] = releaseKey;
    System.arraycopy(images, 0, args, 3, images.length);
    return CommandRun.run(PASSPHRASE, new FakeTerminal(), args);
  }

  private static CommandRun verify(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "verify";
    System.arraycopy(args, 0, all, 1, args.length);
    return CommandRun.run(all);
  }

  @Test
  void keygenSignVerify_tagAndDigest_areSignedAndVerified() {
    String first = push("v1");
    String second = push("v2");
    String image = host + "/" + repository;

    CommandRun signed = sign(image + ":v1", image + "@" + second);
    CommandRun verified = verify("--key", releasePub, image + ":v1", image + "@" + second);

    assertThat(signed.exitCode()).as(signed.toString()).isZero();
    assertThat(signed.out().lines().toList())
        .containsExactly(
            "signed " + image + "@" + first + " -> " + first.replace(':', '-') + ".sig",
            "signed " + image + "@" + second + " -> " + second.replace(':', '-') + ".sig");
    assertThat(verified.exitCode()).as(verified.toString()).isZero();
    assertThat(verified.out().lines().toList())
        .containsExactly(
            "verified " + image + "@" + first + " by " + releasePub,
            "verified " + image + "@" + second + " by " + releasePub);
  }

  @Test
  void verify_severalKeys_acceptsASignatureByAnyOfThem() {
    push("v1");
    String image = host + "/" + repository + ":v1";
    assertThat(sign(image).exitCode()).isZero();

    CommandRun run = verify("--key", otherPub, "--key", releasePub, image);

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("by " + releasePub);
  }

  @Test
  void verify_wrongKey_exits1WithTheReason() {
    String digest = push("v1");
    String image = host + "/" + repository + ":v1";
    assertThat(sign(image).exitCode()).isZero();

    CommandRun run = verify("--key", otherPub, image);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out().lines().toList())
        .containsExactly(
            "NOT verified " + host + "/" + repository + "@" + digest,
            "  signature 0: not-signed-by-trusted-key (no trusted key verifies the signature)");
  }

  @Test
  void verify_unsignedImage_exits1() {
    push("v1");

    CommandRun run = verify("--key", releasePub, host + "/" + repository + ":v1");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).contains("NOT verified").contains("no-signatures");
  }

  @Test
  void verify_tamperedSignature_exits1() throws Exception {
    String digest = push("v1");
    String image = host + "/" + repository + ":v1";
    assertThat(sign(image).exitCode()).isZero();
    tamperWithSignature(digest);

    CommandRun run = verify("--key", releasePub, image);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).contains("NOT verified").contains("signature 0: ");
  }

  @Test
  void verify_jsonOutput_reportsEachImage() throws Exception {
    String digest = push("v1");
    push("unsigned");
    String image = host + "/" + repository;
    assertThat(sign(image + ":v1").exitCode()).isZero();

    CommandRun run =
        verify(
            "--key",
            releasePub,
            "--output",
            "json",
            image + ":v1",
            image + ":unsigned",
            image + ":missing");

    assertThat(run.exitCode()).isEqualTo(1);
    JsonNode report = new ObjectMapper().readTree(run.out());
    assertThat(report.path("verified").asBoolean(true)).isFalse();
    JsonNode images = report.path("images");
    assertThat(images).hasSize(3);
    assertThat(images.get(0).path("verified").asBoolean()).isTrue();
    assertThat(images.get(0).path("digest").asText()).isEqualTo(digest);
    assertThat(images.get(0).path("verifiedBy").asText()).isEqualTo(releasePub);
    assertThat(images.get(1).path("verified").asBoolean(true)).isFalse();
    assertThat(images.get(1).path("findings").get(0).path("problem").asText())
        .isEqualTo("no-signatures");
    assertThat(images.get(2).path("error").asText()).startsWith("not found: ");
  }

  @Test
  void sign_missingImage_exits1AndSignsTheOthers() {
    push("v1");
    String image = host + "/" + repository;

    CommandRun run = sign(image + ":missing", image + ":v1");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().strip())
        .startsWith("gatehouse sign: cannot sign " + image + ":missing: not found: ");
    assertThat(run.out()).startsWith("signed " + image + "@sha256:");
  }

  /** Flips one bit of the stored signature, as an attacker with push access could. */
  private void tamperWithSignature(String digest) throws Exception {
    String tag = digest.replace(':', '-') + ".sig";
    Manifest manifest = client.getManifest(host, repository, tag).orElseThrow();
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = (ObjectNode) json.readTree(manifest.content());
    ObjectNode annotations = (ObjectNode) root.path("layers").get(0).path("annotations");
    byte[] signature = Base64.getDecoder().decode(annotations.path(SIGNATURE_ANNOTATION).asText());
    signature[signature.length - 5] ^= 0x01;
    annotations.put(SIGNATURE_ANNOTATION, Base64.getEncoder().encodeToString(signature));
    client.putManifest(host, repository, tag, Manifest.OCI_MANIFEST, json.writeValueAsBytes(root));
  }
}
