package io.gatehouse.dast.checks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The bundled word list of common JWT HMAC secrets ({@code jwt-secrets.txt}: defaults of
 * frameworks, tutorials and libraries, and common passwords) and the offline test of a token
 * against it.
 */
final class JwtSecrets {
  private static final Map<String, String> MACS =
      Map.of("HS256", "HmacSHA256", "HS384", "HmacSHA384", "HS512", "HmacSHA512");
  private static final List<String> WORDS = load();

  private JwtSecrets() {}

  /** The secrets of the list, in order. */
  static List<String> words() {
    return WORDS;
  }

  /** The word-list secret {@code token} is signed with, when it is HMAC-signed with one. */
  static Optional<String> crack(String token) {
    String macName = MACS.get(JwtCheck.algorithm(token));
    int lastDot = token.lastIndexOf('.');
    if (macName == null || lastDot <= 0) {
      return Optional.empty();
    }
    byte[] signature;
    try {
      signature = Base64.getUrlDecoder().decode(token.substring(lastDot + 1));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    byte[] signed = token.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII);
    try {
      Mac mac = Mac.getInstance(macName);
      for (String word : WORDS) {
        mac.init(new SecretKeySpec(word.getBytes(StandardCharsets.UTF_8), macName));
        if (MessageDigest.isEqual(mac.doFinal(signed), signature)) {
          return Optional.of(word);
        }
      }
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA2 is always available", e);
    }
    return Optional.empty();
  }

  private static List<String> load() {
    List<String> words = new ArrayList<>();
    try (InputStream in = JwtSecrets.class.getResourceAsStream("jwt-secrets.txt");
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (!line.isEmpty() && !line.startsWith("#")) {
          words.add(line);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("the bundled jwt-secrets.txt cannot be read", e);
    }
    return List.copyOf(words);
  }
}
