package io.gatehouse.images.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.images.reference.ImageReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TrustedSourceTest {
  @ParameterizedTest
  @CsvSource({
    "myacr.azurecr.io, myacr.azurecr.io/app, true",
    "myacr.azurecr.io, MYACR.AzureCR.io/app, true",
    "MYACR.azurecr.io, myacr.azurecr.io/app, true",
    "myacr.azurecr.io, myacr.azurecr.io:443/app, false",
    "myacr.azurecr.io, myacr.azurecr.io.evil.com/app, false",
    "myacr.azurecr.io, evilmyacr.azurecr.io/app, false",
    "myacr.azurecr.io, x.myacr.azurecr.io/app, false",
    "localhost:5000, localhost:5000/app, true",
    "localhost:5000, localhost:50000/app, false",
    "localhost:5000, localhost/app, false",
    "localhost:5000, localhost:500/app, false",
    "localhost, localhost/app, true",
    "localhost, localhost:5000/app, false",
    "myacr.azurecr.io/team-a, myacr.azurecr.io/team-a/app, true",
    "myacr.azurecr.io/team-a, myacr.azurecr.io/team-a, true",
    "myacr.azurecr.io/team-a, myacr.azurecr.io/team-ab/app, false",
    "myacr.azurecr.io/team-a, myacr.azurecr.io/team-a-b/app, false",
    "myacr.azurecr.io/team-a, myacr.azurecr.io/other/team-a, false",
    "myacr.azurecr.io/team-a/sub, myacr.azurecr.io/team-a/sub/x, true",
    "myacr.azurecr.io/team-a/sub, myacr.azurecr.io/team-a/x, false",
    "*.azurecr.io, x.azurecr.io/app, true",
    "*.azurecr.io, a.b.azurecr.io/app, true",
    "*.azurecr.io, X.AZURECR.IO/app, true",
    "*.azurecr.io, azurecr.io/app, false",
    "*.azurecr.io, evilazurecr.io/app, false",
    "*.azurecr.io, xazurecr.io/app, false",
    "*.azurecr.io, azurecr.io.evil.com/app, false",
    "*.azurecr.io, x.azurecr.io.evil.com/app, false",
    "*.azurecr.io, x.azurecr.io:5000/app, false",
    "*.azurecr.io:5000, x.azurecr.io:5000/app, true",
    "*.azurecr.io:5000, x.azurecr.io/app, false",
    "*.azurecr.io/team-a, x.azurecr.io/team-a/app, true",
    "*.azurecr.io/team-a, x.azurecr.io/team-ab, false",
    "docker.io/library, nginx, true",
    "docker.io/library, library/nginx, true",
    "docker.io/library, docker.io/library/nginx:1, true",
    "docker.io/library, index.docker.io/library/nginx, true",
    "docker.io/library, nginxinc/nginx, false",
    "docker.io/library, evil.com/library/nginx, false",
    "docker.io/library, registry-1.docker.io/library/nginx, false",
    "index.docker.io/library, nginx, true",
    "docker.io, nginx, true",
    "docker.io, user/app, true",
    "docker.io/mycompany, docker.io/mycompany/x, true",
    "docker.io/mycompany, mycompany/x, true",
    "docker.io/mycompany, docker.io/mycompanyevil/x, false",
    "docker.io/mycompany, mycompanyevil/x, false",
    "[::1]:5000, [::1]:5000/x, true",
    "[2001:db8::1], [2001:DB8::1]/x, true",
    "[2001:db8::1], [2001:db8::1]:5000/x, false",
  })
  void matches_reference_followsHostPortAndPrefixRules(
      String source, String image, boolean expected) {
    assertThat(TrustedSource.parse(source).matches(ImageReference.parse(image)))
        .as("%s matches %s", source, image)
        .isEqualTo(expected);
  }

  @Test
  void parse_normalizes() {
    assertThat(TrustedSource.parse("MyACR.AzureCR.io/team-a"))
        .hasToString("myacr.azurecr.io/team-a");
    assertThat(TrustedSource.parse("index.docker.io/library")).hasToString("docker.io/library");
    assertThat(TrustedSource.parse("*.Index.Docker.io")).hasToString("*.index.docker.io");
    assertThat(TrustedSource.parse("*.azurecr.io").isWildcard()).isTrue();
    assertThat(TrustedSource.parse("a.io/b/c").repositoryPrefix()).contains("b/c");
    assertThat(TrustedSource.parse("a.io").repositoryPrefix()).isEmpty();
    assertThat(TrustedSource.parse("A.io")).isEqualTo(TrustedSource.parse("a.io"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "nginx",
        "mycompany/app",
        "*",
        "*.io",
        "*.localhost",
        "**.azurecr.io",
        "a.*.azurecr.io",
        "azurecr.*",
        "*azurecr.io",
        "*.[::1]",
        "myacr.azurecr.io/",
        "myacr.azurecr.io//x",
        "myacr.azurecr.io/Team-A",
        "myacr.azurecr.io/app:1.0",
        "myacr.azurecr.io/app@sha256:abc",
        "myacr.azurecr.io@evil.com",
        "myacr.azurecr.io:443.evil.com",
        "my acr.io",
        "myacr.azurecr.io/team-*",
        "-bad.io",
        "m\u00fcnchen.de",
        "xn--mnchen-3ya.de/\u0430pp"
      })
  void parse_invalid_isRefused(String text) {
    assertThatThrownBy(() -> TrustedSource.parse(text))
        .isInstanceOf(InvalidTrustedSourceException.class)
        .satisfies(e -> assertThat(((InvalidTrustedSourceException) e).input()).isEqualTo(text));
  }

  @Test
  void parse_punycodeHost_isMatchedExactly() {
    TrustedSource source = TrustedSource.parse("xn--mnchen-3ya.de");

    assertThat(source.matches(ImageReference.parse("xn--mnchen-3ya.de/app"))).isTrue();
    assertThat(source.matches(ImageReference.parse("xn--mnchen-3yb.de/app"))).isFalse();
  }

  @Test
  void parse_tooLong_isRefused() {
    assertThatThrownBy(() -> TrustedSource.parse("a.io/" + "b".repeat(600)))
        .isInstanceOf(InvalidTrustedSourceException.class)
        .hasMessageStartingWith("trusted source is longer than 512 characters");
  }

  @Test
  void parse_bareName_explainsTheRegistryIsMissing() {
    assertThatThrownBy(() -> TrustedSource.parse("mycompany"))
        .hasMessageContaining("must start with a registry host")
        .hasMessageContaining("docker.io/mycompany");
  }
}
