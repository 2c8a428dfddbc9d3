package io.gatehouse.dast.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.dast.findings.Finding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The LDAP, XPath, template and CRLF injection checks against the test app's targets. */
class QueryInjectionChecksTest {
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

  @Test
  void sqlInjection_xpathAndLdapInputs_notReported() throws Exception {
    SqlInjectionCheck check = new SqlInjectionCheck();
    assertThat(check.test(target.form("/vuln/xpath/login", "name", "alice"), target.client))
        .isEmpty();
    assertThat(check.test(target.form("/vuln/ldap/login", "user", "alice"), target.client))
        .isEmpty();
  }

  @Test
  void template_evaluatedExpression_reportedWithBothProducts() throws Exception {
    TemplateInjectionCheck check = new TemplateInjectionCheck();
    assertThat(check.test(target.query("/vuln/template/greet", "name", "World"), target.client))
        .hasValueSatisfying(f -> assertThat(f.evidence().detail()).contains("{{"));
    assertThat(check.test(target.form("/vuln/template/mail", "subject", "Hi"), target.client))
        .hasValueSatisfying(f -> assertThat(f.evidence().detail()).contains("${"));
  }

  @Test
  void template_dataAndEcho_notReported() throws Exception {
    TemplateInjectionCheck check = new TemplateInjectionCheck();
    assertThat(check.test(target.query("/safe/template/greet", "name", "World"), target.client))
        .isEmpty();
    assertThat(check.test(target.form("/safe/template/mail", "subject", "Hi"), target.client))
        .isEmpty();
    assertThat(check.test(target.query("/safe/template/echo", "expr", "1"), target.client))
        .isEmpty();
  }

  @Test
  void crlf_headerAndCookie_reported() throws Exception {
    HeaderInjectionCheck check = new HeaderInjectionCheck();
    assertThat(check.test(target.query("/vuln/crlf/redirect", "to", "/"), target.client))
        .hasValueSatisfying(f -> assertThat(f.evidence().detail()).contains("injected header"));
    assertThat(check.test(target.form("/vuln/crlf/lang", "lang", "en"), target.client)).isPresent();
  }

  @Test
  void crlf_strippedOrEncoded_notReported() throws Exception {
    HeaderInjectionCheck check = new HeaderInjectionCheck();
    assertThat(check.test(target.query("/safe/crlf/redirect", "to", "/"), target.client)).isEmpty();
    assertThat(check.test(target.form("/safe/crlf/lang", "lang", "en"), target.client)).isEmpty();
    assertThat(check.test(target.query("/vuln/redirect", "next", "/"), target.client)).isEmpty();
  }
}
