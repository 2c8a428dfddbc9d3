package io.gatehouse.dast.checks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The XPath injection check against the test app's XPath queries. */
class XpathInjectionCheckTest {
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
  void xpath_errorAndBlind_reported() throws Exception {
    XpathInjectionCheck check = new XpathInjectionCheck();
    assertThat(check.test(target.query("/vuln/xpath/user", "name", "alice"), target.client))
        .hasValueSatisfying(f -> assertThat(f.evidence().detail()).startsWith("error-based"));
    assertThat(check.test(target.form("/vuln/xpath/login", "name", "alice"), target.client))
        .hasValueSatisfying(f -> assertThat(f.evidence().detail()).startsWith("boolean-based"));
  }

  @Test
  void xpath_variablesAndSqlInjection_notReported() throws Exception {
    XpathInjectionCheck check = new XpathInjectionCheck();
    assertThat(check.test(target.query("/safe/xpath/user", "name", "alice"), target.client))
        .isEmpty();
    assertThat(check.test(target.form("/safe/xpath/login", "name", "alice"), target.client))
        .isEmpty();
    assertThat(check.test(target.query("/vuln/sqli/name", "name", "Widget"), target.client))
        .isEmpty();
  }
}
