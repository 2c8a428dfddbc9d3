package io.gatehouse.cli;

import io.gatehouse.images.signature.KeyPairs;
import io.gatehouse.images.signature.TrustedKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.util.Arrays;

/** Reads and writes the PEM key files of {@code keygen}, {@code sign} and {@code verify}. */
final class KeyFiles {
  /** Larger than any PEM key; a bigger file is not a key. */
  static final int MAX_KEY_FILE_BYTES = 64 * 1024;

  private KeyFiles() {}

  /** Decrypts the private key read from {@code file}, and then clears the passphrase. */
  static PrivateKey decryptPrivateKey(Path file, String pem, char[] passphrase) {
    try {
      return KeyPairs.readPrivateKey(file.toString(), pem, passphrase);
    } finally {
      Arrays.fill(passphrase, '\0');
    }
  }

  /** Reads a public key file, named in results by the path as given. */
  static TrustedKey readPublicKey(Path file) {
    return new TrustedKey(file.toString(), KeyPairs.readPublicKey(file.toString(), read(file)));
  }

  /**
   * Writes {@code content} to {@code file}, readable and writable by its owner only where the file
   * system has POSIX permissions. The file never exists with wider permissions, not even briefly.
   *
   * @param replace whether an existing file is replaced; otherwise an existing file is an error
   */
  static void writePrivate(Path file, String content, boolean replace) {
    write(file, content, replace, ownerOnly());
  }

  /** Writes {@code content} to {@code file} with the default permissions. */
  static void writePublic(Path file, String content, boolean replace) {
    write(file, content, replace, new FileAttribute<?>[0]);
  }

  private static void write(
      Path file, String content, boolean replace, FileAttribute<?>[] attributes) {
    byte[] bytes = content.getBytes(StandardCharsets.US_ASCII);
    try {
      if (!replace) {
        Files.write(
            Files.createFile(file, attributes), bytes, StandardOpenOption.TRUNCATE_EXISTING);
        return;
      }
      Path directory = file.toAbsolutePath().getParent();
      Path temporary = Files.createTempFile(directory, ".gatehouse-key-", ".tmp", attributes);
      try {
        Files.write(temporary, bytes);
        Files.move(
            temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(temporary);
      }
    } catch (FileAlreadyExistsException e) {
      throw new KeyFileException(file + " already exists; use --force to replace it", e);
    } catch (IOException e) {
      throw new KeyFileException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static FileAttribute<?>[] ownerOnly() {
    if (!posix()) {
      return new FileAttribute<?>[0];
    }
    return new FileAttribute<?>[] {
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
    };
  }

  /** Reads a key file of at most {@link #MAX_KEY_FILE_BYTES}. */
  static String read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(MAX_KEY_FILE_BYTES + 1);
      if (bytes.length > MAX_KEY_FILE_BYTES) {
        throw new KeyFileException(
            file + " is larger than " + MAX_KEY_FILE_BYTES + " bytes; it is not a key file");
      }
      return new String(bytes, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      throw new KeyFileException("key file " + file + " does not exist", e);
    } catch (IOException e) {
      throw new KeyFileException("cannot read key file " + file + ": " + e.getMessage(), e);
    }
  }

  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }
}
