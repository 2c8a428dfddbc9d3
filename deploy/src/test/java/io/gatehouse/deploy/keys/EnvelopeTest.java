package io.gatehouse.deploy.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnvelopeTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final byte[] oldKey = MasterKeys.generate(RANDOM);
  private final byte[] newKey = MasterKeys.generate(RANDOM);
  private final Envelope old = new Envelope(MasterKeys.of(oldKey, List.of()), RANDOM);

  @Test
  void seal_thenOpen_givesThePlaintextBack() {
    String sealed = old.seal(bytes("hunter2"), "secret:1:PASSWORD");

    assertThat(new String(old.open(sealed, "secret:1:PASSWORD"), StandardCharsets.UTF_8))
        .isEqualTo("hunter2");
    assertThat(sealed).startsWith("gh1." + old.keys().primaryFingerprint() + ".");
    assertThat(sealed).doesNotContain("hunter2");
  }

  @Test
  void seal_sameValueTwice_differs() {
    assertThat(old.seal(bytes("v"), "c")).isNotEqualTo(old.seal(bytes("v"), "c"));
  }

  @Test
  void seal_emptyValue_opens() {
    assertThat(old.open(old.seal(new byte[0], "c"), "c")).isEmpty();
  }

  @Test
  void open_otherContext_isRefused() {
    String sealed = old.seal(bytes("value"), "secret:1:A");

    assertThatThrownBy(() -> old.open(sealed, "secret:2:A"))
        .isInstanceOf(SealedValueException.class)
        .hasMessageContaining("altered or moved");
  }

  @Test
  void open_tamperedCiphertext_isRefused() {
    String sealed = old.seal(bytes("value"), "c");
    char last = sealed.charAt(sealed.length() - 2);
    String tampered =
        sealed.substring(0, sealed.length() - 2)
            + (last == 'A' ? 'B' : 'A')
            + sealed.charAt(sealed.length() - 1);

    assertThatThrownBy(() -> old.open(tampered, "c")).isInstanceOf(SealedValueException.class);
  }

  @Test
  void open_unknownMasterKey_namesTheFingerprints() {
    String sealed = old.seal(bytes("value"), "c");
    Envelope other = new Envelope(MasterKeys.of(newKey, List.of()), RANDOM);

    assertThatThrownBy(() -> other.open(sealed, "c"))
        .isInstanceOf(SealedValueException.class)
        .hasMessageContaining(old.keys().primaryFingerprint())
        .hasMessageContaining(other.keys().primaryFingerprint());
  }

  @Test
  void open_malformed_isRefusedWithoutEchoingIt() {
    for (String bad :
        List.of("", "gh1", "gh1.zz.x.y", "gh2." + "0".repeat(16) + ".a.b", "x".repeat(300_000))) {
      assertThatThrownBy(() -> old.open(bad, "c"))
          .isInstanceOf(SealedValueException.class)
          .hasMessage("a sealed value is malformed");
    }
  }

  @Test
  void rewrap_withNewPrimary_opensWithTheNewKeyAlone() {
    String sealed = old.seal(bytes("value"), "c");
    Envelope rotating = new Envelope(MasterKeys.of(newKey, List.of(oldKey)), RANDOM);
    Envelope rotated = new Envelope(MasterKeys.of(newKey, List.of()), RANDOM);

    assertThat(rotating.sealedWithPrimary(sealed)).isFalse();
    String rewrapped = rotating.rewrap(sealed);

    assertThat(rotating.sealedWithPrimary(rewrapped)).isTrue();
    assertThat(rotated.open(rewrapped, "c")).isEqualTo(bytes("value"));
    assertThat(rotating.rewrap(rewrapped)).isSameAs(rewrapped);
    assertThat(Envelope.fingerprintOf(rewrapped)).isEqualTo(rotated.keys().primaryFingerprint());
  }

  @Test
  void masterKeys_wrongLengthOrRepeated_isRefused() {
    assertThatThrownBy(() -> MasterKeys.of(new byte[16], List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> MasterKeys.of(oldKey, List.of(oldKey)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("given twice");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
