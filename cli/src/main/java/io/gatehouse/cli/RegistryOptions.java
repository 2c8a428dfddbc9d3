package io.gatehouse.cli;

import io.gatehouse.images.reference.ImageReference;
import io.gatehouse.images.reference.InvalidImageReferenceException;
import io.gatehouse.images.registry.RegistryClient;
import io.gatehouse.images.registry.RegistryCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The registry options that {@code sign} and {@code verify} share, and the images they name. */
final class RegistryOptions {
  @Option(
      names = "--registry-auth",
      paramLabel = "FILE",
      description =
          "Registry credentials as a .dockerconfigjson file (for example ~/.docker/config.json"
              + " without a credential helper); without it, registries are used anonymously.")
  Path registryAuth;

  @Option(
      names = "--insecure-registry",
      paramLabel = "HOST[:PORT]",
      description = "A registry reached over plain HTTP; repeatable. Loopback always is.")
  List<String> insecureRegistries = new ArrayList<>();

  /**
   * A registry client with these options; a credentials file that is not a file is a usage error.
   */
  RegistryClient client(CommandLine commandLine) {
    RegistryCredentials credentials = RegistryCredentials.none();
    if (registryAuth != null) {
      if (!Files.isRegularFile(registryAuth)) {
        throw new ParameterException(
            commandLine,
            "Invalid value for option '--registry-auth': " + registryAuth + " is not a file");
      }
      credentials = RegistryCredentials.fromDockerConfigJson(registryAuth);
    }
    return RegistryClient.builder()
        .credentials(credentials)
        .insecureRegistries(insecureRegistries)
        .build();
  }

  /** Parses the IMAGE arguments, all of them before any registry is asked. */
  static List<ImageReference> images(CommandLine commandLine, List<String> texts) {
    List<ImageReference> images = new ArrayList<>(texts.size());
    for (String text : texts) {
      try {
        images.add(ImageReference.parse(text));
      } catch (InvalidImageReferenceException e) {
        throw new ParameterException(commandLine, "Invalid value for IMAGE: " + e.getMessage());
      }
    }
    return images;
  }

  /** The tag or digest to ask the registry for: the digest when one was written. */
  static String reference(ImageReference image) {
    return image.digest().map(Object::toString).orElseGet(() -> image.effectiveTag().orElseThrow());
  }
}
