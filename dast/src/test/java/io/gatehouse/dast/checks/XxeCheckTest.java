package io.gatehouse.dast.checks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The XXE check, confirmed through the callback listener, against the test app. */
class XxeCheckTest {
  private static TargetApp target;
  private static CallbackListener listener;

  @BeforeAll
  static void start() throws Exception {
    target = TargetApp.start();
    listener = CallbackListener.start(CallbackSettings.loopback());
  }

  @AfterAll
  static void stop() throws Exception {
    listener.close();
    target.close();
  }

  @Test
  void xxe_externalEntityResolved_reported() throws Exception {
    XxeCheck check = new XxeCheck(listener);
    assertThat(check.test(target.form("/vuln/xxe/import", "xml", "<a/>"), target.client))
        .isPresent();
    assertThat(check.test(target.query("/vuln/xxe/upload", "doc", "<a/>"), target.client))
        .isPresent();
  }

  @Test
  void xxe_doctypeRefused_notReported() throws Exception {
    XxeCheck check = new XxeCheck(listener);
    assertThat(check.test(target.form("/safe/xxe/import", "xml", "<a/>"), target.client)).isEmpty();
  }
}
