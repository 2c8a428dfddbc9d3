package io.gatehouse.deploy.federation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GlobTest {
  @Test
  void matches_starAcrossSeparators_matches() {
    assertThat(Glob.matches("repo:acme/shop:*", "repo:acme/shop:environment:prod")).isTrue();
    assertThat(
            Glob.matches("repo:acme/*:ref:refs/heads/main", "repo:acme/shop:ref:refs/heads/main"))
        .isTrue();
    assertThat(Glob.matches("*", "")).isTrue();
    assertThat(Glob.matches("a*b*c", "abc")).isTrue();
  }

  @Test
  void matches_literalMismatch_doesNotMatch() {
    assertThat(Glob.matches("repo:acme/shop:*", "repo:acme/shopping:x")).isFalse();
    assertThat(Glob.matches("repo:acme/shop", "repo:acme/shop:x")).isFalse();
    assertThat(Glob.matches("repo:acme/shop:*", "repo:acme/shop")).isFalse();
    assertThat(Glob.matches("?", "a")).isFalse();
  }

  @Test
  void matches_hostilePattern_finishesQuickly() {
    String pattern = "*a".repeat(200) + "b";
    String text = "a".repeat(1000);
    long started = System.nanoTime();

    assertThat(Glob.matches(pattern, text)).isFalse();

    assertThat(System.nanoTime() - started).isLessThan(1_000_000_000L);
  }
}
