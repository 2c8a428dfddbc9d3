package io.gatehouse.images.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Credentials per registry host, as a Kubernetes {@code kubernetes.io/dockerconfigjson} secret
 * holds them: {@code {"auths":{"host":{"auth":"base64(user:pass)"}}}} or with {@code username} and
 * {@code password}. Keys may be bare hosts or URLs; Docker Hub's {@code
 * https://index.docker.io/v1/} answers for {@code docker.io}, {@code index.docker.io} and {@code
 * registry-1.docker.io}.
 */
public final class RegistryCredentials {
  private static final long MAX_FILE_BYTES = 1 << 20;
  private static final String DOCKER_HUB = "index.docker.io";

  private final Map<String, BasicCredentials> byHost;

  private RegistryCredentials(Map<String, BasicCredentials> byHost) {
    this.byHost = Map.copyOf(byHost);
  }

  /** No credentials: every registry is accessed anonymously. */
  public static RegistryCredentials none() {
    return new RegistryCredentials(Map.of());
  }

  /** Credentials for exactly one registry host. */
  public static RegistryCredentials of(String registry, BasicCredentials credentials) {
    return new RegistryCredentials(Map.of(canonicalHost(registry), credentials));
  }

  /**
   * Reads a {@code .dockerconfigjson} file.
   *
   * @throws InvalidDockerConfigException when the file cannot be read, is larger than 1 MiB, or is
   *     not valid; the message never contains a credential
   */
  public static RegistryCredentials fromDockerConfigJson(Path file) {
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new InvalidDockerConfigException(file.toString(), "larger than 1 MiB");
      }
      return parse(file.toString(), Files.readAllBytes(file));
    } catch (IOException e) {
      throw new InvalidDockerConfigException(file.toString(), "cannot be read: " + e.getClass());
    }
  }

  /**
   * Parses the content of a {@code .dockerconfigjson}.
   *
   * @param source what the content is, for error messages (a file or secret name)
   * @throws InvalidDockerConfigException when the content is not valid
   */
  public static RegistryCredentials parse(String source, byte[] content) {
    JsonNode root;
    try {
      root = RegistryJson.read(content);
    } catch (IOException e) {
      throw new InvalidDockerConfigException(source, "not valid JSON");
    }
    JsonNode auths = root.path("auths");
    if (!auths.isObject()) {
      throw new InvalidDockerConfigException(source, "\"auths\" must be an object");
    }
    Map<String, BasicCredentials> byHost = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : auths.properties()) {
      byHost.put(canonicalHost(entry.getKey()), entry(source, entry.getKey(), entry.getValue()));
    }
    return new RegistryCredentials(byHost);
  }

  /** The credentials for {@code registry}, if any. */
  public Optional<BasicCredentials> forRegistry(String registry) {
    return Optional.ofNullable(byHost.get(canonicalHost(registry)));
  }

  @Override
  public String toString() {
    return "RegistryCredentials" + byHost.keySet();
  }

  private static BasicCredentials entry(String source, String host, JsonNode node) {
    String where = "auths." + host;
    if (!node.isObject()) {
      throw new InvalidDockerConfigException(source, where + " must be an object");
    }
    try {
      if (node.path("auth").isTextual() && !node.path("auth").asText().isEmpty()) {
        String pair =
            new String(
                Base64.getMimeDecoder().decode(node.path("auth").asText()), StandardCharsets.UTF_8);
        int colon = pair.indexOf(':');
        if (colon <= 0) {
          throw new InvalidDockerConfigException(source, where + ".auth must encode user:password");
        }
        return new BasicCredentials(pair.substring(0, colon), pair.substring(colon + 1));
      }
      if (node.path("username").isTextual() && node.path("password").isTextual()) {
        return new BasicCredentials(node.path("username").asText(), node.path("password").asText());
      }
    } catch (IllegalArgumentException e) {
      throw new InvalidDockerConfigException(source, where + " holds an invalid user or encoding");
    }
    throw new InvalidDockerConfigException(
        source, where + " needs \"auth\" or \"username\" and \"password\"");
  }

  /** {@code https://Host:5000/v1/} and {@code host:5000} are the same key. */
  static String canonicalHost(String key) {
    String host = key.trim().toLowerCase(Locale.ROOT);
    int scheme = host.indexOf("://");
    if (scheme >= 0) {
      host = host.substring(scheme + 3);
    }
    int slash = host.indexOf('/');
    if (slash >= 0) {
      host = host.substring(0, slash);
    }
    return switch (host) {
      case "docker.io", "registry-1.docker.io", "registry.hub.docker.com" -> DOCKER_HUB;
      default -> host;
    };
  }
}
