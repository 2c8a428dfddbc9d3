package io.gatehouse.dast.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ScopeTest {
  private final Scope scope =
      Scope.of(
          URI.create("https://App.example.com/start"),
          List.of(Pattern.compile("https://api\\.example\\.com/.*")),
          List.of(Pattern.compile("/logout")));

  @Test
  void allows_sameOriginAnyCaseAndExplicitDefaultPort_allowed() {
    assertThat(scope.allows(URI.create("https://app.example.com/x"))).isTrue();
    assertThat(scope.allows(URI.create("HTTPS://APP.EXAMPLE.COM:443/x?y=1"))).isTrue();
  }

  @Test
  void allows_otherSchemePortOrHost_refused() {
    assertThat(scope.allows(URI.create("http://app.example.com/"))).isFalse();
    assertThat(scope.allows(URI.create("https://app.example.com:8443/"))).isFalse();
    assertThat(scope.allows(URI.create("https://evil.example.com/"))).isFalse();
    assertThat(scope.allows(URI.create("https://app.example.com.evil.com/"))).isFalse();
  }

  @Test
  void allows_userinfoTrick_judgedByTheRealHost() {
    assertThat(scope.allows(URI.create("https://app.example.com@evil.com/"))).isFalse();
  }

  @Test
  void allows_nonHttpSchemes_refused() {
    assertThat(scope.allows(URI.create("file:///etc/passwd"))).isFalse();
    assertThat(scope.allows(URI.create("javascript:alert(1)"))).isFalse();
    assertThat(scope.allows(URI.create("/relative"))).isFalse();
  }

  @Test
  void allows_includePattern_matchesWholeUrlOnly() {
    assertThat(scope.allows(URI.create("https://api.example.com/v1"))).isTrue();
    assertThat(scope.allows(URI.create("https://evil.com/?https://api.example.com/v1"))).isFalse();
  }

  @Test
  void allows_excludePattern_winsOverOrigin() {
    assertThat(scope.refusal(URI.create("https://app.example.com/logout")))
        .hasValueSatisfying(reason -> assertThat(reason).contains("exclude"));
    assertThat(scope.allows(URI.create("https://api.example.com/logout"))).isFalse();
  }

  @Test
  void of_nonHttpTarget_rejected() {
    assertThatThrownBy(() -> Scope.of(URI.create("ftp://x/"), List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ftp://x/");
  }
}
