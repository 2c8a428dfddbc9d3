package io.gatehouse.dast.findings;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FindingTest {
  private static final Rule XSS = Rule.of("xss-reflected", "XSS", Severity.HIGH, 79, "Encode.");
  private static final Rule CSP = Rule.perSite("csp-missing", "CSP", Severity.MEDIUM, 693, "Send.");

  private static Finding at(Rule rule, String method, String url, String parameter) {
    return new Finding(
        rule, Confidence.HIGH, url, method, parameter, new Finding.Evidence("", "", "detail"));
  }

  @Test
  void fingerprint_sameFindingDifferentEvidenceAndValues_equal() {
    Finding first = at(XSS, "GET", "http://a.test/s?q=1&page=2", "q");
    Finding second =
        new Finding(
            XSS,
            Confidence.CONFIRMED,
            "HTTP://A.test:80/x/../s?page=9&q=shoes#top",
            "GET",
            "q",
            new Finding.Evidence("other", "other", "other"));
    assertThat(first.fingerprint()).isEqualTo(second.fingerprint()).matches("[0-9a-f]{32}");
  }

  @Test
  void fingerprint_differentMethodParameterOrPath_differs() {
    Finding base = at(XSS, "GET", "http://a.test/s?q=1", "q");
    assertThat(at(XSS, "POST", "http://a.test/s?q=1", "q").fingerprint())
        .isNotEqualTo(base.fingerprint());
    assertThat(at(XSS, "GET", "http://a.test/s?q=1", "r").fingerprint())
        .isNotEqualTo(base.fingerprint());
    assertThat(at(XSS, "GET", "http://a.test/t?q=1", "q").fingerprint())
        .isNotEqualTo(base.fingerprint());
    assertThat(at(XSS, "GET", "https://a.test/s?q=1", "q").fingerprint())
        .isNotEqualTo(base.fingerprint());
  }

  @Test
  void fingerprint_perSiteRuleOnOtherPage_equal() {
    assertThat(at(CSP, "GET", "http://a.test/", "").fingerprint())
        .isEqualTo(at(CSP, "GET", "http://a.test/about", "").fingerprint());
  }

  @Test
  void fingerprint_unparsableUrl_stillStable() {
    assertThat(at(XSS, "GET", "http://a b/%%", "q").fingerprint())
        .isEqualTo(at(XSS, "GET", "http://a b/%%", "q").fingerprint());
  }

  @Test
  void clip_cutInsideASurrogatePair_keepsThePairWhole() {
    String text = "ab\uD83D\uDE00cd"; // an emoji at index 2 and 3
    assertThat(Finding.clip(text, 3)).isEqualTo("ab…");
    assertThat(Finding.clip(text, 4)).isEqualTo("ab\uD83D\uDE00…");
    assertThat(Finding.clip(text, 6)).isEqualTo(text);
  }

  @Test
  void excerpt_edgesInsideSurrogatePairs_keepThePairsWhole() {
    String emoji = "\uD83D\uDE00";
    String body = emoji.repeat(200) + "NEEDLE" + emoji.repeat(200);
    String excerpt = Finding.excerpt(body, "NEEDLE");
    assertThat(excerpt).contains("NEEDLE");
    for (int i = 0; i < excerpt.length(); i++) {
      char c = excerpt.charAt(i);
      if (Character.isHighSurrogate(c)) {
        assertThat(Character.isLowSurrogate(excerpt.charAt(i + 1))).as("pair at %d", i).isTrue();
        i++;
      } else {
        assertThat(Character.isLowSurrogate(c)).as("lone low surrogate at %d", i).isFalse();
      }
    }
  }
}
