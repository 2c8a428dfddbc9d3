package io.gatehouse.dast.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.testapp.VulnerableApp;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The stored XSS check against the test app. */
class StoredXssCheckTest {
  private static TargetApp target;

  @BeforeAll
  static void start() throws Exception {
    target = TargetApp.start(Map.of("Cookie", VulnerableApp.SESSION_COOKIE));
  }

  @AfterAll
  static void stop() throws Exception {
    target.close();
  }

  private static List<String> where(List<Finding> findings) {
    return findings.stream()
        .map(f -> f.rule().id() + " " + URI.create(f.url()).getPath() + " " + f.parameter())
        .toList();
  }

  @Test
  void run_submittedAndShownElsewhere_reportedAtTheInput() {
    List<InjectionPoint> points =
        List.of(
            target.form("/vuln/guestbook/sign", "message", "Hi"),
            target.form("/safe/guestbook/sign", "message", "Hi"),
            target.query("/vuln/profile/nick", "nick", "guest"),
            target.query("/safe/profile/nick", "nick", "guest"),
            target.query("/vuln/xss/text", "q", "shoes"));
    List<URI> pages =
        List.of(
            target.app.base().resolve("/vuln/guestbook"),
            target.app.base().resolve("/safe/guestbook"),
            target.app.base().resolve("/vuln/profile/nick?nick=guest"),
            target.app.base().resolve("/vuln/profile"),
            target.app.base().resolve("/safe/profile"),
            target.app.base().resolve("/vuln/xss/text?q=shoes"));
    List<Finding> findings =
        new StoredXssCheck().run(target.app.base(), pages, points, target.client);
    assertThat(where(findings))
        .containsExactlyInAnyOrder(
            "xss-stored /vuln/guestbook/sign message", "xss-stored /vuln/profile/nick nick");
    assertThat(findings.get(0).evidence().detail()).startsWith("stored and shown on");
  }

  @Test
  void run_showingPageAfterTwoHundredOtherPages_stillRead() {
    List<InjectionPoint> points = new java.util.ArrayList<>();
    List<URI> pages = new java.util.ArrayList<>();
    for (int i = 0; i < 200; i++) {
      pages.add(target.app.base().resolve("/elsewhere/" + i));
      points.add(target.query("/safe/xss/text", "q" + i, "shoes"));
    }
    points.add(target.form("/vuln/guestbook/sign", "message", "Hi"));
    pages.add(target.app.base().resolve("/vuln/guestbook"));

    List<Finding> findings =
        new StoredXssCheck().run(target.app.base(), pages, points, target.client);

    assertThat(where(findings)).containsExactly("xss-stored /vuln/guestbook/sign message");
  }
}
