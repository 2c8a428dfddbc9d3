package io.gatehouse.cli;

import io.gatehouse.images.signature.KeyPairs;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code gatehouse keygen}: a new image signing key pair. */
@Command(
    name = "keygen",
    mixinStandardHelpOptions = true,
    versionProvider = Gatehouse.Version.class,
    description = {
      "Generates an ECDSA P-256 key pair for signing images.",
      "",
      "Writes PREFIX.key, the private key encrypted with a passphrase (PKCS#8 PEM, readable by its"
          + " owner only), and PREFIX.pub, the public key (PEM, the format cosign verify --key"
          + " reads). The passphrase is taken from GATEHOUSE_KEY_PASSPHRASE if it is set, and"
          + " otherwise asked for twice on the terminal; it cannot be empty. Existing files are"
          + " not replaced without --force.",
      "See docs/signing.md."
    },
    footer = {
      "",
      "Environment:",
      "  GATEHOUSE_KEY_PASSPHRASE  passphrase for the new private key (for CI; otherwise asked)",
      "",
      "Exit codes: 0 key pair written, 1 nothing written (no passphrase, file exists, I/O error),"
          + " 2 bad command line."
    })
final class KeygenCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--output-prefix",
      paramLabel = "PATH",
      defaultValue = "cosign",
      description =
          "Where to write: PATH.key and PATH.pub; the directory must exist (default:"
              + " ./${DEFAULT-VALUE}).")
  Path prefix;

  @Option(names = "--force", description = "Replace PATH.key and PATH.pub if they exist.")
  boolean force;

  private final CommandEnvironment environment;

  KeygenCommand() {
    this(CommandEnvironment.system());
  }

  KeygenCommand(CommandEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    Path privateFile = sibling(".key");
    Path publicFile = sibling(".pub");
    checkTargets(privateFile, publicFile);
    char[] passphrase = Passphrases.forNewKey(environment, privateFile);
    KeyPair pair = KeyPairs.generate();
    String privatePem;
    try {
      privatePem = KeyPairs.privateKeyPem(pair.getPrivate(), passphrase);
    } finally {
      Arrays.fill(passphrase, '\0');
    }
    KeyFiles.writePrivate(privateFile, privatePem, force);
    try {
      KeyFiles.writePublic(publicFile, KeyPairs.publicKeyPem(pair.getPublic()), force);
    } catch (KeyFileException e) {
      deleteQuietly(privateFile);
      throw e;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("private key written to " + privateFile + " (encrypted; keep it secret)");
    out.println("public key written to " + publicFile);
    out.flush();
    return 0;
  }

  private Path sibling(String extension) {
    Path name = prefix.getFileName();
    if (name == null || name.toString().isEmpty()) {
      throw new ParameterException(
          spec.commandLine(),
          "Invalid value for option '--output-prefix': '" + prefix + "' names no file");
    }
    return prefix.resolveSibling(name + extension);
  }

  private void checkTargets(Path privateFile, Path publicFile) {
    Path directory = privateFile.toAbsolutePath().getParent();
    if (directory != null && !Files.isDirectory(directory)) {
      throw new KeyFileException("directory " + directory + " does not exist; create it first");
    }
    if (force) {
      return;
    }
    for (Path file : new Path[] {privateFile, publicFile}) {
      if (Files.exists(file)) {
        throw new KeyFileException(
            file + " already exists; use --force to replace it (nothing was written)");
      }
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // The write error that led here is the one to report.
    }
  }
}
