package io.gatehouse.dast.crawl;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.dast.http.HttpSettings;
import io.gatehouse.dast.http.Request;
import io.gatehouse.dast.http.ScanHttpClient;
import io.gatehouse.dast.http.Scope;
import io.gatehouse.dast.testapp.Inputs;
import io.gatehouse.dast.testapp.TestServer;
import java.net.URI;
import java.net.URLDecoder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointTest {
  private static final ObjectMapper JSON = new ObjectMapper();
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

  @Test
  void requestWith_hostilePayloadsAtEveryNewLocation_arriveAsSent() throws Exception {
    try (TestServer server = TestServer.start();
        ScanHttpClient client =
            ScanHttpClient.create(
                HttpSettings.defaults(Scope.of(server.base(), List.of(), List.of()))
                    .withLimits(1000, 4)
                    .withHeaders(Map.of("Cookie", "session=s1")))) {
      server.route(
          "/multipart",
          e -> {
            Map<String, String> fields = Inputs.multipart(e);
            e.send(200, "text/plain", fields.get("p") + "|" + fields.get("other"));
          });
      server.route(
          "/json",
          e -> {
            JsonNode body = JSON.readTree(Inputs.body(e));
            e.send(
                200,
                "text/plain",
                body.at("/user/name").asText()
                    + "|"
                    + body.at("/user/age")
                    + "|"
                    + body.at("/tags/1"));
          });
      server.routePrefix(
          "/item/",
          e -> {
            String raw = e.http().getRequestURI().getRawPath();
            String value = raw.substring("/item/".length(), raw.lastIndexOf("/view"));
            e.send(200, "text/plain", URLDecoder.decode(value.replace("+", "%2B"), UTF_8));
          });
      server.route("/header", e -> e.send(200, "text/plain", e.header("X-Probe")));
      server.route("/cookie", e -> e.send(200, "text/plain", e.header("Cookie")));

      Parameter field = new Parameter(Parameter.Location.MULTIPART, "p", "1");
      Endpoint multipart =
          new Endpoint(
              "POST",
              server.uri("/multipart"),
              List.of(field, new Parameter(Parameter.Location.MULTIPART, "other", "kept")));
      Endpoint json =
          Endpoint.withJsonBody(
              "POST",
              server.uri("/json"),
              List.of(),
              "{\"user\":{\"name\":\"a\",\"age\":7},\"tags\":[\"x\",\"y\"],\"n\":null}");
      Parameter name = json.parameters().get(0);
      Parameter segment = Parameter.pathSegment("item", "42", 2);
      Endpoint path = new Endpoint("GET", server.uri("/item/42/view"), List.of(segment));
      Parameter header = new Parameter(Parameter.Location.HEADER, "X-Probe", "v");
      Endpoint headers = new Endpoint("GET", server.uri("/header"), List.of(header));
      Parameter cookie = new Parameter(Parameter.Location.COOKIE, "lang", "en");
      Endpoint cookies =
          new Endpoint(
              "GET",
              server.uri("/cookie"),
              List.of(cookie, new Parameter(Parameter.Location.COOKIE, "theme", "dark")));

      assertThat(json.parameters())
          .extracting(Parameter::label)
          .containsExactly("json:/user/name", "json:/user/age", "json:/tags/0", "json:/tags/1");
      assertThat(client.send(json.request()).body()).isEqualTo("a|7|\"y\"");
      for (String payload : PAYLOADS) {
        assertThat(client.send(multipart.requestWith(field, payload)).body())
            .isEqualTo(payload + "|kept");
        assertThat(client.send(json.requestWith(name, payload)).body())
            .isEqualTo(payload + "|7|\"y\"");
        assertThat(client.send(path.requestWith(segment, payload)).body()).isEqualTo(payload);
        assertThat(client.send(headers.requestWith(header, payload)).body())
            .isEqualTo(RequestParts.headerValue(payload).strip());
        assertThat(client.send(cookies.requestWith(cookie, payload)).body())
            .isEqualTo(
                ("session=s1; lang=" + RequestParts.cookieValue(payload) + "; theme=dark").strip());
      }
    }
  }

  @Test
  void requestWith_jsonNumberOrBoolean_sentAsStringOnlyWhenChanged() {
    Endpoint json =
        Endpoint.withJsonBody("PUT", URI.create("http://a/x"), List.of(), "{\"id\":7,\"on\":true}");
    assertThat(json.request().body()).isEqualTo("{\"id\":7,\"on\":true}");
    assertThat(json.request().headers()).containsEntry("Content-Type", "application/json");
    assertThat(json.request().method()).isEqualTo("PUT");
    assertThat(json.requestWith(json.parameters().get(0), "7 AND 1=1").body())
        .isEqualTo("{\"id\":\"7 AND 1=1\",\"on\":true}");
  }

  @Test
  void withJsonBody_notJson_rejected() {
    assertThatThrownBy(
            () -> Endpoint.withJsonBody("POST", URI.create("http://a/x"), List.of(), "{\"a\":"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a JSON document");
  }

  @Test
  void multipart_valueContainsTheFirstBoundary_boundaryChanged() {
    Parameter field = new Parameter(Parameter.Location.MULTIPART, "f", "x");
    Endpoint endpoint = new Endpoint("POST", URI.create("http://a/x"), List.of(field));
    String first = boundaryOf(endpoint.request());
    Request hostile = endpoint.requestWith(field, "a\r\n--" + first + "--\r\n");
    String second = boundaryOf(hostile);
    assertThat(second).isNotEqualTo(first);
    assertThat(hostile.body())
        .startsWith("--" + second + "\r\n")
        .endsWith("--" + second + "--\r\n");
  }

  @Test
  void request_filePart_sentAsTextFileBesideTheFields() {
    Endpoint upload =
        new Endpoint(
            "POST",
            URI.create("http://a/upload"),
            List.of(
                new Parameter(Parameter.Location.MULTIPART, "title", "t"),
                new Parameter(Parameter.Location.FILE, "doc", "content")));
    assertThat(upload.request().body())
        .contains("Content-Disposition: form-data; name=\"title\"\r\n\r\nt\r\n")
        .contains("name=\"doc\"; filename=\"gatehouse.txt\"\r\nContent-Type: text/plain\r\n")
        .contains("text/plain\r\n\r\ncontent\r\n");
    assertThat(new Parameter(Parameter.Location.FILE, "doc", "").label()).isEqualTo("file:doc");
  }

  @Test
  void requestWith_fileNameAndType_writtenIntoTheFilePartEscaped() {
    Endpoint upload =
        new Endpoint(
            "POST",
            URI.create("http://a/upload"),
            List.of(new Parameter(Parameter.Location.FILE, "doc", "content")));
    assertThat(upload.parameters())
        .extracting(Parameter::label, Parameter::value)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("file:doc", "content"),
            org.assertj.core.groups.Tuple.tuple("filename:doc", "gatehouse.txt"),
            org.assertj.core.groups.Tuple.tuple("filetype:doc", "text/plain"));
    Parameter name = upload.parameters().get(1);
    Parameter type = upload.parameters().get(2);

    assertThat(upload.requestWith(name, "../../etc/passwd\"\r\nX: 1").body())
        .contains("name=\"doc\"; filename=\"../../etc/passwd%22%0D%0AX: 1\"\r\nContent-Type:");
    assertThat(upload.requestWith(type, "text/html\r\nX-Evil: 1").body())
        .contains("\r\nContent-Type: text/html%0D%0AX-Evil: 1\r\n\r\ncontent\r\n");
    assertThat(new Endpoint("POST", upload.url(), upload.parameters()).parameters()).hasSize(3);
  }

  @Test
  void requestWith_fileNameHoldingTheBoundary_boundaryChanged() {
    Endpoint upload =
        new Endpoint(
            "POST",
            URI.create("http://a/upload"),
            List.of(new Parameter(Parameter.Location.FILE, "doc", "content")));
    String first = boundaryOf(upload.request());
    Request hostile = upload.requestWith(upload.parameters().get(1), "--" + first);
    assertThat(boundaryOf(hostile)).isNotEqualTo(first);
  }

  @Test
  void requestWith_xmlBody_sendsTheWholeDocumentWithItsMediaType() {
    Parameter body = Parameter.xmlBody("application/xml", "<order><item>1</item></order>");
    Endpoint endpoint =
        new Endpoint(
            "POST",
            URI.create("http://a/orders"),
            List.of(new Parameter(Parameter.Location.QUERY, "dry", "1"), body));
    Request request = endpoint.requestWith(body, "<!DOCTYPE x [<!ENTITY e SYSTEM \"http://c/\">]>");

    assertThat(request.headers()).containsEntry("Content-Type", "application/xml");
    assertThat(request.body()).isEqualTo("<!DOCTYPE x [<!ENTITY e SYSTEM \"http://c/\">]>");
    assertThat(request.uri().getRawQuery()).isEqualTo("dry=1");
    assertThat(body.label()).isEqualTo("body:application/xml");
  }

  @Test
  void pathParameter_positionOutsideThePath_rejected() {
    assertThatThrownBy(
            () ->
                new Endpoint(
                    "GET", URI.create("http://a/x"), List.of(Parameter.pathSegment("id", "1", 2))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Parameter(Parameter.Location.PATH, "id", "1"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void key_pathParameterOtherValue_sameKey() {
    Endpoint one =
        new Endpoint(
            "GET", URI.create("http://a/item/1"), List.of(Parameter.pathSegment("item", "1", 2)));
    Endpoint two =
        new Endpoint(
            "GET", URI.create("http://a/item/2"), List.of(Parameter.pathSegment("item", "2", 2)));
    assertThat(one.key()).isEqualTo(two.key()).contains("/item/{item}");
  }

  @Test
  void label_eachLocation_namesWhereTheInputTravels() {
    assertThat(new Parameter(Parameter.Location.QUERY, "q", "").label()).isEqualTo("q");
    assertThat(new Parameter(Parameter.Location.MULTIPART, "q", "").label()).isEqualTo("q");
    assertThat(new Parameter(Parameter.Location.HEADER, "Referer", "").label())
        .isEqualTo("header:Referer");
    assertThat(new Parameter(Parameter.Location.COOKIE, "lang", "").label())
        .isEqualTo("cookie:lang");
    assertThat(new Parameter(Parameter.Location.JSON, "/a/0", "").label()).isEqualTo("json:/a/0");
    assertThat(Parameter.pathSegment("id", "1", 1).label()).isEqualTo("path:id");
  }

  private static String boundaryOf(Request request) {
    String type = request.headers().get("Content-Type");
    return type.substring(type.indexOf("boundary=") + "boundary=".length());
  }
}
