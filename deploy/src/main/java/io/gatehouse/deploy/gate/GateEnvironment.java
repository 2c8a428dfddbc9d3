package io.gatehouse.deploy.gate;

import io.gatehouse.images.policy.ImagePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/**
 * What the gates need from the control plane.
 *
 * @param httpClient the client of {@code http} gates; {@link #defaultHttpClient()} unless a test
 *     needs another
 * @param publicBaseUrl this server's public base URL, for callback links
 * @param history past deployments, for {@code prior-environment} gates
 * @param imagePolicy the trusted-image policy applied now, for {@code image-policy} gates
 * @param clock the time of callback answers
 * @param jdbi the database holding the callback tokens
 * @param secrets the environments' secrets, for the login of {@code dast} gates
 */
public record GateEnvironment(
    HttpClient httpClient,
    Supplier<URI> publicBaseUrl,
    DeploymentHistory history,
    Supplier<Optional<ImagePolicy>> imagePolicy,
    Clock clock,
    Jdbi jdbi,
    GateSecrets secrets) {
  /** An environment whose gates read no secrets. */
  public GateEnvironment(
      HttpClient httpClient,
      Supplier<URI> publicBaseUrl,
      DeploymentHistory history,
      Supplier<Optional<ImagePolicy>> imagePolicy,
      Clock clock,
      Jdbi jdbi) {
    this(httpClient, publicBaseUrl, history, imagePolicy, clock, jdbi, GateSecrets.none());
  }

  /** Checks that every part is present. */
  public GateEnvironment {
    Objects.requireNonNull(httpClient, "httpClient");
    Objects.requireNonNull(publicBaseUrl, "publicBaseUrl");
    Objects.requireNonNull(history, "history");
    Objects.requireNonNull(imagePolicy, "imagePolicy");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(jdbi, "jdbi");
    Objects.requireNonNull(secrets, "secrets");
  }

  /** The client {@code http} gates use: HTTP/1.1, 10 s to connect, no redirects followed. */
  public static HttpClient defaultHttpClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }
}
