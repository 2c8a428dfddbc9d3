package io.gatehouse.deploy.keys;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The master keys (key-encryption keys) of an installation: the primary key, which wraps every new
 * data key, and previous keys, which still open data wrapped before a rotation. Each is a 256-bit
 * AES key named by its fingerprint. The key bytes never leave this class.
 */
public final class MasterKeys {
  /** The length of a master key in bytes. */
  public static final int KEY_BYTES = 32;

  private static final int FINGERPRINT_BYTES = 8;
  private static volatile MasterKeys processKeys;

  private final String primary;
  private final Map<String, SecretKey> byFingerprint;

  private MasterKeys(String primary, Map<String, SecretKey> byFingerprint) {
    this.primary = primary;
    this.byFingerprint = byFingerprint;
  }

  /**
   * Master keys from raw key bytes.
   *
   * @throws IllegalArgumentException when a key is not {@value #KEY_BYTES} bytes, or a previous key
   *     repeats the primary or another previous key
   */
  public static MasterKeys of(byte[] primary, List<byte[]> previous) {
    Map<String, SecretKey> keys = new LinkedHashMap<>();
    String primaryFingerprint = add(keys, primary, "the master key");
    for (byte[] key : previous) {
      add(keys, key, "a previous master key");
    }
    return new MasterKeys(primaryFingerprint, Map.copyOf(keys));
  }

  /**
   * One random key made the first time this is called and kept for the life of this process: for a
   * server built in code without configured keys (tests, embedding). Data it seals cannot be read
   * by another process.
   */
  public static MasterKeys forThisProcess() {
    MasterKeys keys = processKeys;
    if (keys == null) {
      synchronized (MasterKeys.class) {
        keys = processKeys;
        if (keys == null) {
          keys = of(generate(new SecureRandom()), List.of());
          processKeys = keys;
        }
      }
    }
    return keys;
  }

  /** A fresh random master key. */
  public static byte[] generate(SecureRandom random) {
    byte[] key = new byte[KEY_BYTES];
    random.nextBytes(key);
    return key;
  }

  /** The fingerprint of the primary key: 16 hex characters of the SHA-256 of the key. */
  public String primaryFingerprint() {
    return primary;
  }

  /** The fingerprints of every key, the primary first. */
  public List<String> fingerprints() {
    List<String> all = new ArrayList<>();
    all.add(primary);
    byFingerprint.keySet().stream().filter(f -> !f.equals(primary)).sorted().forEach(all::add);
    return List.copyOf(all);
  }

  SecretKey primaryKey() {
    return byFingerprint.get(primary);
  }

  Optional<SecretKey> key(String fingerprint) {
    return Optional.ofNullable(byFingerprint.get(fingerprint));
  }

  /** The fingerprint of a key: 16 hex characters of its SHA-256. */
  static String fingerprint(byte[] key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
      return HexFormat.of().formatHex(digest, 0, FINGERPRINT_BYTES);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  private static String add(Map<String, SecretKey> keys, byte[] key, String what) {
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException(
          what + " must be " + KEY_BYTES + " bytes (256 bits), not " + key.length);
    }
    String fingerprint = fingerprint(key);
    if (keys.containsKey(fingerprint)) {
      throw new IllegalArgumentException(what + " (" + fingerprint + ") is given twice");
    }
    keys.put(fingerprint, new SecretKeySpec(Arrays.copyOf(key, key.length), "AES"));
    return fingerprint;
  }

  @Override
  public String toString() {
    return "MasterKeys" + fingerprints();
  }
}
