package io.gatehouse.deploy.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a server's master keys come from: the environment ({@code GATEHOUSE_MASTER_KEY}, {@code
 * GATEHOUSE_MASTER_KEY_PREVIOUS}, each the base64 of 32 bytes) or key files holding the same text.
 * An error names the variable or file and what is wrong, never the key.
 */
public final class MasterKeySource {
  /** The variable holding the primary master key. */
  public static final String PRIMARY_VARIABLE = "GATEHOUSE_MASTER_KEY";

  /** The variable holding the previous master key during a rotation. */
  public static final String PREVIOUS_VARIABLE = "GATEHOUSE_MASTER_KEY_PREVIOUS";

  private static final int MAX_FILE_BYTES = 1024;

  private MasterKeySource() {}

  /**
   * The master keys named by the environment and the files; an empty answer when no primary key is
   * given.
   *
   * @throws InvalidMasterKeyException when a key is malformed, a file cannot be read, or the
   *     primary key is given twice
   */
  public static Optional<MasterKeys> load(
      Map<String, String> environment, Optional<Path> keyFile, List<Path> previousFiles) {
    Optional<String> variable =
        Optional.ofNullable(environment.get(PRIMARY_VARIABLE)).filter(v -> !v.isBlank());
    if (variable.isPresent() && keyFile.isPresent()) {
      throw new InvalidMasterKeyException(
          "give the master key either in " + PRIMARY_VARIABLE + " or as a key file, not both");
    }
    List<byte[]> previous = new ArrayList<>();
    Optional.ofNullable(environment.get(PREVIOUS_VARIABLE))
        .filter(v -> !v.isBlank())
        .ifPresent(v -> previous.add(decode(v, PREVIOUS_VARIABLE)));
    for (Path file : previousFiles) {
      previous.add(read(file));
    }
    Optional<byte[]> primary =
        variable.map(v -> decode(v, PRIMARY_VARIABLE)).or(() -> keyFile.map(MasterKeySource::read));
    if (primary.isEmpty()) {
      if (!previous.isEmpty()) {
        throw new InvalidMasterKeyException("a previous master key is given without a primary one");
      }
      return Optional.empty();
    }
    try {
      return Optional.of(MasterKeys.of(primary.get(), previous));
    } catch (IllegalArgumentException e) {
      throw new InvalidMasterKeyException(e.getMessage());
    }
  }

  /**
   * The key in {@code file}, made with a fresh random key (readable by its owner only) when the
   * file does not exist yet: the embedded database's default.
   */
  public static MasterKeys readOrCreate(Path file, SecureRandom random) {
    if (!Files.exists(file)) {
      byte[] key = MasterKeys.generate(random);
      String text = Base64.getEncoder().encodeToString(key) + "\n";
      try {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, text, StandardCharsets.US_ASCII);
      } catch (FileAlreadyExistsException e) {
        // Another process made it first: use that one.
      } catch (UnsupportedOperationException | IOException e) {
        throw new InvalidMasterKeyException("cannot create the master key file " + file + ": " + e);
      }
    }
    return MasterKeys.of(read(file), List.of());
  }

  private static byte[] read(Path file) {
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new InvalidMasterKeyException(
            "the master key file " + file + " is too large to hold a key");
      }
      return decode(Files.readString(file, StandardCharsets.US_ASCII), "the file " + file);
    } catch (IOException e) {
      throw new InvalidMasterKeyException("cannot read the master key file " + file + ": " + e);
    }
  }

  private static byte[] decode(String text, String where) {
    String trimmed = text.strip();
    byte[] key;
    try {
      key =
          trimmed.indexOf('-') >= 0 || trimmed.indexOf('_') >= 0
              ? Base64.getUrlDecoder().decode(trimmed)
              : Base64.getDecoder().decode(trimmed);
    } catch (IllegalArgumentException e) {
      throw new InvalidMasterKeyException(
          where + " must hold a master key as base64 (e.g. from 'openssl rand -base64 32')");
    }
    if (key.length != MasterKeys.KEY_BYTES) {
      throw new InvalidMasterKeyException(
          where
              + " must hold "
              + MasterKeys.KEY_BYTES
              + " bytes (256 bits) in base64, not "
              + key.length
              + " bytes");
    }
    return key;
  }
}
