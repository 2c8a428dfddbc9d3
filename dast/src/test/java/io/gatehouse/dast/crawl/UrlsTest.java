package io.gatehouse.dast.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class UrlsTest {
  private final URI base = URI.create("http://Example.com:80/dir/page?x=1");

  @Test
  void resolve_relativeWithDotsAndFragment_normalised() {
    assertThat(Urls.resolve(base, "../a/./b?q=1#top"))
        .hasValue(URI.create("http://example.com/a/b?q=1"));
  }

  @Test
  void resolve_nonHttpSchemes_empty() {
    assertThat(Urls.resolve(base, "javascript:alert(1)")).isEmpty();
    assertThat(Urls.resolve(base, "mailto:a@b")).isEmpty();
    assertThat(Urls.resolve(base, "data:text/html,x")).isEmpty();
  }

  @Test
  void resolve_malformedOrHuge_emptyNotException() {
    assertThat(Urls.resolve(base, "http://[::1")).isEmpty();
    assertThat(Urls.resolve(base, "/" + "a".repeat(5000))).isEmpty();
    assertThat(Urls.resolve(base, "   ")).isEmpty();
  }

  @Test
  void resolve_spacesAndPipes_escaped() {
    assertThat(Urls.resolve(base, "/a b|c")).hasValue(URI.create("http://example.com/a%20b%7Cc"));
  }

  @Test
  void template_numbersAndTokens_replaced() {
    assertThat(Urls.template(URI.create("http://h/item/42/photo/7")))
        .isEqualTo(Urls.template(URI.create("http://h/item/9/photo/13")));
    assertThat(Urls.template(URI.create("http://h/u/0123456789abcdef0123")))
        .isEqualTo(Urls.template(URI.create("http://h/u/fedcba98765432100000")));
  }

  @Test
  void queryParameters_malformedPercent_keptRaw() {
    assertThat(Urls.queryParameters(Urls.resolve(base, "/?a=%zz&b=1&&c").orElseThrow()))
        .extracting(Parameter::name, Parameter::value)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", "%zz"),
            org.assertj.core.groups.Tuple.tuple("b", "1"),
            org.assertj.core.groups.Tuple.tuple("c", ""));
  }
}
