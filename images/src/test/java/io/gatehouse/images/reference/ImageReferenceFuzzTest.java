package io.gatehouse.images.reference;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fuzzes {@link ImageReference#parse(String)}: any input either parses or is refused with {@link
 * InvalidImageReferenceException}, and a parsed reference keeps the grammar's invariants.
 *
 * <p>{@code mvn test} runs it on the seeds in {@code ImageReferenceFuzzTestInputs/parse}; {@code
 * mvn verify} also fuzzes it for a bounded time (see the failsafe executions in {@code pom.xml}).
 */
class ImageReferenceFuzzTest {

  @FuzzTest(maxDuration = "20s")
  @DictionaryEntries({
    "/",
    ":",
    "@",
    ".",
    "_",
    "__",
    "-",
    "[",
    "]",
    "[::1]",
    "localhost",
    "docker.io",
    "index.docker.io",
    "library/",
    "latest",
    "sha256:",
    "sha384:",
    "sha512:",
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
  })
  void parse(byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
    ImageReference reference;
    try {
      reference = ImageReference.parse(text);
    } catch (InvalidImageReferenceException e) {
      assertThat(e.input()).isEqualTo(text);
      assertThat(e.rule()).isNotBlank();
      return;
    }
    checkInvariants(text, reference);
  }

  /**
   * A registry named by upper-case letters alone ({@code Bitnami}), or Docker Hub written in
   * another case, is lower-cased in {@code canonical()}, and the lower-case text names another
   * image on Docker Hub. Found by {@link #parse}.
   */
  @ParameterizedTest
  @ValueSource(strings = {"Bitnami/redis:7.2", "Docker.io/nginx", "INDEX.DOCKER.IO/busybox"})
  void canonical_registryWrittenInUpperCase_parsesBackToTheSameReference(String text) {
    ImageReference reference = ImageReference.parse(text);

    assertThat(ImageReference.parse(reference.canonical())).isEqualTo(reference);
  }

  private static void checkInvariants(String text, ImageReference reference) {
    assertThat(text.length()).isBetween(1, ImageReference.MAX_LENGTH);
    assertThat(reference.repository())
        .isNotEmpty()
        .hasSizeLessThanOrEqualTo(ReferenceParser.MAX_PATH_LENGTH)
        .isEqualTo(reference.repository().toLowerCase(Locale.ROOT));
    assertThat(reference.canonicalRegistry())
        .isEqualTo(reference.registry().toLowerCase(Locale.ROOT));
    assertThat(reference.name())
        .isEqualTo(reference.name().toLowerCase(Locale.ROOT))
        .isEqualTo(reference.canonicalRegistry() + "/" + reference.repository());
    reference
        .tag()
        .ifPresent(tag -> assertThat(tag).hasSizeBetween(1, ReferenceParser.MAX_TAG_LENGTH));
    assertThat(reference.tagDefaulted())
        .isEqualTo(reference.tag().isEmpty() && reference.digest().isEmpty());
    assertThat(reference.canonical())
        .startsWith(reference.registry() + "/" + reference.repository());
    reference
        .digest()
        .ifPresent(digest -> assertThat(reference.canonical()).endsWith("@" + digest));

    ImageReference again = ImageReference.parse(reference.canonical());
    assertThat(again).as("parse(canonical()) of %s", text).isEqualTo(reference);
    assertThat(again.canonical()).isEqualTo(reference.canonical());
    assertThat(again.hashCode()).isEqualTo(reference.hashCode());
  }
}
