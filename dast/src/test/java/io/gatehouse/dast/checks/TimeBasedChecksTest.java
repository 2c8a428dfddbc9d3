package io.gatehouse.dast.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The time-based SQL and command injection checks against the test app's targets. */
class TimeBasedChecksTest {
  private static TargetApp target;

  @BeforeAll
  static void start() throws Exception {
    target = TargetApp.start();
  }

  @AfterAll
  static void stop() throws Exception {
    target.close();
  }

  @Test
  void sql_sleepInNumberAndString_reported() throws Exception {
    TimeBasedSqlInjectionCheck check = new TimeBasedSqlInjectionCheck();
    assertThat(check.test(target.query("/vuln/sqli-time/stock", "id", "2"), target.client))
        .hasValueSatisfying(f -> assertThat(f.evidence().detail()).startsWith("MySQL delay"));
    assertThat(
            check.test(target.form("/vuln/sqli-time/subscribe", "email", "a@b.c"), target.client))
        .hasValueSatisfying(f -> assertThat(f.evidence().detail()).startsWith("PostgreSQL delay"));
  }

  @Test
  void sql_parameterisedAndSlowOnItsOwn_notReported() throws Exception {
    TimeBasedSqlInjectionCheck check = new TimeBasedSqlInjectionCheck();
    assertThat(check.test(target.query("/safe/sqli-time/stock", "id", "2"), target.client))
        .isEmpty();
    assertThat(check.test(target.query("/safe/slow", "id", "1"), target.client)).isEmpty();
  }

  @Test
  void command_blindShell_reported() throws Exception {
    assertThat(
            new TimeBasedCommandInjectionCheck()
                .test(target.query("/vuln/cmd-time/backup", "name", "report"), target.client))
        .hasValueSatisfying(f -> assertThat(f.evidence().detail()).contains("sleep"));
  }

  @Test
  void command_noShellAndSlowOnItsOwn_notReported() throws Exception {
    TimeBasedCommandInjectionCheck check = new TimeBasedCommandInjectionCheck();
    assertThat(check.test(target.query("/safe/cmd-time/backup", "name", "report"), target.client))
        .isEmpty();
    assertThat(check.test(target.query("/safe/slow", "id", "1"), target.client)).isEmpty();
  }

  @Test
  void baseline_noisyEndpoint_asksForALongerDelay() {
    TimeProbes.Baseline quiet = TimeProbes.of(List.of(2.0, 3.0, 2.0, 3.0));
    TimeProbes.Baseline noisy = TimeProbes.of(List.of(100.0, 900.0, 50.0, 700.0));
    assertThat(quiet.delaySeconds()).isEqualTo(0.8);
    assertThat(noisy.delaySeconds()).isGreaterThan(2 * 0.9);
    assertThat(noisy.delaySeconds() * 1000).isGreaterThanOrEqualTo(2 * noisy.upperMillis());
  }

  @Test
  void template_apply_writesEachDatabasesDelay() {
    var mysql = new TimeBasedSqlInjectionCheck.Template("MySQL", "{v} AND SLEEP({s})");
    var mssql = new TimeBasedSqlInjectionCheck.Template("SQL Server", "{v};WAITFOR DELAY '{ms}'--");
    assertThat(mysql.apply("2", 0.8)).isEqualTo("2 AND SLEEP(0.8)");
    assertThat(mysql.apply("2", 0)).isEqualTo("2 AND SLEEP(0)");
    assertThat(mssql.apply("2", 1)).isEqualTo("2;WAITFOR DELAY '00:00:01.000'--");
  }
}
