package io.gatehouse.images.reference;

/**
 * A content digest such as {@code sha256:<64 hex>}: the algorithm and its lower-case hex value.
 *
 * <p>Accepted algorithms are those a registry resolves: {@code sha256} (64 hex characters), {@code
 * sha384} (96) and {@code sha512} (128). The hex must be lower case, as in the OCI image
 * specification.
 *
 * @param algorithm {@code sha256}, {@code sha384} or {@code sha512}
 * @param hex the encoded value, lower-case hex of the length the algorithm fixes
 */
public record Digest(String algorithm, String hex) {
  /** Validates the algorithm and the hex; see {@link #parse(String)} for the rules. */
  public Digest {
    if (algorithm == null || hex == null) {
      throw new InvalidImageReferenceException(
          algorithm + ":" + hex, "invalid digest: algorithm and hex are required");
    }
    String text = algorithm + ":" + hex;
    checkFormat(text, algorithm.length());
    checkRegistered(text, algorithm, hex);
  }

  /**
   * Parses {@code algorithm:hex}.
   *
   * @throws InvalidImageReferenceException if the text is not a digest of a supported algorithm
   *     with lower-case hex of the right length
   */
  public static Digest parse(String text) {
    if (text.length() > ReferenceParser.MAX_INPUT_LENGTH) {
      throw new InvalidImageReferenceException(text, "invalid digest: too long");
    }
    int colon = text.indexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new InvalidImageReferenceException(
          text, "invalid digest format: expected algorithm:hex");
    }
    return new Digest(text.substring(0, colon), text.substring(colon + 1));
  }

  /** The digest as {@code algorithm:hex}. */
  @Override
  public String toString() {
    return algorithm + ":" + hex;
  }

  /**
   * The grammar of the reference library: algorithm components {@code [A-Za-z][A-Za-z0-9]*} joined
   * by one of {@code -_+.}, a colon, then at least 32 hex digits of either case.
   */
  private static void checkFormat(String text, int colon) {
    boolean componentStart = true;
    for (int i = 0; i < colon; i++) {
      char c = text.charAt(i);
      if (componentStart) {
        if (!isAsciiLetter(c)) {
          throw new InvalidImageReferenceException(text, "invalid digest format: bad algorithm");
        }
        componentStart = false;
      } else if (c == '-' || c == '_' || c == '+' || c == '.') {
        componentStart = true;
      } else if (!isAsciiLetter(c) && !(c >= '0' && c <= '9')) {
        throw new InvalidImageReferenceException(text, "invalid digest format: bad algorithm");
      }
    }
    if (componentStart) {
      throw new InvalidImageReferenceException(text, "invalid digest format: bad algorithm");
    }
    int hexLength = text.length() - colon - 1;
    for (int i = colon + 1; i < text.length(); i++) {
      if (!isHex(text.charAt(i))) {
        throw new InvalidImageReferenceException(text, "invalid digest format: hex expected");
      }
    }
    if (hexLength < 32) {
      throw new InvalidImageReferenceException(
          text, "invalid digest format: at least 32 hex characters required");
    }
  }

  private static void checkRegistered(String text, String algorithm, String hex) {
    int expected =
        switch (algorithm) {
          case "sha256" -> 64;
          case "sha384" -> 96;
          case "sha512" -> 128;
          default ->
              throw new InvalidImageReferenceException(
                  text, "unsupported digest algorithm (expected sha256, sha384 or sha512)");
        };
    if (hex.length() != expected) {
      throw new InvalidImageReferenceException(
          text, "invalid digest: " + algorithm + " requires " + expected + " hex characters");
    }
    for (int i = 0; i < hex.length(); i++) {
      char c = hex.charAt(i);
      if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
        throw new InvalidImageReferenceException(text, "invalid digest: hex must be lower case");
      }
    }
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
