package io.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line and key handling of {@code sign}; signing itself is in {@link SigningIT}. */
class SignCommandTest {
  private static final Map<String, String> PASSPHRASE = Map.of(Passphrases.VARIABLE, "right one");

  @TempDir Path dir;
  private String key;

  @BeforeEach
  void generateKey() {
    CommandRun run =
        CommandRun.run(
            PASSPHRASE,
            new FakeTerminal(),
            "keygen",
            "--output-prefix",
            dir.resolve("cosign").toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    key = dir.resolve("cosign.key").toString();
  }

  @Test
  void sign_withoutKey_exits2() {
    CommandRun run = CommandRun.run("sign", "registry.example.com/app:1");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Missing required option: '--key=FILE'");
  }

  @Test
  void sign_withoutImage_exits2() {
    CommandRun run = CommandRun.run(PASSPHRASE, new FakeTerminal(), "sign", "--key", key);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("IMAGE");
  }

  @Test
  void sign_invalidImage_exits2BeforeAskingForThePassphrase() {
    FakeTerminal terminal = new FakeTerminal("right one");

    CommandRun run = CommandRun.run(Map.of(), terminal, "sign", "--key", key, "Registry/UPPER:x");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Invalid value for IMAGE:").contains("Usage: gatehouse sign");
    assertThat(terminal.prompts()).isEmpty();
  }

  @Test
  void sign_wrongPassphrase_exits1WithOneClearLine() {
    CommandRun run =
        CommandRun.run(
            Map.of(Passphrases.VARIABLE, "wrong one"),
            new FakeTerminal(),
            "sign",
            "--key",
            key,
            "127.0.0.1:1/app:1");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().strip())
        .isEqualTo(
            "gatehouse sign: invalid key "
                + key
                + ": cannot decrypt: wrong passphrase or damaged key");
  }

  @Test
  void sign_passphraseAskedOnTheTerminal_namesTheKey() {
    FakeTerminal terminal = new FakeTerminal("wrong");

    CommandRun run = CommandRun.run(Map.of(), terminal, "sign", "--key", key, "127.0.0.1:1/a:1");

    assertThat(terminal.prompts()).containsExactly("Enter the passphrase for " + key + ": ");
    assertThat(run.exitCode()).isEqualTo(1);
  }

  @Test
  void sign_missingKeyFile_exits1NamingIt() {
    String missing = dir.resolve("missing.key").toString();

    CommandRun run =
        CommandRun.run(PASSPHRASE, new FakeTerminal(), "sign", "--key", missing, "127.0.0.1:1/a:1");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().strip())
        .isEqualTo("gatehouse sign: key file " + missing + " does not exist");
  }

  @Test
  void sign_publicKeyGivenAsPrivateKey_exits1() throws Exception {
    Path pub = dir.resolve("cosign.pub");
    assertThat(Files.exists(pub)).isTrue();

    CommandRun run =
        CommandRun.run(
            PASSPHRASE, new FakeTerminal(), "sign", "--key", pub.toString(), "127.0.0.1:1/a:1");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("expected an encrypted PKCS#8 private key");
  }

  @Test
  void sign_registryAuthNotAFile_exits2() {
    CommandRun run =
        CommandRun.run(
            PASSPHRASE,
            new FakeTerminal(),
            "sign",
            "--key",
            key,
            "--registry-auth",
            dir.resolve("nope.json").toString(),
            "127.0.0.1:1/a:1");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("'--registry-auth'").contains("is not a file");
  }

  @Test
  void sign_help_documentsOptions() {
    CommandRun run = CommandRun.run("sign", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("--key", "--registry-auth", "--insecure-registry", "GATEHOUSE_KEY_PASSPHRASE")
        .contains("sha256-<hex>.sig");
  }
}
