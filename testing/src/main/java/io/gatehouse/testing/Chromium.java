package io.gatehouse.testing;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Debian's Chromium driven through Playwright, for tests that look at what a person would see.
 *
 * <p>Playwright never downloads a browser here: it drives the executable at {@code
 * /usr/bin/chromium} (or {@code GATEHOUSE_CHROMIUM}), which the test command installs. A missing
 * browser fails the test with a message saying how to install it; it is never skipped.
 */
public final class Chromium implements AutoCloseable {
  /** Where Debian's {@code chromium} package puts the browser. */
  public static final Path DEFAULT_EXECUTABLE = Path.of("/usr/bin/chromium");

  private static final List<String> ARGS =
      List.of(
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync");

  private final Playwright playwright;
  private final Browser browser;

  private Chromium(Playwright playwright, Browser browser) {
    this.playwright = playwright;
    this.browser = browser;
  }

  /** Starts a headless browser; close it when done. */
  public static Chromium launch() {
    Path executable = executable();
    if (!Files.isExecutable(executable)) {
      throw new IllegalStateException(
          "no Chromium at "
              + executable
              + "; install it with `apt-get install chromium` (bin/test does) or set"
              + " GATEHOUSE_CHROMIUM");
    }
    Playwright playwright =
        Playwright.create(
            new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    try {
      Browser browser =
          playwright
              .chromium()
              .launch(
                  new BrowserType.LaunchOptions()
                      .setExecutablePath(executable)
                      .setHeadless(true)
                      .setArgs(ARGS));
      return new Chromium(playwright, browser);
    } catch (RuntimeException e) {
      playwright.close();
      throw e;
    }
  }

  /** A new page in a fresh browser context. */
  public Page newPage() {
    return browser.newContext().newPage();
  }

  /** The browser's version string. */
  public String version() {
    return browser.version();
  }

  @Override
  public void close() {
    browser.close();
    playwright.close();
  }

  private static Path executable() {
    String override = System.getenv("GATEHOUSE_CHROMIUM");
    return override == null || override.isBlank() ? DEFAULT_EXECUTABLE : Path.of(override);
  }
}
