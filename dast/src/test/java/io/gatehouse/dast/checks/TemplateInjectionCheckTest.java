package io.gatehouse.dast.checks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The template injection check against the test app's real template engines: Jinjava ({@code {{
 * }}}), FreeMarker ({@code ${ }}, numbers grouped by thousands) and Velocity ({@code #set}).
 */
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
    assertThat(check.test(target.query("/vuln/template/card", "to", "Alice"), target.client))
        .hasValueSatisfying(f -> assertThat(f.evidence().detail()).contains("#set("));
  }

  @Test
  void template_dataAndEcho_notReported() throws Exception {
    TemplateInjectionCheck check = new TemplateInjectionCheck();
    assertThat(check.test(target.query("/safe/template/greet", "name", "World"), target.client))
        .isEmpty();
    assertThat(check.test(target.form("/safe/template/mail", "subject", "Hi"), target.client))
        .isEmpty();
    assertThat(check.test(target.query("/safe/template/card", "to", "Alice"), target.client))
        .isEmpty();
    assertThat(check.test(target.query("/safe/template/echo", "expr", "1"), target.client))
        .isEmpty();
  }

  @Test
  void product_plainOrGroupedByThousands_matchesThatNumber() {
    java.util.regex.Pattern product = TemplateInjectionCheck.product(6_996_780);
    assertThat(product.matcher("<p>6996780</p>").find()).isTrue();
    assertThat(product.matcher("<p>6,996,780</p>").find()).isTrue();
    assertThat(product.matcher("<p>6.996.780</p>").find()).isTrue();
    assertThat(product.matcher("<p>6\u00a0996\u00a0780</p>").find()).isTrue();
    assertThat(product.matcher("<p>6'996'780</p>").find()).isTrue();
    // after a value that ends in a digit, as "Gatehouse-DAST/0.1" + the product
    assertThat(product.matcher("<p>Hello Agent/0.16,996,780!</p>").find()).isTrue();
    assertThat(product.matcher("<p>6,996,781</p>").find()).isFalse();
    assertThat(product.matcher("<p>6,,996,780</p>").find()).isFalse();
    assertThat(product.matcher("<p>${1234*5670}</p>").find()).isFalse();
    assertThat(TemplateInjectionCheck.product(101_000).matcher("101,000").find()).isTrue();
    assertThat(TemplateInjectionCheck.product(101_000).matcher("1,01,000").find()).isFalse();
  }
}
