package io.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line and key handling of {@code verify}; verification is in {@link SigningIT}. */
class VerifyCommandTest {
  @TempDir Path dir;

  @Test
  void verify_withoutKey_exits2() {
    CommandRun run = CommandRun.run("verify", "registry.example.com/app:1");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Missing required option: '--key=FILE'");
  }

  @Test
  void verify_unknownOutputFormat_exits2() throws Exception {
    Path pub = Files.writeString(dir.resolve("k.pub"), "x");

    CommandRun run =
        CommandRun.run("verify", "--key", pub.toString(), "--output", "yaml", "example.com/a:1");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--output").contains("yaml");
  }

  @Test
  void verify_keyNotPem_exits1NamingTheFile() throws Exception {
    Path pub = Files.writeString(dir.resolve("k.pub"), "not a key");

    CommandRun run = CommandRun.run("verify", "--key", pub.toString(), "127.0.0.1:1/a:1");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().strip()).startsWith("gatehouse verify: invalid key " + pub + ":");
  }

  @Test
  void verify_invalidImage_exits2() throws Exception {
    Path pub = Files.writeString(dir.resolve("k.pub"), "x");

    CommandRun run = CommandRun.run("verify", "--key", pub.toString(), "UPPER/Case");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Invalid value for IMAGE:");
  }

  @Test
  void verify_help_documentsOptions() {
    CommandRun run = CommandRun.run("verify", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("--key", "--registry-auth", "--insecure-registry", "--output")
        .contains("Exit codes: 0 every image verified");
  }
}
