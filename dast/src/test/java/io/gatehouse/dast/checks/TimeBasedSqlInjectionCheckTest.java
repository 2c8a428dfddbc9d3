package io.gatehouse.dast.checks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The time-based SQL injection check against the test app. */
class TimeBasedSqlInjectionCheckTest {
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
  void template_apply_writesEachDatabasesDelay() {
    var mysql = new TimeBasedSqlInjectionCheck.Template("MySQL", "{v} AND SLEEP({s})");
    var mssql = new TimeBasedSqlInjectionCheck.Template("SQL Server", "{v};WAITFOR DELAY '{ms}'--");
    assertThat(mysql.apply("2", 0.8)).isEqualTo("2 AND SLEEP(0.8)");
    assertThat(mysql.apply("2", 0)).isEqualTo("2 AND SLEEP(0)");
    assertThat(mssql.apply("2", 1)).isEqualTo("2;WAITFOR DELAY '00:00:01.000'--");
  }
}
