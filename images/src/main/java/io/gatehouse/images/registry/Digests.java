package io.gatehouse.images.registry;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Content digests: {@code sha256:<64 hex>} and {@code sha512:<128 hex>}. */
final class Digests {
  private static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128}");

  private Digests() {}

  static boolean isValid(String digest) {
    return DIGEST.matcher(digest).matches();
  }

  static String sha256(byte[] content) {
    return compute("sha256", content);
  }

  /** Hashes {@code content} with the algorithm {@code digest} names. */
  static String computeLike(String digest, byte[] content) {
    return compute(digest.substring(0, digest.indexOf(':')), content);
  }

  private static String compute(String algorithm, byte[] content) {
    String jca = algorithm.equals("sha512") ? "SHA-512" : "SHA-256";
    try {
      MessageDigest md = MessageDigest.getInstance(jca);
      return algorithm + ":" + HexFormat.of().formatHex(md.digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks " + jca, e);
    }
  }
}
