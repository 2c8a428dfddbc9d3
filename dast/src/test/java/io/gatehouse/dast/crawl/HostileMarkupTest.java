package io.gatehouse.dast.crawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.net.URI;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Garbage and hostile markup through every parser of the crawler: no exception, bounded output. */
class HostileMarkupTest {
  private static final String ALPHABET =
      "<>'\"`=/\\%&#;:?@[]{}()!* \t\r\n\u0000\u00e9\u202e\ud83d\ude00aAzZ09-_."
          + "<a href=<form action=<input name=<base href=<meta http-equiv=refresh content=";
  private static final URI PAGE = URI.create("http://shop.test/dir/page");

  static String garbage(Random random, int length) {
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      if (random.nextInt(10) == 0) {
        int start = random.nextInt(ALPHABET.length() - 20);
        text.append(ALPHABET, start, start + 1 + random.nextInt(19));
      } else {
        text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
      }
    }
    return text.toString();
  }

  @Test
  void parse_randomHostileMarkup_neverThrows() {
    Random random = new Random(20261123);
    for (int i = 0; i < 2_000; i++) {
      String html = garbage(random, random.nextInt(2_000));
      assertThatCode(() -> PageParser.parse(PAGE, html)).as(html).doesNotThrowAnyException();
      assertThatCode(() -> Urls.resolve(PAGE, html)).as(html).doesNotThrowAnyException();
      assertThatCode(() -> RobotsAndSitemaps.parseRobots(PAGE, html)).doesNotThrowAnyException();
      assertThatCode(() -> RobotsAndSitemaps.parseSitemap(PAGE, html)).doesNotThrowAnyException();
    }
  }

  @Test
  void parse_manyLinksAndForms_bounded() {
    String html = linkSoup(50_000) + "<form><input name=a></form>".repeat(500);
    PageParser.Page page = PageParser.parse(PAGE, html);
    assertThat(page.links()).hasSizeLessThanOrEqualTo(2_000);
    assertThat(page.forms()).hasSizeLessThanOrEqualTo(100);
  }

  @Test
  void parse_formWithThousandsOfFields_bounded() {
    String html = "<form>" + "<input name=f>".repeat(10_000) + "</form>";
    assertThat(PageParser.parse(PAGE, html).forms().get(0).parameters())
        .hasSizeLessThanOrEqualTo(100);
  }

  @Test
  void parseRobots_hugeFile_boundedUrls() {
    String robots = disallows(50_000);
    assertThat(RobotsAndSitemaps.parseRobots(PAGE, robots).paths()).hasSizeLessThanOrEqualTo(1_000);
  }

  private static String linkSoup(int n) {
    StringBuilder html = new StringBuilder();
    for (int i = 0; i < n; i++) {
      html.append("<a href=\"/l").append(i).append("\">x</a>");
    }
    return html.toString();
  }

  private static String disallows(int n) {
    StringBuilder robots = new StringBuilder();
    for (int i = 0; i < n; i++) {
      robots.append("Disallow: /p").append(i).append('\n');
    }
    return robots.toString();
  }
}
