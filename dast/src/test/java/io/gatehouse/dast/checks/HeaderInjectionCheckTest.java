package io.gatehouse.dast.checks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The CRLF injection check against the test app's headers. */
class HeaderInjectionCheckTest {
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
