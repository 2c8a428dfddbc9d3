package io.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.deploy.server.GatehouseVersion;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class GatehouseTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Gatehouse.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void help_listsTheCommands() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("Usage: gatehouse").contains("server");
  }

  @Test
  void help_listsTheSigningAndPolicyCommands() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("keygen", "sign", "verify", "policy");
  }

  @Test
  void version_printsTheBuildVersion() {
    assertThat(run("--version")).isZero();
    assertThat(out.toString()).startsWith("gatehouse " + GatehouseVersion.current());
  }

  @Test
  void noCommand_printsUsageAndExits2() {
    assertThat(run()).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required command").contains("Usage: gatehouse");
  }

  @Test
  void unknownCommand_printsUsageAndExits2() {
    assertThat(run("frobnicate")).isEqualTo(2);
    assertThat(err.toString()).contains("'frobnicate'").contains("Usage: gatehouse");
  }

  @Test
  void unknownFlag_printsUsageAndExits2() {
    assertThat(run("--frobnicate")).isEqualTo(2);
    assertThat(err.toString()).contains("--frobnicate").contains("Usage: gatehouse");
  }

  @Test
  void serverHelp_documentsEveryOption() {
    assertThat(run("server", "--help")).isZero();
    assertThat(out.toString())
        .contains("--port", "--bind", "--data-dir", "--database-url")
        .contains("--database-connect-timeout", "--shutdown-timeout", "--verbose")
        .contains("GATEHOUSE_DB_USER", "GATEHOUSE_DB_PASSWORD", "GATEHOUSE_LOG_FORMAT");
  }

  @Test
  void helpCommand_showsTheServerHelp() {
    assertThat(run("help", "server")).isZero();
    assertThat(out.toString()).contains("Usage: gatehouse server");
  }

  @Test
  void server_portNotANumber_namesTheOptionAndExits2() {
    assertThat(run("server", "--port", "notaport")).isEqualTo(2);
    assertThat(err.toString())
        .contains(
            "Invalid value for option '--port': 'notaport' is not a port number (0 to 65535)");
  }

  @Test
  void server_portOutOfRange_exits2() {
    assertThat(run("server", "--port", "70000")).isEqualTo(2);
    assertThat(err.toString()).contains("'--port'").contains("70000");
  }

  @Test
  void server_unsupportedDatabaseUrl_exits2() {
    assertThat(run("server", "--database-url", "jdbc:mysql://db/gatehouse")).isEqualTo(2);
    assertThat(err.toString()).contains("'--database-url'").contains("jdbc:postgresql://");
  }

  @Test
  void server_signingKeyRotationUnderAnHour_exits2() {
    assertThat(run("server", "--signing-key-rotation", "30m")).isEqualTo(2);
    assertThat(err.toString()).contains("'--signing-key-rotation': at least 1h, not 30m");
  }

  @Test
  void server_badDuration_exits2() {
    assertThat(run("server", "--shutdown-timeout", "soon")).isEqualTo(2);
    assertThat(err.toString()).contains("--shutdown-timeout").contains("'soon' is not a duration");
  }

  @Test
  void server_connectTimeoutOutOfRange_exits2() {
    assertThat(run("server", "--database-connect-timeout", "2h")).isEqualTo(2);
    assertThat(err.toString()).contains("connect timeout");
  }
}
