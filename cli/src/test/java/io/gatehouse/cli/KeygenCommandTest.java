package io.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.images.signature.InvalidKeyFileException;
import io.gatehouse.images.signature.KeyPairs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeygenCommandTest {
  private static final Map<String, String> PASSPHRASE =
      Map.of(Passphrases.VARIABLE, "correct horse battery staple");

  @TempDir Path dir;

  private CommandRun keygen(Map<String, String> variables, Terminal terminal, String... more) {
    String[] args = new String[more.length + 3];
    args[0] = "keygen";
    args[1] = "--output-prefix";
    args[2] = dir.resolve("release").toString();
    System.arraycopy(more, 0, args, 3, more.length);
    return CommandRun.run(variables, terminal, args);
  }

  @Test
  void keygen_passphraseFromEnvironment_writesEncryptedKeyOwnerOnlyAndPublicKey() throws Exception {
    CommandRun run = keygen(PASSPHRASE, new FakeTerminal());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    Path key = dir.resolve("release.key");
    Path pub = dir.resolve("release.pub");
    assertThat(run.out()).contains("private key written to " + key, "public key written to " + pub);
    String privatePem = Files.readString(key);
    assertThat(privatePem).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(pub)).startsWith("-----BEGIN PUBLIC KEY-----");
    assertThat(
            KeyPairs.readPrivateKey("k", privatePem, "correct horse battery staple".toCharArray())
                .getAlgorithm())
        .isEqualTo("EC");
    assertThat(KeyPairs.readPublicKey("p", Files.readString(pub)).getAlgorithm()).isEqualTo("EC");
    assertThatThrownBy(() -> KeyPairs.readPrivateKey("k", privatePem, "wrong".toCharArray()))
        .isInstanceOf(InvalidKeyFileException.class);
  }

  @Test
  void keygen_onTerminal_asksTwiceWithoutTheVariable() throws Exception {
    FakeTerminal terminal = new FakeTerminal("s3cret-phrase", "s3cret-phrase");

    CommandRun run = keygen(Map.of(), terminal);

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(terminal.prompts()).hasSize(2);
    assertThat(
            KeyPairs.readPrivateKey(
                "k", Files.readString(dir.resolve("release.key")), "s3cret-phrase".toCharArray()))
        .isNotNull();
  }

  @Test
  void keygen_terminalAnswersDiffer_exits1AndWritesNothing() {
    CommandRun run = keygen(Map.of(), new FakeTerminal("one", "two"));

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().strip())
        .isEqualTo("gatehouse keygen: the two passphrases differ; nothing was written");
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void keygen_noVariableNoTerminal_exits1NamingTheVariable() {
    CommandRun run = keygen(Map.of(), new FakeTerminal());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("no passphrase: set GATEHOUSE_KEY_PASSPHRASE");
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void keygen_emptyPassphrase_isRefused() {
    CommandRun fromVariable = keygen(Map.of(Passphrases.VARIABLE, ""), new FakeTerminal());
    CommandRun fromTerminal = keygen(Map.of(), new FakeTerminal("", ""));

    assertThat(fromVariable.exitCode()).isEqualTo(1);
    assertThat(fromVariable.err()).contains("GATEHOUSE_KEY_PASSPHRASE is set but empty");
    assertThat(fromTerminal.exitCode()).isEqualTo(1);
    assertThat(fromTerminal.err()).contains("a passphrase cannot be empty");
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void keygen_existingPublicKey_exits1WithoutForceAndKeepsIt() throws Exception {
    Files.writeString(dir.resolve("release.pub"), "keep me");

    CommandRun run = keygen(PASSPHRASE, new FakeTerminal());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("release.pub already exists; use --force");
    assertThat(Files.readString(dir.resolve("release.pub"))).isEqualTo("keep me");
    assertThat(dir.resolve("release.key")).doesNotExist();
  }

  @Test
  void keygen_force_replacesBothFiles() throws Exception {
    Files.writeString(dir.resolve("release.key"), "old");
    Files.writeString(dir.resolve("release.pub"), "old");

    CommandRun run = keygen(PASSPHRASE, new FakeTerminal(), "--force");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(Files.readString(dir.resolve("release.key"))).contains("ENCRYPTED PRIVATE KEY");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("release.key"))))
        .isEqualTo("rw-------");
    assertThat(Files.readString(dir.resolve("release.pub"))).contains("PUBLIC KEY");
    try (var files = Files.list(dir)) {
      assertThat(files).hasSize(2);
    }
  }

  @Test
  void keygen_missingDirectory_exits1() {
    CommandRun run =
        CommandRun.run(
            PASSPHRASE,
            new FakeTerminal(),
            "keygen",
            "--output-prefix",
            dir.resolve("no/such/dir/key").toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("does not exist; create it first");
  }

  @Test
  void keygen_help_documentsOptionsAndPassphrase() {
    CommandRun run = CommandRun.run("keygen", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("--output-prefix", "--force", "GATEHOUSE_KEY_PASSPHRASE", "ECDSA P-256");
  }

  @Test
  void keygen_unknownOption_exits2() {
    CommandRun run = CommandRun.run("keygen", "--passphrase", "x");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("'--passphrase'");
  }
}
