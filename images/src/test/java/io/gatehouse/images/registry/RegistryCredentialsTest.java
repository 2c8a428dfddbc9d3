package io.gatehouse.images.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryCredentialsTest {
  private static RegistryCredentials parse(String json) {
    return RegistryCredentials.parse("test", json.getBytes(StandardCharsets.UTF_8));
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void parse_authField_decodesUserAndPassword() {
    RegistryCredentials credentials =
        parse("{\"auths\":{\"ghcr.io\":{\"auth\":\"" + base64("ci:s3:cr:et") + "\"}}}");

    assertThat(credentials.forRegistry("ghcr.io")).contains(new BasicCredentials("ci", "s3:cr:et"));
  }

  @Test
  void parse_usernameAndPassword_areUsed() {
    RegistryCredentials credentials =
        parse("{\"auths\":{\"https://reg.example:5000\":{\"username\":\"u\",\"password\":\"p\"}}}");

    assertThat(credentials.forRegistry("reg.example:5000"))
        .contains(new BasicCredentials("u", "p"));
    assertThat(credentials.forRegistry("reg.example")).isEmpty();
  }

  @Test
  void forRegistry_dockerHubAliases_findLegacyKey() {
    RegistryCredentials credentials =
        parse("{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"" + base64("a:b") + "\"}}}");

    assertThat(credentials.forRegistry("docker.io")).isPresent();
    assertThat(credentials.forRegistry("registry-1.docker.io")).isPresent();
    assertThat(credentials.forRegistry("index.docker.io")).isPresent();
  }

  @Test
  void parse_authWithoutColon_failsWithoutShowingTheSecret() {
    assertThatThrownBy(
            () -> parse("{\"auths\":{\"ghcr.io\":{\"auth\":\"" + base64("topsecret") + "\"}}}"))
        .isInstanceOf(InvalidDockerConfigException.class)
        .hasMessageContaining("auths.ghcr.io.auth")
        .hasMessageNotContaining("topsecret")
        .hasMessageNotContaining(base64("topsecret"));
  }

  @Test
  void parse_noAuths_fails() {
    assertThatThrownBy(() -> parse("{\"credsStore\":\"desktop\"}"))
        .isInstanceOf(InvalidDockerConfigException.class)
        .hasMessageContaining("\"auths\" must be an object");
  }

  @Test
  void fromDockerConfigJson_file_isRead(@TempDir Path dir) throws Exception {
    Path file = dir.resolve(".dockerconfigjson");
    Files.writeString(
        file, "{\"auths\":{\"127.0.0.1:5000\":{\"auth\":\"" + base64("a:b") + "\"}}}");

    assertThat(RegistryCredentials.fromDockerConfigJson(file).forRegistry("127.0.0.1:5000"))
        .contains(new BasicCredentials("a", "b"));
  }

  @Test
  void toString_credentials_hidesPassword() {
    assertThat(new BasicCredentials("ci", "hunter2").toString()).doesNotContain("hunter2");
  }
}
