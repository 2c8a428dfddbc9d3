package io.gatehouse.images.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {
  private static final String HEX = "0123456789abcdef".repeat(4);
  private static final String DIGEST = "sha256:" + HEX;

  @Test
  void parse_dockerHubShortName_normalizesToLibrary() {
    ImageReference ref = ImageReference.parse("nginx");

    assertThat(ref.registry()).isEqualTo("docker.io");
    assertThat(ref.repository()).isEqualTo("library/nginx");
    assertThat(ref.tag()).isEmpty();
    assertThat(ref.tagDefaulted()).isTrue();
    assertThat(ref.effectiveTag()).contains("latest");
    assertThat(ref.digest()).isEmpty();
    assertThat(ref.name()).isEqualTo("docker.io/library/nginx");
    assertThat(ref.canonical()).isEqualTo("docker.io/library/nginx:latest");
    assertThat(ref).hasToString("docker.io/library/nginx:latest");
  }

  @ParameterizedTest
  @CsvSource({
    "nginx, docker.io, library/nginx, , docker.io/library/nginx:latest",
    "nginx:1.25, docker.io, library/nginx, 1.25, docker.io/library/nginx:1.25",
    "library/nginx, docker.io, library/nginx, , docker.io/library/nginx:latest",
    "docker.io/nginx, docker.io, library/nginx, , docker.io/library/nginx:latest",
    "index.docker.io/nginx, docker.io, library/nginx, , docker.io/library/nginx:latest",
    "index.docker.io/user/app, docker.io, user/app, , docker.io/user/app:latest",
    "registry-1.docker.io/nginx, registry-1.docker.io, nginx, , registry-1.docker.io/nginx:latest",
    "user/app, docker.io, user/app, , docker.io/user/app:latest",
    "user/app:v2, docker.io, user/app, v2, docker.io/user/app:v2",
    "a/b/c/d, docker.io, a/b/c/d, , docker.io/a/b/c/d:latest",
    "localhost/x, localhost, x, , localhost/x:latest",
    "localhost:5000/x, localhost:5000, x, , localhost:5000/x:latest",
    "registry:5000/a/b:tag, registry:5000, a/b, tag, registry:5000/a/b:tag",
    "myacr.azurecr.io/team-a/app:1.0, myacr.azurecr.io, team-a/app, 1.0,"
        + " myacr.azurecr.io/team-a/app:1.0",
    "[::1]:5000/x, [::1]:5000, x, , [::1]:5000/x:latest",
    "[2001:db8::1]/x, [2001:db8::1], x, , [2001:db8::1]/x:latest",
    "192.168.1.10:5000/x, 192.168.1.10:5000, x, , 192.168.1.10:5000/x:latest",
    "Registry/x, Registry, x, , Registry/x:latest",
    "foo.com/a__b/c-d---e.f_g:TAG_1.0-x, foo.com, a__b/c-d---e.f_g, TAG_1.0-x,"
        + " foo.com/a__b/c-d---e.f_g:TAG_1.0-x",
    "localhost:5000, docker.io, library/localhost, 5000, docker.io/library/localhost:5000",
  })
  void parse_validReference_normalizesLikeTheReferenceLibrary(
      String text, String registry, String repository, String tag, String canonical) {
    ImageReference ref = ImageReference.parse(text);

    assertThat(ref.registry()).isEqualTo(registry);
    assertThat(ref.repository()).isEqualTo(repository);
    assertThat(ref.tag().orElse(null)).isEqualTo(tag);
    assertThat(ref.canonical()).isEqualTo(canonical);
  }

  @Test
  void parse_tagAndDigest_keepsBoth() {
    ImageReference ref = ImageReference.parse("registry:5000/a/b:tag@" + DIGEST);

    assertThat(ref.registry()).isEqualTo("registry:5000");
    assertThat(ref.repository()).isEqualTo("a/b");
    assertThat(ref.tag()).contains("tag");
    assertThat(ref.digest()).contains(Digest.parse(DIGEST));
    assertThat(ref.tagDefaulted()).isFalse();
    assertThat(ref.canonical()).isEqualTo("registry:5000/a/b:tag@" + DIGEST);
  }

  @Test
  void parse_digestOnly_hasNoTagAndNoDefault() {
    ImageReference ref = ImageReference.parse("x@" + DIGEST);

    assertThat(ref.repository()).isEqualTo("library/x");
    assertThat(ref.tag()).isEmpty();
    assertThat(ref.tagDefaulted()).isFalse();
    assertThat(ref.effectiveTag()).isEmpty();
    assertThat(ref.canonical()).isEqualTo("docker.io/library/x@" + DIGEST);
  }

  @Test
  void parse_upperCaseHost_keepsItAsWrittenAndComparesItLowerCased() {
    ImageReference ref = ImageReference.parse("MYACR.AzureCR.io:5000/x");

    assertThat(ref.registry()).isEqualTo("MYACR.AzureCR.io:5000");
    assertThat(ref.canonicalRegistry()).isEqualTo("myacr.azurecr.io:5000");
    assertThat(ref.canonical()).isEqualTo("MYACR.AzureCR.io:5000/x:latest");
    assertThat(ref).isEqualTo(ImageReference.parse("myacr.azurecr.io:5000/x:latest"));
  }

  @Test
  void parse_upperCaseIpv6_isLowerCasedForComparison() {
    assertThat(ImageReference.parse("[2001:DB8::1]/x").canonicalRegistry())
        .isEqualTo("[2001:db8::1]");
  }

  @Test
  void equals_implicitAndExplicitLatest_areEqual() {
    assertThat(ImageReference.parse("nginx"))
        .isEqualTo(ImageReference.parse("docker.io/library/nginx:latest"))
        .hasSameHashCodeAs(ImageReference.parse("index.docker.io/library/nginx:latest"));
    assertThat(ImageReference.parse("nginx")).isNotEqualTo(ImageReference.parse("nginx:1"));
  }

  @Test
  void withDigest_keepsTagAndPins() {
    ImageReference pinned = ImageReference.parse("nginx:1.25").withDigest(DIGEST);

    assertThat(pinned.tag()).contains("1.25");
    assertThat(pinned.digest()).contains(Digest.parse(DIGEST));
    assertThat(pinned).hasToString("docker.io/library/nginx:1.25@" + DIGEST);
  }

  @Test
  void withDigest_onImplicitTag_dropsTheDefault() {
    ImageReference pinned = ImageReference.parse("nginx").withDigest(DIGEST);

    assertThat(pinned.tagDefaulted()).isFalse();
    assertThat(pinned).hasToString("docker.io/library/nginx@" + DIGEST);
  }

  @Test
  void withDigest_invalidDigest_isRefused() {
    assertThatThrownBy(() -> ImageReference.parse("nginx").withDigest("sha256:" + "a".repeat(40)))
        .isInstanceOf(InvalidImageReferenceException.class)
        .hasMessageStartingWith("invalid digest: sha256 requires 64 hex characters");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Nginx | repository name must be lowercase",
        "user/App | repository name must be lowercase",
        "myacr.azurecr.io/Team-A/app | repository name must be lowercase",
        "localhost:5000/Foo | repository name must be lowercase",
        "a//b | empty path component",
        "docker.io/a/ | empty path component",
        "localhost/ | empty path component",
        "nginx:bad!tag | invalid tag",
        "nginx:bad/tag | invalid domain",
        "nginx:.bad | invalid tag",
        "nginx: | invalid tag",
        "nginx:a:b | invalid tag",
        "a:b:c/d | invalid domain",
        "nginx@sha256:abc | invalid digest",
        "nginx@@"
            + "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
            + " | invalid reference format",
        "nginx@ | invalid reference format",
        "@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
            + " | empty path component",
        "myacr.azurecr.io@evil.com/x | invalid domain",
        "-foo.com/x | invalid domain",
        "foo-.com/x | invalid domain",
        "foo..com/x | invalid domain",
        "a_b.c/d | invalid domain",
        "[::1/x | invalid domain",
        "[]/x | invalid reference format",
        "[]:5000/x | invalid domain",
        "[fe80::1%eth0]/x | invalid domain",
        "[::1]x/y | invalid domain",
        "localhost:/x | invalid domain",
        "localhost:50a/x | invalid domain",
        "myacr.azurecr.io:443.evil.com/x | invalid domain",
        "a..b | invalid reference format",
        "a___b | invalid reference format",
        "a_-b | invalid reference format",
        "-a | invalid reference format",
        "a- | invalid reference format",
        ".a | invalid reference format",
        "a/.b | invalid reference format",
      })
  void parse_invalidReference_namesTheRule(String text, String rule) {
    InvalidImageReferenceException e =
        catchThrowableOfType(
            InvalidImageReferenceException.class, () -> ImageReference.parse(text));

    assertThat(e).as("parse(%s)", text).isNotNull();
    assertThat(e.rule()).startsWith(rule);
    assertThat(e.input()).isEqualTo(text);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " nginx",
        "nginx ",
        "ngi nx",
        "nginx\n",
        "nginx\t:1",
        "nginx\u0000",
        "nginx\u007f",
        "myacr.azurecr.io\u2024evil.com/x",
        "myacr\u0430cr.azurecr.io/x",
        "m\u00fcnchen.de/x",
        "\ufeffnginx"
      })
  void parse_whitespaceControlOrNonAscii_isRefused(String text) {
    assertThatThrownBy(() -> ImageReference.parse(text))
        .isInstanceOf(InvalidImageReferenceException.class)
        .hasMessageStartingWith("invalid reference format");
  }

  @Test
  void parse_sixtyFourHexIdentifier_isRefused() {
    assertThatThrownBy(() -> ImageReference.parse(HEX))
        .isInstanceOf(InvalidImageReferenceException.class)
        .hasMessageStartingWith("repository name cannot be a 64-character hexadecimal identifier");
    assertThat(ImageReference.parse(HEX.substring(1)).repository())
        .isEqualTo("library/" + HEX.substring(1));
  }

  @Test
  void parse_pathOf255Characters_isAcceptedAnd256IsRefused() {
    String path255 = "a".repeat(120) + "/" + "b".repeat(134);
    assertThat(ImageReference.parse("example.com/" + path255).repository()).hasSize(255);

    assertThatThrownBy(() -> ImageReference.parse("example.com/" + path255 + "c"))
        .isInstanceOf(InvalidImageReferenceException.class)
        .hasMessageStartingWith("repository name exceeds 255 characters");
  }

  @Test
  void parse_libraryPrefixCountsTowardsTheNameLimit() {
    assertThat(ImageReference.parse("a".repeat(247)).repository()).hasSize(255);
    assertThatThrownBy(() -> ImageReference.parse("a".repeat(248)))
        .hasMessageStartingWith("repository name exceeds 255 characters");
  }

  @Test
  void parse_tagOf128Characters_isAcceptedAnd129IsRefused() {
    assertThat(ImageReference.parse("nginx:" + "t".repeat(128)).tag()).contains("t".repeat(128));
    assertThatThrownBy(() -> ImageReference.parse("nginx:" + "t".repeat(129)))
        .hasMessageStartingWith("invalid tag");
  }

  @Test
  void parse_inputOverBound_isRefusedWithoutEchoingItAll() {
    String text = "a".repeat(ImageReference.MAX_LENGTH + 1);

    InvalidImageReferenceException e =
        catchThrowableOfType(
            InvalidImageReferenceException.class, () -> ImageReference.parse(text));

    assertThat(e.rule()).isEqualTo("invalid reference format: longer than 4096 characters");
    assertThat(e.getMessage()).hasSizeLessThan(300).contains("(4097 characters)");
    assertThat(e.input()).isEqualTo(text);
  }

  @Test
  void parse_controlCharacters_areEscapedInTheMessage() {
    InvalidImageReferenceException e =
        catchThrowableOfType(
            InvalidImageReferenceException.class, () -> ImageReference.parse("a\nb\u001b[31m"));

    assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("\u001b").contains("\\u000a");
  }

  @Test
  void parse_pathologicalInputs_finishQuickly() {
    String[] inputs = {
      "a" + "-".repeat(4000) + "!",
      "a.".repeat(2000) + "/",
      "a/".repeat(2040) + "A",
      "a_".repeat(2000) + "_",
      "[" + ":".repeat(4000) + "/x",
      "x@sha256:" + "a".repeat(4000),
      "x:" + "a".repeat(4000),
    };
    long start = System.nanoTime();
    for (int round = 0; round < 200; round++) {
      for (String input : inputs) {
        assertThatThrownBy(() -> ImageReference.parse(input))
            .isInstanceOf(InvalidImageReferenceException.class);
      }
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void parse_null_isRefused() {
    assertThatThrownBy(() -> ImageReference.parse(null)).isInstanceOf(NullPointerException.class);
  }
}
