package io.gatehouse.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.gatehouse.images.admission.AdmissionConfig;
import io.gatehouse.images.admission.AdmissionMetrics;
import io.gatehouse.images.admission.AdmissionWebhook;
import io.gatehouse.images.admission.CachingSignatureCheck;
import io.gatehouse.images.admission.KubernetesNamespaceLabels;
import io.gatehouse.images.admission.NamespaceLabels;
import io.gatehouse.images.admission.RegistrySignatureCheck;
import io.gatehouse.images.admission.SelfSignedTls;
import io.gatehouse.images.admission.SignatureCheck;
import io.gatehouse.images.policy.ImagePolicy;
import io.gatehouse.images.registry.RegistryClient;
import io.gatehouse.images.registry.RegistryCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code gatehouse admission}: the HTTPS admission webhook that enforces the image policy. */
@Command(
    name = "admission",
    mixinStandardHelpOptions = true,
    versionProvider = Gatehouse.Version.class,
    description = {
      "Runs the Kubernetes admission webhook that lets only trusted images run.",
      "",
      "POST /validate and POST /mutate take admission.k8s.io/v1 AdmissionReviews; /mutate pins"
          + " each signature-verified tag to its digest. HTTPS only. SIGTERM stops it gracefully.",
      "See docs/admission.md."
    },
    footer = {
      "",
      "Exit codes: 0 stopped cleanly, 1 could not start (policy, certificate, address),"
          + " 2 bad command line."
    })
final class AdmissionCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(AdmissionCommand.class);

  /**
   * The longest wait for the first list of namespaces before the webhook listens anyway (not
   * ready): well inside the liveness probe's 30 s.
   */
  private static final Duration NAMESPACE_SYNC_TIMEOUT = Duration.ofSeconds(15);

  @Spec CommandSpec spec;

  @Option(
      names = "--policy",
      paramLabel = "FILE",
      required = true,
      description = "gatehouse.yaml holding the images policy.")
  Path policy;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Tls tls;

  static final class Tls {
    @ArgGroup(exclusive = false)
    CertificateFiles files;

    @Option(
        names = "--tls-self-signed",
        paramLabel = "DIR",
        description =
            "Generate (or reuse) a development CA and serving certificate in DIR; prints the"
                + " caBundle for the webhook configurations.")
    Path selfSigned;
  }

  static final class CertificateFiles {
    @Option(
        names = "--tls-cert",
        paramLabel = "FILE",
        required = true,
        description = "PEM serving certificate chain (tls.crt).")
    Path certificate;

    @Option(
        names = "--tls-key",
        paramLabel = "FILE",
        required = true,
        description = "PEM private key of the serving certificate (tls.key).")
    Path key;
  }

  @Option(
      names = "--tls-name",
      paramLabel = "NAME",
      description =
          "DNS name or IP for --tls-self-signed; repeatable (default: the in-cluster Service names,"
              + " localhost, 127.0.0.1, ::1).")
  List<String> tlsNames;

  @Option(
      names = "--tls-reload-interval",
      paramLabel = "DURATION",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description =
          "How often the certificate files are checked for a rotation (default: ${DEFAULT-VALUE}).")
  Duration tlsReloadInterval;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      converter = PortConverter.class,
      defaultValue = "8443",
      description = "HTTPS port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--bind",
      paramLabel = "ADDRESS",
      defaultValue = "0.0.0.0",
      description = "Address to listen on (default: ${DEFAULT-VALUE}, as a pod needs).")
  String bind;

  @Option(
      names = "--registry-auth",
      paramLabel = "FILE",
      description =
          "Registry credentials as a .dockerconfigjson file; a missing file means anonymous access.")
  Path registryAuth;

  @Option(
      names = "--insecure-registry",
      paramLabel = "HOST[:PORT]",
      description = "A registry reached over plain HTTP; repeatable. Loopback always is.")
  List<String> insecureRegistries;

  @Option(
      names = "--decision-timeout",
      paramLabel = "DURATION",
      defaultValue = "3s",
      converter = DurationConverter.class,
      description =
          "Longest wait on registries before a review is decided, denied in enforce mode"
              + " (default: ${DEFAULT-VALUE}).")
  Duration decisionTimeout;

  @Option(
      names = "--cache-size",
      paramLabel = "N",
      defaultValue = "10000",
      description = "Signature outcomes kept (default: ${DEFAULT-VALUE}).")
  int cacheSize;

  @Option(
      names = "--cache-ttl",
      paramLabel = "DURATION",
      defaultValue = "5m",
      converter = DurationConverter.class,
      description = "How long a verified signature is reused (default: ${DEFAULT-VALUE}).")
  Duration cacheTtl;

  @Option(
      names = "--cache-negative-ttl",
      paramLabel = "DURATION",
      defaultValue = "1m",
      converter = DurationConverter.class,
      description = "How long a failed verification is reused (default: ${DEFAULT-VALUE}).")
  Duration cacheNegativeTtl;

  /** Where the labels of namespaces come from, for label selectors in the policy. */
  enum NamespaceLabelSource {
    KUBERNETES,
    NONE
  }

  @Option(
      names = "--namespace-labels",
      paramLabel = "SOURCE",
      description =
          "Where namespace labels come from: kubernetes (an informer on the API server, in-cluster"
              + " service account or kubeconfig) or none (default: kubernetes in a pod, that is"
              + " when KUBERNETES_SERVICE_HOST is set; else none).")
  NamespaceLabelSource namespaceLabels;

  @Mixin Verbosity verbosity;

  private final Map<String, String> environment;

  AdmissionCommand() {
    this(System.getenv());
  }

  AdmissionCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() throws InterruptedException {
    if (cacheSize < 1) {
      throw new ParameterException(spec.commandLine(), "--cache-size must be at least 1");
    }
    ImagePolicy imagePolicy = ImagePolicy.load(policy);
    Path certificate;
    Path key;
    if (tls.selfSigned != null) {
      SelfSignedTls.TlsFiles files =
          SelfSignedTls.ensure(
              tls.selfSigned,
              tlsNames == null || tlsNames.isEmpty() ? SelfSignedTls.DEFAULT_NAMES : tlsNames,
              Clock.systemUTC());
      certificate = files.certificate();
      key = files.key();
      printCaBundle(files.ca());
    } else {
      certificate = tls.files.certificate;
      key = tls.files.key;
    }
    AdmissionMetrics metrics = AdmissionMetrics.create();
    RegistryClient client =
        RegistryClient.builder()
            .credentials(credentials())
            .insecureRegistries(insecureRegistries == null ? List.of() : insecureRegistries)
            .listener(metrics.registryListener())
            .build();
    SignatureCheck signatures =
        new CachingSignatureCheck(
            new RegistrySignatureCheck(client),
            new CachingSignatureCheck.Settings(
                cacheSize, cacheTtl, cacheNegativeTtl, Duration.ofSeconds(5)),
            Clock.systemUTC(),
            metrics.cacheListener());
    // The informer syncs before the webhook listens, so that it is ready from its first review.
    NamespaceLabelsInUse namespaces = namespaceLabels(imagePolicy);
    AdmissionWebhook webhook;
    try {
      webhook =
          AdmissionWebhook.start(
              new AdmissionConfig(
                  bind,
                  port,
                  certificate,
                  key,
                  tlsReloadInterval,
                  imagePolicy,
                  signatures,
                  namespaces.labels(),
                  decisionTimeout,
                  AdmissionConfig.DEFAULT_MAX_REQUEST_BYTES,
                  metrics));
    } catch (RuntimeException e) {
      namespaces.close();
      client.close();
      throw e;
    }
    UntilSignalled.run(
        () -> {
          webhook.close();
          namespaces.close();
          client.close();
        },
        "5s");
    return 0;
  }

  /** The namespace labels and what to close after them. */
  private record NamespaceLabelsInUse(NamespaceLabels labels, AutoCloseable resources)
      implements AutoCloseable {
    @Override
    public void close() {
      try {
        resources.close();
      } catch (Exception e) {
        log.warn("closing the namespace informer failed: {}", e.getMessage());
      }
    }
  }

  private NamespaceLabelsInUse namespaceLabels(ImagePolicy imagePolicy) {
    NamespaceLabelSource source = namespaceLabels;
    if (source == null) {
      source =
          environment.containsKey("KUBERNETES_SERVICE_HOST")
              ? NamespaceLabelSource.KUBERNETES
              : NamespaceLabelSource.NONE;
    }
    if (source == NamespaceLabelSource.NONE) {
      if (imagePolicy.usesLabelSelectors()) {
        log.warn(
            "namespace labels are not read (--namespace-labels none); every review that the"
                + " policy's label selectors must place is denied");
      }
      return new NamespaceLabelsInUse(NamespaceLabels.unknown(), () -> {});
    }
    if (!imagePolicy.usesLabelSelectors()) {
      log.info("the policy selects no namespace by label; namespace labels are not read");
      return new NamespaceLabelsInUse(NamespaceLabels.unknown(), () -> {});
    }
    KubernetesClient kubernetes = new KubernetesClientBuilder().build();
    KubernetesNamespaceLabels labels;
    try {
      labels = KubernetesNamespaceLabels.start(kubernetes, NAMESPACE_SYNC_TIMEOUT);
    } catch (RuntimeException e) {
      kubernetes.close();
      throw e;
    }
    log.info(
        "namespace labels from the Kubernetes API at {}: {} namespaces synced{}",
        kubernetes.getConfiguration().getMasterUrl(),
        labels.size(),
        labels.ready() ? "" : " so far (not ready yet)");
    return new NamespaceLabelsInUse(
        labels,
        () -> {
          labels.close();
          kubernetes.close();
        });
  }

  private RegistryCredentials credentials() {
    if (registryAuth == null) {
      return RegistryCredentials.none();
    }
    if (!Files.exists(registryAuth)) {
      log.info("no registry credentials at {}; registries are read anonymously", registryAuth);
      return RegistryCredentials.none();
    }
    return RegistryCredentials.fromDockerConfigJson(registryAuth);
  }

  private void printCaBundle(Path ca) {
    try {
      String bundle = Base64.getEncoder().encodeToString(Files.readAllBytes(ca));
      log.info(
          "development CA written to {}; caBundle for the webhook configurations: {}", ca, bundle);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + ca, e);
    }
  }
}
