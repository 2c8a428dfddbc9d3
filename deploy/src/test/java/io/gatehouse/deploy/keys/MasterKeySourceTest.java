package io.gatehouse.deploy.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeySourceTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  @TempDir Path dir;

  @Test
  void load_nothingGiven_isEmpty() {
    assertThat(MasterKeySource.load(Map.of(), Optional.empty(), List.of())).isEmpty();
  }

  @Test
  void load_variableAndPreviousFile_knowsBoth() throws IOException {
    byte[] primary = MasterKeys.generate(RANDOM);
    byte[] previous = MasterKeys.generate(RANDOM);
    Path file = dir.resolve("previous.key");
    Files.writeString(file, Base64.getUrlEncoder().encodeToString(previous) + "\n");

    MasterKeys keys =
        MasterKeySource.load(
                Map.of("GATEHOUSE_MASTER_KEY", Base64.getEncoder().encodeToString(primary)),
                Optional.empty(),
                List.of(file))
            .orElseThrow();

    assertThat(keys.primaryFingerprint()).isEqualTo(MasterKeys.fingerprint(primary));
    assertThat(keys.fingerprints()).contains(MasterKeys.fingerprint(previous));
  }

  @Test
  void load_variableAndFile_isRefused() {
    assertThatThrownBy(
            () ->
                MasterKeySource.load(
                    Map.of("GATEHOUSE_MASTER_KEY", key()),
                    Optional.of(dir.resolve("k")),
                    List.of()))
        .isInstanceOf(InvalidMasterKeyException.class)
        .hasMessageContaining("not both");
  }

  @Test
  void load_shortOrGarbageKey_namesTheVariableNotTheValue() {
    String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
    assertThatThrownBy(
            () ->
                MasterKeySource.load(
                    Map.of("GATEHOUSE_MASTER_KEY", shortKey), Optional.empty(), List.of()))
        .isInstanceOf(InvalidMasterKeyException.class)
        .hasMessageContaining("GATEHOUSE_MASTER_KEY must hold 32 bytes")
        .hasMessageNotContaining(shortKey);
    assertThatThrownBy(
            () ->
                MasterKeySource.load(
                    Map.of("GATEHOUSE_MASTER_KEY", "s3cr3t!value"), Optional.empty(), List.of()))
        .isInstanceOf(InvalidMasterKeyException.class)
        .hasMessageContaining("base64")
        .hasMessageNotContaining("s3cr3t");
  }

  @Test
  void load_previousWithoutPrimary_isRefused() {
    assertThatThrownBy(
            () ->
                MasterKeySource.load(
                    Map.of("GATEHOUSE_MASTER_KEY_PREVIOUS", key()), Optional.empty(), List.of()))
        .isInstanceOf(InvalidMasterKeyException.class)
        .hasMessageContaining("without a primary");
  }

  @Test
  void load_hugeOrMissingFile_isRefused() throws IOException {
    Path huge = dir.resolve("huge.key");
    Files.write(huge, new byte[10_000]);
    assertThatThrownBy(() -> MasterKeySource.load(Map.of(), Optional.of(huge), List.of()))
        .isInstanceOf(InvalidMasterKeyException.class)
        .hasMessageContaining("too large");
    assertThatThrownBy(
            () -> MasterKeySource.load(Map.of(), Optional.of(dir.resolve("none")), List.of()))
        .isInstanceOf(InvalidMasterKeyException.class)
        .hasMessageContaining("cannot read");
  }

  @Test
  void readOrCreate_createsOnceOwnerOnlyThenReusesIt() throws IOException {
    Path file = dir.resolve("data/master.key");

    MasterKeys first = MasterKeySource.readOrCreate(file, RANDOM);
    MasterKeys again = MasterKeySource.readOrCreate(file, RANDOM);

    assertThat(again.primaryFingerprint()).isEqualTo(first.primaryFingerprint());
    assertThat(Files.getPosixFilePermissions(file))
        .containsExactlyInAnyOrder(
            java.nio.file.attribute.PosixFilePermission.OWNER_READ,
            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
  }

  private static String key() {
    return Base64.getEncoder().encodeToString(MasterKeys.generate(RANDOM));
  }
}
