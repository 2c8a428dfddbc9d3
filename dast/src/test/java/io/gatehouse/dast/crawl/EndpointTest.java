package io.gatehouse.dast.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.dast.http.HttpSettings;
import io.gatehouse.dast.http.Request;
import io.gatehouse.dast.http.ScanHttpClient;
import io.gatehouse.dast.http.Scope;
import io.gatehouse.dast.testapp.TestServer;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointTest {
  private static final List<String> PAYLOADS =
      List.of(
          "a&b=c#d",
          "' OR '1'='1",
          "<script>alert(1)</script>",
          "../../etc/passwd%00",
          "x\n;echo $((1+1))`id`",
          "\u00e9\u202e\ud83d\ude00",
          " + %2f %",
          "");

  @Test
  void requestWith_hostilePayloads_arriveExactlyAsSent() throws Exception {
    try (TestServer server = TestServer.start();
        ScanHttpClient client =
            ScanHttpClient.create(
                HttpSettings.defaults(Scope.of(server.base(), List.of(), List.of()))
                    .withLimits(1000, 4))) {
      server.route(
          "/get",
          e -> e.send(200, "text/plain", e.query("p", "<none>") + "|" + e.query("other", "")));
      server.route(
          "/post", e -> e.send(200, "text/plain", e.form("p", "<none>") + "|" + e.query("q", "")));
      Parameter query = new Parameter(Parameter.Location.QUERY, "p", "1");
      Endpoint get =
          new Endpoint(
              "GET",
              server.uri("/get"),
              List.of(query, new Parameter(Parameter.Location.QUERY, "other", "kept")));
      Parameter field = new Parameter(Parameter.Location.FORM, "p", "1");
      Endpoint post =
          new Endpoint(
              "POST",
              server.uri("/post"),
              List.of(new Parameter(Parameter.Location.QUERY, "q", "k"), field));

      for (String payload : PAYLOADS) {
        assertThat(client.send(get.requestWith(query, payload)).body())
            .isEqualTo(payload + "|kept");
        assertThat(client.send(post.requestWith(field, payload)).body()).isEqualTo(payload + "|k");
      }
    }
  }

  @Test
  void key_sameNamesOtherValuesOrOrder_sameKey() {
    URI url = URI.create("http://a/x");
    Endpoint one =
        new Endpoint(
            "GET",
            url,
            List.of(
                new Parameter(Parameter.Location.QUERY, "a", "1"),
                new Parameter(Parameter.Location.QUERY, "b", "2")));
    Endpoint other =
        new Endpoint(
            "GET",
            url,
            List.of(
                new Parameter(Parameter.Location.QUERY, "b", "9"),
                new Parameter(Parameter.Location.QUERY, "a", "8")));
    assertThat(one.key()).isEqualTo(other.key());
    assertThat(new Endpoint("POST", url, one.parameters()).key()).isNotEqualTo(one.key());
  }

  @Test
  void request_post_isUrlEncodedForm() {
    Endpoint post =
        new Endpoint(
            "POST",
            URI.create("http://a/x"),
            List.of(new Parameter(Parameter.Location.FORM, "n", "a b")));
    Request request = post.request();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.body()).isEqualTo("n=a+b");
    assertThat(request.headers()).containsEntry("Content-Type", Request.FORM_CONTENT_TYPE);
  }
}
