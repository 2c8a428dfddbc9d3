package io.gatehouse.dast.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The out-of-band callback listener: tokens, hostile requests, scope. */
class CallbackListenerTest {
  private static TargetApp target;
  private static CallbackListener listener;

  @BeforeAll
  static void start() throws Exception {
    target = TargetApp.start();
    listener = CallbackListener.start(CallbackSettings.loopback());
  }

  @AfterAll
  static void stop() throws Exception {
    listener.close();
    target.close();
  }

  @Test
  void start_callWithToken_recordedAndOthersNot() throws Exception {
    String token = Markers.next();
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(listener.urlFor(token, "/x.dtd")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(listener.await(token, Duration.ZERO)).isPresent();
    assertThat(listener.await(Markers.next(), Duration.ofMillis(50))).isEmpty();
  }

  @Test
  void start_hostileRequests_answeredAndIgnored() throws Exception {
    URI base = URI.create(listener.base());
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /" + "a".repeat(5000) + " HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[64 * 1024]);
      out.flush();
      socket.setSoTimeout(5000);
      InputStream in = socket.getInputStream();
      assertThat(new String(in.readNBytes(12), StandardCharsets.US_ASCII)).startsWith("HTTP/1.1");
    } catch (IOException e) {
      // the listener may also just drop the connection: what matters is that it goes on
    }
    String token = Markers.next();
    HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(listener.urlFor(token, "")).build(),
            HttpResponse.BodyHandlers.discarding());
    assertThat(listener.await(token, Duration.ofSeconds(1))).isPresent();
  }

  @Test
  void start_outsideTheScansScope_neverRequestedByTheScanner() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                target.client.send(
                    io.gatehouse.dast.http.Request.get(listener.urlFor(Markers.next(), ""))))
        .isInstanceOf(io.gatehouse.dast.http.OutOfScopeException.class);
  }
}
