package io.gatehouse.dast.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * What a scan's HTTPS connections trust when the JDK's trust store is not right for the target: the
 * certificates of a private CA, or (only when asked for) nothing at all.
 */
public final class TlsTrust {
  /** The largest CA file read. */
  public static final int MAX_BYTES = 1024 * 1024;

  /** The most certificates taken from one file. */
  static final int MAX_CERTIFICATES = 100;

  private TlsTrust() {}

  /**
   * A context that trusts exactly the CA certificates in {@code pemFile} (one or more PEM or DER
   * certificates), with host names checked as usual.
   *
   * @throws IOException naming the file and the reason when it cannot be read or holds no
   *     certificate
   */
  public static SSLContext trusting(Path pemFile) throws IOException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(pemFile)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    }
    return trusting(pemFile.toString(), bytes);
  }

  /**
   * A context that trusts exactly the CA certificates in {@code bytes} (one or more PEM or DER
   * certificates, at most {@link #MAX_BYTES}), with host names checked as usual.
   *
   * @param source what the bytes are, for messages (a file name, a parameter's path)
   * @throws IOException naming {@code source} and the reason when the bytes hold no certificate
   */
  public static SSLContext trusting(String source, byte[] bytes) throws IOException {
    if (bytes.length > MAX_BYTES) {
      throw new IOException(source + ": larger than " + MAX_BYTES + " bytes");
    }
    try {
      Collection<? extends Certificate> certificates =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(bytes));
      if (certificates.isEmpty()) {
        throw new IOException(source + ": holds no certificate");
      }
      if (certificates.size() > MAX_CERTIFICATES) {
        throw new IOException(source + ": more than " + MAX_CERTIFICATES + " certificates");
      }
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      int i = 0;
      for (Certificate certificate : certificates) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), new SecureRandom());
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException(source + ": not a valid X.509 certificate file: " + e.getMessage(), e);
    }
  }

  /**
   * A context that trusts every certificate and checks no host name: for a test system whose
   * certificate cannot be verified. The scan can then be read and changed by anyone on the path.
   */
  public static SSLContext insecure() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new TrustingEverything()}, new SecureRandom());
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("TLS is not available in this Java runtime", e);
    }
  }

  /** Accepts every server certificate: only behind {@code --insecure}. */
  @SuppressWarnings("CustomX509TrustManager")
  private static final class TrustingEverything extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
