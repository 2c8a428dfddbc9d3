package io.gatehouse.cli;

import io.gatehouse.images.reference.ImageReference;
import io.gatehouse.images.registry.RegistryClient;
import io.gatehouse.images.registry.RegistryException;
import io.gatehouse.images.signature.ImageSigner;
import io.gatehouse.images.signature.SignedImage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gatehouse sign}: signs images in their registry, as {@code cosign sign --key} does. */
@Command(
    name = "sign",
    mixinStandardHelpOptions = true,
    versionProvider = Gatehouse.Version.class,
    description = {
      "Signs container images with a private key from 'gatehouse keygen'.",
      "",
      "A tag is resolved to the digest it names now, and that digest is signed. The signature is"
          + " stored in the image's repository as a cosign signature (tag sha256-<hex>.sig), so"
          + " 'gatehouse verify', the admission webhook and 'cosign verify --key' accept it."
          + " Signing needs push access to the repository. The key's passphrase is taken from"
          + " GATEHOUSE_KEY_PASSPHRASE if it is set, and otherwise asked for on the terminal.",
      "See docs/signing.md."
    },
    footer = {
      "",
      "Output: one line per image, 'signed REGISTRY/REPOSITORY@DIGEST -> SIGNATURE-TAG'.",
      "",
      "Environment:",
      "  GATEHOUSE_KEY_PASSPHRASE  passphrase of the private key (for CI; otherwise asked)",
      "",
      "Exit codes: 0 every image signed, 1 a key problem or an image not signed (the others still"
          + " are), 2 bad command line."
    })
final class SignCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--key",
      paramLabel = "FILE",
      required = true,
      description = "The encrypted private key (PREFIX.key of gatehouse keygen).")
  Path key;

  @Mixin RegistryOptions registry;

  @Mixin Verbosity verbosity;

  @Parameters(
      paramLabel = "IMAGE",
      arity = "1..*",
      description = "Images to sign, by tag or digest: registry.example.com/team/app:1.4.2.")
  List<String> imageTexts;

  private final CommandEnvironment environment;

  SignCommand() {
    this(CommandEnvironment.system());
  }

  SignCommand(CommandEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    List<ImageReference> images = RegistryOptions.images(spec.commandLine(), imageTexts);
    String pem = KeyFiles.read(key);
    PrivateKey privateKey =
        KeyFiles.decryptPrivateKey(key, pem, Passphrases.forExistingKey(environment, key));
    int failures = 0;
    try (RegistryClient client = registry.client(spec.commandLine())) {
      ImageSigner signer = ImageSigner.create(client, privateKey);
      for (ImageReference image : images) {
        failures += sign(signer, image) ? 0 : 1;
      }
    }
    return failures == 0 ? 0 : Gatehouse.EXIT_FAILURE;
  }

  private boolean sign(ImageSigner signer, ImageReference image) {
    try {
      SignedImage signed =
          signer.sign(image.registry(), image.repository(), RegistryOptions.reference(image));
      PrintWriter out = spec.commandLine().getOut();
      out.println(
          "signed " + image.name() + "@" + signed.imageDigest() + " -> " + signed.signatureTag());
      out.flush();
      return true;
    } catch (RegistryException e) {
      PrintWriter err = spec.commandLine().getErr();
      err.println(spec.qualifiedName() + ": cannot sign " + image + ": " + e.getMessage());
      err.flush();
      return false;
    }
  }
}
