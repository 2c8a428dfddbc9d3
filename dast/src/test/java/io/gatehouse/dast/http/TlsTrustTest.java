package io.gatehouse.dast.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.gatehouse.dast.testapp.Keytool;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS targets: a real HTTPS server on loopback whose certificate (for 127.0.0.1 only) is signed
 * by a private CA made with the JDK's {@code keytool}.
 */
class TlsTrustTest {
  @TempDir static Path dir;
  private static HttpsServer server;
  private static Path caPem;
  private static Path otherCaPem;

  @BeforeAll
  static void start() throws Exception {
    caPem = ca("ca");
    otherCaPem = ca("other");
    Path keystore = dir.resolve("server.p12");
    Keytool.run(
        "-genkeypair",
        "-alias",
        "server",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=127.0.0.1",
        "-validity",
        "2",
        "-keystore",
        keystore.toString());
    Keytool.run(
        "-certreq",
        "-alias",
        "server",
        "-keystore",
        keystore.toString(),
        "-file",
        dir.resolve("server.csr").toString());
    Keytool.run(
        "-gencert",
        "-alias",
        "ca",
        "-keystore",
        dir.resolve("ca.p12").toString(),
        "-infile",
        dir.resolve("server.csr").toString(),
        "-outfile",
        dir.resolve("server.pem").toString(),
        "-rfc",
        "-ext",
        "san=ip:127.0.0.1",
        "-validity",
        "2");
    Keytool.run(
        "-importcert",
        "-noprompt",
        "-alias",
        "ca",
        "-file",
        caPem.toString(),
        "-keystore",
        keystore.toString());
    Keytool.run(
        "-importcert",
        "-alias",
        "server",
        "-file",
        dir.resolve("server.pem").toString(),
        "-keystore",
        keystore.toString());
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
    server.setHttpsConfigurator(new HttpsConfigurator(Keytool.serverContext(keystore)));
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/",
        exchange -> {
          byte[] body = "<html>ok</html>".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private static Path ca(String name) throws Exception {
    Path store = dir.resolve(name + ".p12");
    Keytool.run(
        "-genkeypair",
        "-alias",
        "ca",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=Test CA " + name,
        "-ext",
        "bc:c",
        "-validity",
        "2",
        "-keystore",
        store.toString());
    Path pem = dir.resolve(name + ".pem");
    Keytool.run(
        "-exportcert",
        "-rfc",
        "-alias",
        "ca",
        "-keystore",
        store.toString(),
        "-file",
        pem.toString());
    return pem;
  }

  private static Response get(String host, Optional<SSLContext> tls) throws IOException {
    URI url = URI.create("https://" + host + ":" + server.getAddress().getPort() + "/");
    try (ScanHttpClient client =
        ScanHttpClient.create(
            HttpSettings.defaults(Scope.of(url, List.of(), List.of())).withLimits(100, 1), tls)) {
      return client.send(Request.get(url));
    }
  }

  @Test
  void send_privateCaWithoutTrust_fails() {
    assertThatThrownBy(() -> get("127.0.0.1", Optional.empty())).isInstanceOf(IOException.class);
  }

  @Test
  void send_trustingThePrivateCa_succeeds() throws IOException {
    assertThat(get("127.0.0.1", Optional.of(TlsTrust.trusting(caPem))).body()).contains("ok");
  }

  @Test
  void send_trustingAnotherCa_fails() {
    assertThatThrownBy(() -> get("127.0.0.1", Optional.of(TlsTrust.trusting(otherCaPem))))
        .isInstanceOf(IOException.class);
  }

  @Test
  void send_hostNameNotInTheCertificate_failsEvenWithTheCa() {
    assertThatThrownBy(() -> get("localhost", Optional.of(TlsTrust.trusting(caPem))))
        .isInstanceOf(IOException.class);
  }

  @Test
  void send_insecure_acceptsAnyCertificateAndHost() throws IOException {
    assertThat(get("localhost", Optional.of(TlsTrust.insecure())).body()).contains("ok");
  }

  @Test
  void trusting_notACertificate_failsNamingTheFile() throws IOException {
    Path junk = Files.writeString(dir.resolve("junk.pem"), "-----BEGIN CERTIFICATE-----\nxx\n");
    assertThatThrownBy(() -> TlsTrust.trusting(junk))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("junk.pem");
  }

  @Test
  void trusting_oversizedFile_refused() throws IOException {
    Path huge = Files.write(dir.resolve("huge.pem"), new byte[TlsTrust.MAX_BYTES + 1]);
    assertThatThrownBy(() -> TlsTrust.trusting(huge))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("larger than");
  }

  @Test
  void trusting_emptyFile_refused() throws IOException {
    Path empty = Files.write(dir.resolve("empty.pem"), new byte[0]);
    assertThatThrownBy(() -> TlsTrust.trusting(empty)).isInstanceOf(IOException.class);
  }

  @Test
  void trusting_pemBytes_trustsThePrivateCaAndNamesTheSourceOnError() throws IOException {
    byte[] pem = Files.readAllBytes(caPem);
    URI url = URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/");
    try (ScanHttpClient client =
        ScanHttpClient.create(
            HttpSettings.defaults(Scope.of(url, List.of(), List.of())).withLimits(100, 1),
            Optional.of(TlsTrust.trusting("parameters.caCert", pem)))) {
      assertThat(client.send(Request.get(url)).body()).contains("ok");
    }
    assertThatThrownBy(
            () -> TlsTrust.trusting("parameters.caCert", "no pem".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("parameters.caCert: ");
    assertThatThrownBy(
            () -> TlsTrust.trusting("parameters.caCert", new byte[TlsTrust.MAX_BYTES + 1]))
        .hasMessageContaining("larger than");
  }
}
