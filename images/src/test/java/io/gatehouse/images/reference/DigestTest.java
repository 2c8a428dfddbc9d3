package io.gatehouse.images.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DigestTest {
  static final String SHA256 = "a".repeat(64);

  @Test
  void parse_sha256_splitsAlgorithmAndHex() {
    Digest digest = Digest.parse("sha256:" + SHA256);

    assertThat(digest.algorithm()).isEqualTo("sha256");
    assertThat(digest.hex()).isEqualTo(SHA256);
    assertThat(digest).hasToString("sha256:" + SHA256);
  }

  @Test
  void parse_sha384AndSha512_areAccepted() {
    assertThat(Digest.parse("sha384:" + "0".repeat(96)).algorithm()).isEqualTo("sha384");
    assertThat(Digest.parse("sha512:" + "f".repeat(128)).algorithm()).isEqualTo("sha512");
  }

  @Test
  void parse_sha256WithWrongLength_namesTheLength() {
    assertThatThrownBy(() -> Digest.parse("sha256:" + "a".repeat(63)))
        .isInstanceOf(InvalidImageReferenceException.class)
        .hasMessageStartingWith("invalid digest: sha256 requires 64 hex characters");
    assertThatThrownBy(() -> Digest.parse("sha512:" + "a".repeat(64)))
        .hasMessageStartingWith("invalid digest: sha512 requires 128 hex characters");
  }

  @Test
  void parse_upperCaseHex_isRefused() {
    assertThatThrownBy(() -> Digest.parse("sha256:" + "A".repeat(64)))
        .isInstanceOf(InvalidImageReferenceException.class)
        .hasMessageStartingWith("invalid digest: hex must be lower case");
  }

  @Test
  void parse_unknownAlgorithm_isUnsupported() {
    assertThatThrownBy(() -> Digest.parse("md5:" + "a".repeat(32)))
        .isInstanceOf(InvalidImageReferenceException.class)
        .hasMessageStartingWith("unsupported digest algorithm");
    assertThatThrownBy(() -> Digest.parse("sha256+b64:" + "a".repeat(64)))
        .hasMessageStartingWith("unsupported digest algorithm");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        ":",
        "sha256",
        "sha256:",
        ":abc",
        "1sha:00000000000000000000000000000000",
        "sha-:00000000000000000000000000000000",
        "sha..256:00000000000000000000000000000000",
        "sha256:short",
        "sha256:gggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggg",
        "sha256:aaaa:aaaa"
      })
  void parse_malformed_isRefused(String text) {
    assertThatThrownBy(() -> Digest.parse(text))
        .isInstanceOf(InvalidImageReferenceException.class)
        .satisfies(e -> assertThat(((InvalidImageReferenceException) e).input()).isEqualTo(text));
  }

  @Test
  void constructor_validatesLikeParse() {
    assertThat(new Digest("sha256", SHA256)).isEqualTo(Digest.parse("sha256:" + SHA256));
    assertThatThrownBy(() -> new Digest("sha256", "abc"))
        .isInstanceOf(InvalidImageReferenceException.class);
  }

  @Test
  void parse_fullWidthDigits_areRefused() {
    assertThatThrownBy(() -> Digest.parse("sha256:" + "\uff10".repeat(64)))
        .isInstanceOf(InvalidImageReferenceException.class)
        .hasMessageContaining("\\uff10");
  }
}
