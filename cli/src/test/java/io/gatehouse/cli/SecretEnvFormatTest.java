package io.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretEnvFormatTest {
  /** Values that break naive quoting. */
  private static final List<String> HOSTILE =
      List.of(
          "plain",
          "",
          "it's",
          "''",
          "\"double\"",
          "$(touch pwned)",
          "`touch pwned`",
          "${HOME}",
          "$HOME",
          "back\\slash\\",
          "line1\nline2\n",
          "\r\n",
          "'; touch pwned; echo '",
          "a\tb",
          "ünïcødé €",
          "!history",
          "*",
          "-n",
          "EOF\nINJECTED=1");

  @TempDir Path dir;

  @Test
  void env_hostileValues_shellReadsThemBackExactly() throws Exception {
    Map<String, String> values = values();
    Path script = dir.resolve("values.sh");
    Files.writeString(script, SecretEnvFormat.ENV.render(values, new Random(1)));

    for (String shell : List.of("/usr/bin/dash", "/usr/bin/bash")) {
      for (Map.Entry<String, String> entry : values.entrySet()) {
        String printed =
            run(shell, "eval \"$(cat '" + script + "')\"; printf '%s' \"$" + entry.getKey() + "\"");
        assertThat(printed).as("%s in %s", entry.getKey(), shell).isEqualTo(entry.getValue());
      }
    }
    assertThat(dir.resolve("pwned")).doesNotExist();
    assertThat(run("/usr/bin/dash", ". '" + script + "'; printf '%s' \"${INJECTED-unset}\""))
        .isEqualTo("unset");
  }

  @Test
  void env_lines_exportSingleQuoted() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("A", "it's");
    values.put("B", "x\ny");

    assertThat(SecretEnvFormat.ENV.render(values, new Random(1)))
        .isEqualTo("export A='it'\\''s'\nexport B='x\ny'\n");
  }

  @Test
  void dotenv_plainAndEscaped() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("A", "plain $HOME");
    values.put("B", "it's \"q\" $HOME `x` \\\nnext\r");

    assertThat(SecretEnvFormat.DOTENV.render(values, new Random(1)))
        .isEqualTo("A='plain $HOME'\nB=\"it's \\\"q\\\" \\$HOME \\`x\\` \\\\\\nnext\\r\"\n");
  }

  @Test
  void github_randomDelimiterNotInTheValue() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("A", "one\ntwo");
    String text = SecretEnvFormat.GITHUB.render(values, new Random(7));

    String[] lines = text.split("\n", -1);
    assertThat(lines[0]).matches("A<<GATEHOUSE_EOF_[0-9a-f]{32}");
    String delimiter = lines[0].substring("A<<".length());
    assertThat(lines).containsExactly(lines[0], "one", "two", delimiter, "");
  }

  @Test
  void github_valueHoldingTheDelimiter_anotherOneChosen() {
    Random first = new Random(3);
    byte[] bytes = new byte[16];
    first.nextBytes(bytes);
    String predicted = "GATEHOUSE_EOF_" + java.util.HexFormat.of().formatHex(bytes);
    Map<String, String> values = Map.of("A", "x\n" + predicted + "\nB=injected");

    String text = SecretEnvFormat.GITHUB.render(values, new Random(3));

    String delimiter = text.substring("A<<".length(), text.indexOf('\n'));
    assertThat(delimiter).isNotEqualTo(predicted);
    assertThat(text).endsWith("\n" + delimiter + "\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"A;B", "$(x)", "1A", "A B", "A\nB", "", "A=B"})
  void render_nameOutsideTheGrammar_refusedForEveryFormat(String name) {
    for (SecretEnvFormat format :
        List.of(SecretEnvFormat.ENV, SecretEnvFormat.DOTENV, SecretEnvFormat.GITHUB)) {
      assertThatThrownBy(() -> format.render(Map.of(name, "v"), new Random(1)))
          .isInstanceOf(SecretInputException.class)
          .hasMessageContaining("not a valid variable name");
    }
  }

  @Test
  void render_nul_refused() {
    assertThatThrownBy(() -> SecretEnvFormat.ENV.render(Map.of("A", "a\0b"), new Random(1)))
        .isInstanceOf(SecretInputException.class);
  }

  private static Map<String, String> values() {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < HOSTILE.size(); i++) {
      values.put("V" + i, HOSTILE.get(i));
    }
    return values;
  }

  private String run(String shell, String command) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(shell, "-c", command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    byte[] out = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    return new String(out, StandardCharsets.UTF_8);
  }
}
