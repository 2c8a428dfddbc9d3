package io.gatehouse.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;

class ChromiumTest {
  @Test
  void launch_debianChromium_rendersAPage() {
    try (Chromium chromium = Chromium.launch()) {
      Page page = chromium.newPage();
      page.setContent("<title>probe</title><p id=p>rendered by <b>chromium</b></p>");

      assertThat(chromium.version()).isNotBlank();
      assertThat(page.title()).isEqualTo("probe");
      assertThat(page.textContent("#p")).isEqualTo("rendered by chromium");
    }
  }
}
