package io.gatehouse.dast.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.dast.findings.Finding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The LDAP injection check against the test app's directory. */
class LdapInjectionCheckTest {
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
  void ldap_errorShown_reportedErrorBased() throws Exception {
    Finding finding =
        new LdapInjectionCheck()
            .test(target.query("/vuln/ldap/user", "uid", "alice"), target.client)
            .orElseThrow();
    assertThat(finding.evidence().detail())
        .startsWith("error-based")
        .contains("InvalidSearchFilterException");
  }

  @Test
  void ldap_blindForm_reportedBooleanBased() throws Exception {
    Finding finding =
        new LdapInjectionCheck()
            .test(target.form("/vuln/ldap/login", "user", "alice"), target.client)
            .orElseThrow();
    assertThat(finding.evidence().detail()).startsWith("boolean-based");
  }

  @Test
  void ldap_escapedFilter_notReported() throws Exception {
    LdapInjectionCheck check = new LdapInjectionCheck();
    assertThat(check.test(target.query("/safe/ldap/user", "uid", "alice"), target.client))
        .isEmpty();
    assertThat(check.test(target.form("/safe/ldap/login", "user", "alice"), target.client))
        .isEmpty();
  }

  @Test
  void ldap_sqlInjectableInput_notReported() throws Exception {
    assertThat(
            new LdapInjectionCheck()
                .test(target.query("/vuln/sqli/name", "name", "Widget"), target.client))
        .isEmpty();
  }
}
