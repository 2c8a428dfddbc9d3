package io.gatehouse.deploy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import io.gatehouse.testing.Chromium;
import io.gatehouse.testing.DatabaseKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The home page as a person sees it, in Debian's Chromium. */
class HomePageIT {
  @Test
  void homePage_inBrowser_showsVersionDatabaseAndWorkingLinks() {
    try (ServerFixture fixture = ServerFixture.start(DatabaseKind.H2.create());
        Chromium chromium = Chromium.launch()) {
      Page page = chromium.newPage();
      List<String> consoleErrors = new ArrayList<>();
      page.onConsoleMessage(
          message -> {
            if (message.type().equals("error")) {
              consoleErrors.add(message.text());
            }
          });

      Response response = page.navigate(fixture.uri("/").toString());

      assertThat(response.status()).isEqualTo(200);
      assertThat(page.title()).isEqualTo("Gatehouse");
      assertThat(page.textContent("h1")).isEqualTo("Gatehouse");
      assertThat(page.textContent("#version")).isEqualTo(GatehouseVersion.current());
      assertThat(page.textContent("#database")).isEqualTo("h2");
      assertThat(page.textContent("#installation"))
          .isEqualTo(fixture.server().installation().id().toString());
      assertThat(page.locator("#links a").allTextContents())
          .containsExactly("API version", "Liveness", "Readiness", "Prometheus metrics");
      // The stylesheet loads under the page's strict Content-Security-Policy.
      assertThat(page.evaluate("getComputedStyle(document.body).fontFamily").toString())
          .contains("system-ui");
      assertThat(consoleErrors).isEmpty();

      page.click("text=API version");
      page.waitForURL("**/api/v1/version");
      assertThat(page.textContent("body")).contains("\"name\":\"gatehouse\"");
    }
  }
}
