package io.gatehouse.dast.checks;

import java.util.concurrent.ThreadLocalRandom;

/** Unique markers for payloads: lower-case letters and digits, never found in a page by chance. */
final class Markers {
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

  private Markers() {}

  /** {@code gh} and 8 random letters or digits. */
  static String next() {
    StringBuilder marker = new StringBuilder("gh");
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < 8; i++) {
      marker.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return marker.toString();
  }

  /** {@code text} cut to at most {@code max} characters. */
  static String clip(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max);
  }

  /** A random number in [{@code from}, {@code to}). */
  static int number(int from, int to) {
    return ThreadLocalRandom.current().nextInt(from, to);
  }
}
