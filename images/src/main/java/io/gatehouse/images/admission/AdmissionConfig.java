package io.gatehouse.images.admission;

import io.gatehouse.images.policy.ImagePolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@code gatehouse admission} runs.
 *
 * @param bind the address to listen on
 * @param port the HTTPS port; 0 picks a free one
 * @param certificate PEM serving certificate chain
 * @param key PEM private key of the serving certificate
 * @param tlsReloadInterval how often the two files are checked for a rotation
 * @param policy the image policy
 * @param signatures how signatures are verified (cached)
 * @param namespaces where namespace labels come from
 * @param decisionTimeout the longest a review may wait on registries before it is decided (denied
 *     in enforce mode)
 * @param maxRequestBytes the largest AdmissionReview accepted
 * @param metrics where reviews, registry calls and cache lookups are counted
 */
public record AdmissionConfig(
    String bind,
    int port,
    Path certificate,
    Path key,
    Duration tlsReloadInterval,
    ImagePolicy policy,
    SignatureCheck signatures,
    NamespaceLabels namespaces,
    Duration decisionTimeout,
    int maxRequestBytes,
    AdmissionMetrics metrics) {
  /** The default bound on registry waits: well inside Kubernetes' webhook timeout. */
  public static final Duration DEFAULT_DECISION_TIMEOUT = Duration.ofSeconds(3);

  /** The default largest review: the API server's own limit on an object is about 3 MiB. */
  public static final int DEFAULT_MAX_REQUEST_BYTES = 4 << 20;

  /** Checks the settings. */
  public AdmissionConfig {
    Objects.requireNonNull(bind, "bind");
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(signatures, "signatures");
    Objects.requireNonNull(namespaces, "namespaces");
    Objects.requireNonNull(metrics, "metrics");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
    }
    if (decisionTimeout.isNegative()
        || decisionTimeout.isZero()
        || decisionTimeout.compareTo(Duration.ofSeconds(30)) > 0) {
      throw new IllegalArgumentException(
          "decision timeout must be more than 0 and at most 30s: " + decisionTimeout);
    }
    if (tlsReloadInterval.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException(
          "TLS reload interval must be at least 1s: " + tlsReloadInterval);
    }
    if (maxRequestBytes < 1024) {
      throw new IllegalArgumentException(
          "largest request must be at least 1 KiB: " + maxRequestBytes);
    }
  }
}
