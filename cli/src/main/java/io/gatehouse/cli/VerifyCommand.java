package io.gatehouse.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.images.reference.ImageReference;
import io.gatehouse.images.registry.RegistryClient;
import io.gatehouse.images.registry.RegistryException;
import io.gatehouse.images.signature.SignatureVerifier;
import io.gatehouse.images.signature.TrustedKey;
import io.gatehouse.images.signature.VerificationResult;
import io.gatehouse.images.signature.VerificationResult.Finding;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gatehouse verify}: checks that images carry a valid signature by a trusted key. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    versionProvider = Gatehouse.Version.class,
    description = {
      "Verifies that each image carries a valid signature by one of the given public keys.",
      "",
      "A tag is resolved to the digest it names now, and the signatures of that digest are"
          + " checked: a signature counts when a trusted key verifies it and it names exactly"
          + " this digest and repository. Signatures by 'gatehouse sign' and 'cosign sign --key'"
          + " are both understood. Nothing is written to the registry.",
      "See docs/signing.md."
    },
    footer = {
      "",
      "Output (text): per image, 'verified NAME@DIGEST by KEY', or 'NOT verified NAME...' followed"
          + " by one indented line per reason. --output json prints one JSON document instead.",
      "",
      "Exit codes: 0 every image verified, 1 an image not verified or not reachable, or a key"
          + " file unusable, 2 bad command line."
    })
final class VerifyCommand implements Callable<Integer> {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Spec CommandSpec spec;

  @Option(
      names = "--key",
      paramLabel = "FILE",
      required = true,
      description =
          "A trusted public key (PEM: PREFIX.pub of gatehouse keygen, or a cosign.pub);"
              + " repeatable, a signature by any one of them counts.")
  List<Path> keys;

  @Mixin RegistryOptions registry;

  @Option(
      names = "--output",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text or json (default: ${DEFAULT-VALUE}).")
  OutputFormat output;

  @Mixin Verbosity verbosity;

  @Parameters(
      paramLabel = "IMAGE",
      arity = "1..*",
      description = "Images to verify, by tag or digest.")
  List<String> imageTexts;

  /** What was found out about one image. */
  private record Outcome(
      String input,
      ImageReference image,
      Optional<VerificationResult> result,
      Optional<String> error) {
    boolean verified() {
      return result.map(VerificationResult::verified).orElse(false);
    }
  }

  @Override
  public Integer call() throws JsonProcessingException {
    List<ImageReference> images = RegistryOptions.images(spec.commandLine(), imageTexts);
    List<TrustedKey> trusted = keys.stream().map(KeyFiles::readPublicKey).toList();
    List<Outcome> outcomes = new ArrayList<>(images.size());
    try (RegistryClient client = registry.client(spec.commandLine())) {
      SignatureVerifier verifier = SignatureVerifier.create(client, trusted);
      for (int i = 0; i < images.size(); i++) {
        outcomes.add(verify(verifier, imageTexts.get(i), images.get(i)));
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    if (output == OutputFormat.JSON) {
      out.println(JSON.writeValueAsString(json(outcomes)));
    } else {
      outcomes.forEach(outcome -> printText(out, outcome));
    }
    out.flush();
    return outcomes.stream().allMatch(Outcome::verified) ? 0 : Gatehouse.EXIT_FAILURE;
  }

  private static Outcome verify(SignatureVerifier verifier, String input, ImageReference image) {
    try {
      VerificationResult result =
          verifier.verify(image.registry(), image.repository(), RegistryOptions.reference(image));
      return new Outcome(input, image, Optional.of(result), Optional.empty());
    } catch (RegistryException e) {
      return new Outcome(input, image, Optional.empty(), Optional.of(e.getMessage()));
    }
  }

  private static void printText(PrintWriter out, Outcome outcome) {
    if (outcome.error().isPresent()) {
      out.println("NOT verified " + outcome.image() + ": " + outcome.error().get());
      return;
    }
    VerificationResult result = outcome.result().orElseThrow();
    String name = outcome.image().name() + "@" + result.imageDigest();
    if (result.verified()) {
      out.println("verified " + name + " by " + result.verifiedBy().orElseThrow());
      return;
    }
    out.println("NOT verified " + name);
    for (Finding finding : result.findings()) {
      out.println("  " + describe(finding));
    }
  }

  private static String describe(Finding finding) {
    String where = finding.layer() < 0 ? "" : "signature " + finding.layer() + ": ";
    return where + problemId(finding) + " (" + finding.detail() + ")";
  }

  private static String problemId(Finding finding) {
    return finding.problem().name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static ObjectNode json(List<Outcome> outcomes) {
    ObjectNode root = JSON.createObjectNode();
    root.put("verified", outcomes.stream().allMatch(Outcome::verified));
    ArrayNode images = root.putArray("images");
    for (Outcome outcome : outcomes) {
      ObjectNode image = images.addObject();
      image.put("image", outcome.input());
      image.put("name", outcome.image().name());
      image.put("verified", outcome.verified());
      outcome.error().ifPresent(error -> image.put("error", error));
      outcome.result().ifPresent(result -> putResult(image, result));
    }
    return root;
  }

  private static void putResult(ObjectNode image, VerificationResult result) {
    image.put("digest", result.imageDigest());
    result.verifiedBy().ifPresent(key -> image.put("verifiedBy", key));
    ArrayNode findings = image.putArray("findings");
    for (Finding finding : result.findings()) {
      ObjectNode node = findings.addObject();
      node.put("signature", finding.layer());
      node.put("problem", problemId(finding));
      node.put("detail", finding.detail());
    }
  }
}
