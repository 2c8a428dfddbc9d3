package io.gatehouse.images.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Compares the hand-written parser with a direct transcription of the reference library's regular
 * expressions and {@code ParseNormalizedNamed} steps, on many generated inputs. The transcription
 * backtracks, so it is fit only for the short inputs used here.
 */
class ReferenceParserTest {
  private static final String PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*";
  private static final String DOMAIN_COMPONENT =
      "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
  private static final String DOMAIN_NAME = DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*";
  private static final String DOMAIN_AND_PORT =
      "(?:" + DOMAIN_NAME + "|\\[(?:[a-fA-F0-9:]+)\\])(?::[0-9]+)?";
  private static final String REMOTE = PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*";
  private static final String TAG = "[\\w][\\w.-]{0,127}";
  private static final String DIGEST =
      "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}";
  private static final Pattern REFERENCE =
      Pattern.compile(
          "^((?:"
              + DOMAIN_AND_PORT
              + "/)?"
              + REMOTE
              + ")(?::("
              + TAG
              + "))?(?:@("
              + DIGEST
              + "))?$");
  private static final Pattern NAME =
      Pattern.compile("^(?:(" + DOMAIN_AND_PORT + ")/)?(" + REMOTE + ")$");
  private static final Pattern IDENTIFIER = Pattern.compile("^[a-f0-9]{64}$");

  private static final String HEX = "0123456789abcdef".repeat(4);
  private static final String[] PIECES = {
    "a",
    "b",
    "z",
    "0",
    "9",
    "A",
    "Q",
    ".",
    "_",
    "__",
    "-",
    "--",
    "/",
    "//",
    ":",
    "@",
    "[",
    "]",
    "::1",
    "5000",
    "localhost",
    "docker.io",
    "index.docker.io",
    "library",
    "example.com",
    "sha256:",
    HEX,
    HEX.toUpperCase(Locale.ROOT),
    "sha512:",
    "latest",
    ".",
    "x"
  };

  @Test
  void parse_generatedInputs_agreeWithTheLibraryGrammar() {
    Random random = new Random(20_240_601L);
    int accepted = 0;
    for (int i = 0; i < 150_000; i++) {
      String input = generate(random);
      if (compare(input)) {
        accepted++;
      }
    }
    assertThat(accepted).as("generated inputs that are valid").isGreaterThan(5_000);
  }

  @Test
  void parse_knownInputs_agreeWithTheLibraryGrammar() {
    List<String> inputs =
        List.of(
            "nginx",
            "nginx:latest",
            "docker.io/nginx",
            "index.docker.io/a/b",
            "localhost/a",
            "localhost:5000/a:b@sha256:" + HEX,
            "A/b",
            "A.b/c",
            "a.b/C",
            "[::1]:5000/a",
            "[::1]/a",
            "a:5000",
            "a_b/c",
            "a_b.c/d",
            "a.b_c/d",
            "x@sha256:" + HEX,
            "x@sha256:" + HEX.toUpperCase(Locale.ROOT),
            "x@SHA256:" + HEX,
            "x:t@sha512:" + HEX + HEX);
    for (String input : inputs) {
      compare(input);
    }
  }

  /** Checks one input; returns whether the library accepts it. */
  private static boolean compare(String input) {
    Optional<Expected> expected = oracle(input);
    Optional<ImageReference> actual;
    try {
      actual = Optional.of(ImageReference.parse(input));
    } catch (InvalidImageReferenceException e) {
      actual = Optional.empty();
    }
    if (expected.isEmpty() || expected.get().domain().isEmpty()) {
      // The second case is the documented deviation: a name without a domain is refused.
      assertThat(actual).as("parse(%s)", input).isEmpty();
      return false;
    }
    Expected want = expected.get();
    assertThat(actual).as("parse(%s)", input).isPresent();
    ImageReference ref = actual.get();
    assertThat(ref.registry()).as("registry of %s", input).isEqualTo(want.domain());
    assertThat(ref.repository()).as("repository of %s", input).isEqualTo(want.path());
    assertThat(ref.tag()).as("tag of %s", input).isEqualTo(want.tag());
    assertThat(ref.digest().map(Digest::toString))
        .as("digest of %s", input)
        .isEqualTo(want.digest());
    return true;
  }

  private static Optional<Expected> oracle(String s) {
    if (IDENTIFIER.matcher(s).matches()) {
      return Optional.empty();
    }
    String domain;
    String remainder;
    int slash = s.indexOf('/');
    if (slash < 0) {
      domain = "docker.io";
      remainder = "library/" + s;
    } else {
      String maybeDomain = s.substring(0, slash);
      String rest = s.substring(slash + 1);
      if (maybeDomain.equals("localhost")) {
        domain = maybeDomain;
        remainder = rest;
      } else if (maybeDomain.equals("index.docker.io")) {
        domain = "docker.io";
        remainder = rest;
      } else if (maybeDomain.contains(".") || maybeDomain.contains(":")) {
        domain = maybeDomain;
        remainder = rest;
      } else if (!maybeDomain.toLowerCase(Locale.ROOT).equals(maybeDomain)) {
        domain = maybeDomain;
        remainder = rest;
      } else {
        domain = "docker.io";
        remainder = s;
      }
      if (domain.equals("docker.io") && !remainder.contains("/")) {
        remainder = "library/" + remainder;
      }
    }
    int colon = remainder.indexOf(':');
    String remote = colon < 0 ? remainder : remainder.substring(0, colon);
    if (!remote.toLowerCase(Locale.ROOT).equals(remote)) {
      return Optional.empty();
    }
    Matcher m = REFERENCE.matcher(domain + "/" + remainder);
    if (!m.matches()) {
      return Optional.empty();
    }
    Matcher name = NAME.matcher(m.group(1));
    assertThat(name.matches()).isTrue();
    String path = name.group(2);
    if (path.length() > 255) {
      return Optional.empty();
    }
    Optional<String> digest = Optional.ofNullable(m.group(3));
    if (digest.isPresent() && !registeredDigest(digest.get())) {
      return Optional.empty();
    }
    return Optional.of(
        new Expected(
            name.group(1) == null ? "" : name.group(1),
            path,
            Optional.ofNullable(m.group(2)),
            digest));
  }

  private static boolean registeredDigest(String digest) {
    int colon = digest.indexOf(':');
    String hex = digest.substring(colon + 1);
    int length =
        switch (digest.substring(0, colon)) {
          case "sha256" -> 64;
          case "sha384" -> 96;
          case "sha512" -> 128;
          default -> -1;
        };
    return hex.length() == length && hex.matches("[a-f0-9]+");
  }

  private static String generate(Random random) {
    StringBuilder out = new StringBuilder();
    if (random.nextInt(3) == 0) {
      List<String> templates = new ArrayList<>();
      templates.add("a.b/c");
      templates.add("localhost:5000/x/y:tag");
      templates.add("x@sha256:" + HEX);
      templates.add("[::1]:5000/x");
      out.append(templates.get(random.nextInt(templates.size())));
      int mutations = 1 + random.nextInt(2);
      for (int i = 0; i < mutations; i++) {
        int at = random.nextInt(out.length() + 1);
        out.insert(at, PIECES[random.nextInt(PIECES.length)]);
      }
      return out.toString();
    }
    int pieces = 1 + random.nextInt(8);
    for (int i = 0; i < pieces; i++) {
      out.append(PIECES[random.nextInt(PIECES.length)]);
    }
    return out.toString();
  }

  private record Expected(
      String domain, String path, Optional<String> tag, Optional<String> digest) {}
}
