package io.gatehouse.dast.checks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The time-based command injection check against the test app. */
class TimeBasedCommandInjectionCheckTest {
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
}
