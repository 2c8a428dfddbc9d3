package io.gatehouse.images.admission;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admission webhook: HTTPS only, {@code POST /validate} and {@code POST /mutate} for
 * AdmissionReviews, {@code GET /healthz}, {@code /readyz} and {@code /metrics}. {@code /readyz}
 * answers 503 until the namespace labels are {@linkplain NamespaceLabels#ready() ready}.
 *
 * <p>The serving certificate is re-read when its files change (a rotated Secret), without a
 * restart; a rotation to unusable files is logged and the old certificate kept.
 */
public final class AdmissionWebhook implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AdmissionWebhook.class);

  private final Server server;
  private final ServerConnector connector;
  private final SslContextFactory.Server ssl;
  private final ScheduledExecutorService reloader;
  private final ExecutorService checks;
  private final AdmissionConfig config;
  private volatile String fingerprint;
  private volatile ScheduledFuture<?> reloadTask;

  private AdmissionWebhook(AdmissionConfig config, TlsMaterial tls) {
    this.config = config;
    this.checks = Executors.newVirtualThreadPerTaskExecutor();
    this.fingerprint = tls.fingerprint();
    AdmissionController controller =
        new AdmissionController(
            config.policy(),
            config.signatures(),
            config.namespaces(),
            config.decisionTimeout(),
            checks,
            config.metrics());
    QueuedThreadPool threads = new QueuedThreadPool(256, 8);
    threads.setName("admission");
    this.server = new Server(threads);
    this.ssl = sslContextFactory(tls);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendDateHeader(false);
    // Reviews are parsed from the request buffer in place, which a heap buffer allows.
    http.setUseInputDirectByteBuffers(false);
    http.addCustomizer(new SecureRequestCustomizer(false));
    this.connector =
        new ServerConnector(
            server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http));
    connector.setHost(config.bind());
    connector.setPort(config.port());
    server.addConnector(connector);
    NamespaceLabels namespaces = config.namespaces();
    server.setHandler(
        new WebhookHandler(
            controller, config.metrics(), config.maxRequestBytes(), namespaces::ready));
    server.setStopTimeout(5_000);
    this.reloader =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> Thread.ofPlatform().daemon().name("tls-reload").unstarted(runnable));
  }

  /**
   * Starts listening.
   *
   * @throws TlsMaterialException if the certificate or key cannot be used
   * @throws IllegalStateException if the address cannot be listened on
   */
  public static AdmissionWebhook start(AdmissionConfig config) {
    TlsMaterial tls = TlsMaterial.load(config.certificate(), config.key());
    AdmissionWebhook webhook = new AdmissionWebhook(config, tls);
    try {
      webhook.server.start();
    } catch (Exception e) {
      webhook.close();
      throw new IllegalStateException(
          "cannot listen on " + config.bind() + ":" + config.port() + ": " + e.getMessage(), e);
    }
    long interval = config.tlsReloadInterval().toMillis();
    webhook.reloadTask =
        webhook.reloader.scheduleWithFixedDelay(
            webhook::reloadIfChanged, interval, interval, TimeUnit.MILLISECONDS);
    log.info(
        "admission webhook listening on https://{}:{} (certificate {}, valid until {})",
        config.bind(),
        webhook.port(),
        tls.leaf().getSubjectX500Principal().getName(),
        tls.leaf().getNotAfter().toInstant());
    return webhook;
  }

  /** The port it listens on. */
  public int port() {
    return connector.getLocalPort();
  }

  /** Checks the certificate files now and swaps them in if they changed and are usable. */
  void reloadIfChanged() {
    try {
      String current = TlsMaterial.fingerprintOf(config.certificate(), config.key());
      if (current.equals(fingerprint)) {
        return;
      }
      TlsMaterial tls = TlsMaterial.load(config.certificate(), config.key());
      ssl.reload(
          factory -> {
            factory.setKeyStore(tls.keyStore());
            factory.setKeyStorePassword(tls.password());
          });
      fingerprint = tls.fingerprint();
      log.info(
          "reloaded the serving certificate {} (valid until {})",
          tls.leaf().getSubjectX500Principal().getName(),
          tls.leaf().getNotAfter().toInstant());
    } catch (Exception e) {
      log.warn(
          "keeping the current serving certificate; the new one cannot be used: {}",
          e.getMessage());
    }
  }

  /** Stops accepting, lets reviews in flight finish, releases threads. */
  @Override
  public void close() {
    if (reloadTask != null) {
      reloadTask.cancel(false);
    }
    reloader.shutdownNow();
    try {
      server.stop();
    } catch (Exception e) {
      log.warn("admission webhook stopped with an error: {}", e.getMessage());
    }
    checks.shutdownNow();
    config.metrics().close();
  }

  private static SslContextFactory.Server sslContextFactory(TlsMaterial tls) {
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStore(tls.keyStore());
    ssl.setKeyStorePassword(tls.password());
    ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
    ssl.setSniRequired(false);
    return ssl;
  }
}
