package io.gatehouse.dast.checks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The SQL injection check on inputs that are injectable, but not into SQL. */
class SqlInjectionCheckTest {
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
  void test_xpathAndLdapInputs_notReported() throws Exception {
    SqlInjectionCheck check = new SqlInjectionCheck();
    assertThat(check.test(target.form("/vuln/xpath/login", "name", "alice"), target.client))
        .isEmpty();
    assertThat(check.test(target.form("/vuln/ldap/login", "user", "alice"), target.client))
        .isEmpty();
  }
}
