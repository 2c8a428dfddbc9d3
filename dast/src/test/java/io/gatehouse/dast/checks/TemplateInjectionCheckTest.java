package io.gatehouse.dast.checks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The template injection check against the test app's template engines. */
class TemplateInjectionCheckTest {
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
}
