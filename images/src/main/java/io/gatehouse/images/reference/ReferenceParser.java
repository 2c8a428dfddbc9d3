package io.gatehouse.images.reference;

import java.util.Locale;
import java.util.Optional;

/**
 * A hand-written parser for the reference grammar of github.com/distribution/reference with the
 * normalisation of its {@code ParseNormalizedNamed}. It runs in one linear pass per part and uses
 * no regular expressions, so no input can make it backtrack.
 *
 * <pre>
 * reference        := name [ ":" tag ] [ "@" digest ]
 * name             := [domain '/'] path
 * domain           := host [':' port-number]
 * host             := domain-name | '[' [a-fA-F0-9:]+ ']'
 * domain-name      := domain-component ['.' domain-component]*
 * domain-component := [a-zA-Z0-9] | [a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]
 * port-number      := [0-9]+
 * path             := path-component ['/' path-component]*
 * path-component   := [a-z0-9]+ [separator [a-z0-9]+]*
 * separator        := '.' | '_' | '__' | '-'+
 * tag              := [\w][\w.-]{0,127}
 * </pre>
 *
 * <p>One deliberate difference: when the text before the first {@code /} looks like a domain (it
 * holds a {@code .} or {@code :}) but is not a valid one, the library may fall back to reading it
 * as a path component and return a name without any domain (for example {@code a_b.c/d}). Such a
 * name has no registry to pull from, so it is refused here as an invalid domain.
 */
final class ReferenceParser {
  static final int MAX_INPUT_LENGTH = 4096;
  static final int MAX_PATH_LENGTH = 255;
  static final int MAX_TAG_LENGTH = 128;
  static final String DEFAULT_DOMAIN = "docker.io";
  static final String DEFAULT_TAG = "latest";
  private static final String LEGACY_DEFAULT_DOMAIN = "index.docker.io";
  private static final String OFFICIAL_REPOSITORY_PREFIX = "library/";
  private static final String LOCALHOST = "localhost";

  private ReferenceParser() {}

  static ImageReference parse(String input) {
    checkCharacters(input);
    if (isIdentifier(input)) {
      throw new InvalidImageReferenceException(
          input, "repository name cannot be a 64-character hexadecimal identifier");
    }
    String domain;
    String remainder;
    int slash = input.indexOf('/');
    if (slash < 0) {
      domain = DEFAULT_DOMAIN;
      remainder = OFFICIAL_REPOSITORY_PREFIX + input;
    } else {
      String maybeDomain = input.substring(0, slash);
      if (looksLikeDomain(maybeDomain)) {
        domain = maybeDomain.equals(LEGACY_DEFAULT_DOMAIN) ? DEFAULT_DOMAIN : maybeDomain;
        remainder = input.substring(slash + 1);
      } else {
        domain = DEFAULT_DOMAIN;
        remainder = input;
      }
      if (domain.equals(DEFAULT_DOMAIN) && nameEnd(remainder).indexOf('/') < 0) {
        remainder = OFFICIAL_REPOSITORY_PREFIX + remainder;
      }
    }
    checkDomain(input, domain);
    return parseRemainder(input, domain, remainder);
  }

  /** The rules of {@code splitDockerDomain}: which first components name a registry. */
  private static boolean looksLikeDomain(String first) {
    return first.equals(LOCALHOST)
        || first.indexOf('.') >= 0
        || first.indexOf(':') >= 0
        || !first.toLowerCase(Locale.ROOT).equals(first);
  }

  private static ImageReference parseRemainder(String input, String domain, String remainder) {
    int at = remainder.indexOf('@');
    String nameAndTag = at < 0 ? remainder : remainder.substring(0, at);
    Optional<Digest> digest = Optional.empty();
    if (at >= 0) {
      digest = Optional.of(parseDigest(input, remainder.substring(at + 1)));
    }
    int colon = nameAndTag.indexOf(':');
    String path = colon < 0 ? nameAndTag : nameAndTag.substring(0, colon);
    Optional<String> tag = Optional.empty();
    checkPath(input, path);
    if (colon >= 0) {
      String tagText = nameAndTag.substring(colon + 1);
      checkTag(input, tagText);
      tag = Optional.of(tagText);
    }
    return new ImageReference(domain, path, tag, digest);
  }

  private static Digest parseDigest(String input, String text) {
    if (text.indexOf('@') >= 0) {
      throw new InvalidImageReferenceException(input, "invalid reference format: more than one @");
    }
    if (text.isEmpty()) {
      throw new InvalidImageReferenceException(input, "invalid reference format: empty digest");
    }
    try {
      return Digest.parse(text);
    } catch (InvalidImageReferenceException e) {
      throw new InvalidImageReferenceException(input, e.rule());
    }
  }

  /** The name part of a remainder: up to the first {@code :} or {@code @}. */
  private static String nameEnd(String remainder) {
    for (int i = 0; i < remainder.length(); i++) {
      char c = remainder.charAt(i);
      if (c == ':' || c == '@') {
        return remainder.substring(0, i);
      }
    }
    return remainder;
  }

  private static void checkCharacters(String input) {
    if (input.isEmpty()) {
      throw new InvalidImageReferenceException(input, "invalid reference format: empty reference");
    }
    if (input.length() > MAX_INPUT_LENGTH) {
      throw new InvalidImageReferenceException(
          input, "invalid reference format: longer than " + MAX_INPUT_LENGTH + " characters");
    }
    for (int i = 0; i < input.length(); i++) {
      char c = input.charAt(i);
      if (c <= 0x20 || c == 0x7f) {
        throw new InvalidImageReferenceException(
            input, "invalid reference format: whitespace or control character");
      }
      if (c > 0x7f) {
        throw new InvalidImageReferenceException(
            input, "invalid reference format: non-ASCII character");
      }
    }
  }

  private static boolean isIdentifier(String input) {
    if (input.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = input.charAt(i);
      if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  static void checkDomain(String input, String domain) {
    int hostEnd;
    if (domain.startsWith("[")) {
      hostEnd = domain.indexOf(']') + 1;
      if (hostEnd <= 2 || !isIpv6Body(domain, 1, hostEnd - 1)) {
        throw new InvalidImageReferenceException(input, "invalid domain: bad IPv6 address");
      }
    } else {
      int colon = domain.indexOf(':');
      hostEnd = colon < 0 ? domain.length() : colon;
      checkDomainName(input, domain, hostEnd);
    }
    if (hostEnd < domain.length()) {
      checkPort(input, domain, hostEnd);
    }
  }

  private static boolean isIpv6Body(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      boolean ok =
          c == ':' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static void checkDomainName(String input, String domain, int end) {
    int start = 0;
    while (true) {
      int dot = domain.indexOf('.', start);
      int componentEnd = dot < 0 || dot > end ? end : dot;
      if (!isDomainComponent(domain, start, componentEnd)) {
        throw new InvalidImageReferenceException(input, "invalid domain");
      }
      if (componentEnd == end) {
        return;
      }
      start = componentEnd + 1;
    }
  }

  private static boolean isDomainComponent(String s, int from, int to) {
    if (from >= to
        || !isAsciiLetterOrDigit(s.charAt(from))
        || !isAsciiLetterOrDigit(s.charAt(to - 1))) {
      return false;
    }
    for (int i = from + 1; i < to - 1; i++) {
      char c = s.charAt(i);
      if (c != '-' && !isAsciiLetterOrDigit(c)) {
        return false;
      }
    }
    return true;
  }

  private static void checkPort(String input, String domain, int hostEnd) {
    if (domain.charAt(hostEnd) != ':' || hostEnd + 1 == domain.length()) {
      throw new InvalidImageReferenceException(input, "invalid domain: bad port");
    }
    for (int i = hostEnd + 1; i < domain.length(); i++) {
      char c = domain.charAt(i);
      if (c < '0' || c > '9') {
        throw new InvalidImageReferenceException(input, "invalid domain: bad port");
      }
    }
  }

  private static void checkPath(String input, String path) {
    if (!path.toLowerCase(Locale.ROOT).equals(path)) {
      throw new InvalidImageReferenceException(input, "repository name must be lowercase");
    }
    if (path.length() > MAX_PATH_LENGTH) {
      throw new InvalidImageReferenceException(
          input, "repository name exceeds " + MAX_PATH_LENGTH + " characters");
    }
    int start = 0;
    while (true) {
      int slash = path.indexOf('/', start);
      int end = slash < 0 ? path.length() : slash;
      if (start == end) {
        throw new InvalidImageReferenceException(input, "empty path component");
      }
      if (!isPathComponent(path, start, end)) {
        throw new InvalidImageReferenceException(
            input, "invalid reference format: bad path component");
      }
      if (slash < 0) {
        return;
      }
      start = slash + 1;
    }
  }

  /** {@code [a-z0-9]+} runs joined by exactly {@code .}, {@code _}, {@code __} or {@code -+}. */
  private static boolean isPathComponent(String s, int from, int to) {
    if (!isLowerOrDigit(s.charAt(from)) || !isLowerOrDigit(s.charAt(to - 1))) {
      return false;
    }
    int i = from;
    while (i < to) {
      char c = s.charAt(i);
      if (isLowerOrDigit(c)) {
        i++;
        continue;
      }
      int sepStart = i;
      while (i < to && !isLowerOrDigit(s.charAt(i))) {
        i++;
      }
      if (!isSeparator(s, sepStart, i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isSeparator(String s, int from, int to) {
    int length = to - from;
    char first = s.charAt(from);
    if (first == '-') {
      for (int i = from; i < to; i++) {
        if (s.charAt(i) != '-') {
          return false;
        }
      }
      return true;
    }
    if (first == '.') {
      return length == 1;
    }
    if (first == '_') {
      return length == 1 || (length == 2 && s.charAt(from + 1) == '_');
    }
    return false;
  }

  private static void checkTag(String input, String tag) {
    if (tag.isEmpty() || tag.length() > MAX_TAG_LENGTH) {
      throw new InvalidImageReferenceException(
          input, "invalid tag: must be 1 to " + MAX_TAG_LENGTH + " characters");
    }
    if (!isWordChar(tag.charAt(0))) {
      throw new InvalidImageReferenceException(
          input, "invalid tag: must start with a letter, digit or _");
    }
    for (int i = 1; i < tag.length(); i++) {
      char c = tag.charAt(i);
      if (!isWordChar(c) && c != '.' && c != '-') {
        throw new InvalidImageReferenceException(
            input, "invalid tag: only letters, digits, _, . and - are allowed");
      }
    }
  }

  private static boolean isWordChar(char c) {
    return isAsciiLetterOrDigit(c) || c == '_';
  }

  private static boolean isLowerOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  private static boolean isAsciiLetterOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
}
