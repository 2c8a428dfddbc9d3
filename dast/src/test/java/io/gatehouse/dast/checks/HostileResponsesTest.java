package io.gatehouse.dast.checks;

import static org.assertj.core.api.Assertions.assertThatCode;

import io.gatehouse.dast.http.Request;
import io.gatehouse.dast.http.Response;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Garbage bodies and headers through every check that reads responses: no exception. */
class HostileResponsesTest {
  private static final String ALPHABET =
      "<>'\"`=/\\%&#;:?@[]{}()!*$ \t\r\n\u0000\u00e9\u0130\u202e\ud83d\ude00aAzZ09-_."
          + "<script></script><!-- --><textarea>ghabc12345 at x(Y.java:1) root:x:0:0: max-age=";

  private static String garbage(Random random, int length) {
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return text.toString();
  }

  @Test
  void inspect_randomBodiesAndHeaders_neverThrows() {
    Random random = new Random(42);
    List<PassiveCheck> checks = Checks.passive();
    for (int i = 0; i < 1_000; i++) {
      String body = garbage(random, random.nextInt(3_000));
      String header = garbage(random, random.nextInt(200));
      Response response =
          new Response(
              Request.get(URI.create(random.nextBoolean() ? "https://a/x" : "http://a/x")),
              200,
              Map.of(
                  "Content-Type", List.of("text/html"),
                  "Set-Cookie", List.of(header, "=" + header, header + "=;"),
                  "Content-Security-Policy", List.of(header),
                  "Strict-Transport-Security", List.of(header),
                  "Server", List.of(header)),
              body,
              false,
              Duration.ZERO);
      for (PassiveCheck check : checks) {
        assertThatCode(() -> check.inspect(response)).as(body).doesNotThrowAnyException();
      }
      assertThatCode(() -> ReflectionContexts.of(body, "ghabc12345")).doesNotThrowAnyException();
      assertThatCode(() -> ReflectedXssCheck.injected(response, "ghabc12345"))
          .doesNotThrowAnyException();
      assertThatCode(() -> OpenRedirectCheck.leadsToProbeHost(URI.create("http://a/"), header))
          .doesNotThrowAnyException();
      assertThatCode(() -> Similarity.withoutReflections(body, List.of(header)))
          .doesNotThrowAnyException();
    }
  }
}
