package io.gatehouse.dast.crawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.dast.http.Scope;
import io.gatehouse.dast.testapp.TestServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenApiImportTest {
  private static final URI TARGET = URI.create("http://127.0.0.1:8080/");
  private static final Scope SCOPE = Scope.of(TARGET, List.of(), List.of());

  private static final String PETS =
      """
      openapi: 3.0.3
      info: {title: Pets, version: "1"}
      servers:
        - url: https://api.example.com/v1
        - url: /api/{version}
          variables: {version: {default: v2}}
      paths:
        /pets:
          get:
            parameters:
              - {name: limit, in: query, schema: {type: integer, minimum: 5}}
              - {name: X-Request-Id, in: header, schema: {type: string, format: uuid}}
              - {name: Accept, in: header, schema: {type: string}}
              - $ref: '#/components/parameters/Session'
          post:
            requestBody:
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Pet'}
        /pets/{petId}:
          parameters:
            - {name: petId, in: path, required: true, schema: {type: string}, example: rex}
          delete:
            responses: {'204': {description: gone}}
        /upload:
          post:
            requestBody:
              content:
                multipart/form-data:
                  schema:
                    type: object
                    properties: {title: {type: string}, photo: {type: string, format: binary}}
        /login:
          post:
            requestBody:
              content:
                application/x-www-form-urlencoded:
                  schema: {type: object, properties: {user: {type: string, default: alice}}}
      components:
        parameters:
          Session: {name: sid, in: cookie, schema: {type: string, enum: [abc, def]}}
        schemas:
          Pet:
            type: object
            required: [name]
            properties:
              id: {type: integer, readOnly: true}
              name: {type: string, example: Rex}
              kind: {type: string, enum: [dog, cat]}
              born: {type: string, format: date}
              tags: {type: array, items: {type: string}}
              owner: {$ref: '#/components/schemas/Owner'}
              vaccinated: {type: boolean}
          Owner:
            allOf:
              - $ref: '#/components/schemas/Person'
              - type: object
                properties:
                  pets: {type: array, items: {$ref: '#/components/schemas/Pet'}}
          Person:
            type: object
            properties: {email: {type: string, format: email}}
      """;

  @Test
  void read_realLookingYaml_importsEveryOperationWithItsInputs() throws Exception {
    OpenApiImport.Result result = OpenApiImport.read(PETS, TARGET, SCOPE, "pets.yaml");

    Map<String, Endpoint> byName =
        result.endpoints().stream()
            .collect(Collectors.toMap(e -> e.method() + " " + e.url().getPath(), e -> e));
    assertThat(byName)
        .containsOnlyKeys(
            "GET /api/v2/pets",
            "POST /api/v2/pets",
            "DELETE /api/v2/pets/rex",
            "POST /api/v2/upload",
            "POST /api/v2/login");
    assertThat(byName.get("GET /api/v2/pets").parameters())
        .extracting(Parameter::label, Parameter::value)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("limit", "5"),
            org.assertj.core.groups.Tuple.tuple(
                "header:X-Request-Id", "3fa85f64-5717-4562-b3fc-2c963f66afa6"),
            org.assertj.core.groups.Tuple.tuple("cookie:sid", "abc"));
    Endpoint post = byName.get("POST /api/v2/pets");
    assertThat(post.jsonBody())
        .isEqualTo(
            "{\"name\":\"Rex\",\"kind\":\"dog\",\"born\":\"2024-01-31\",\"tags\":[\"Gatehouse\"],"
                + "\"owner\":{\"email\":\"scanner@example.com\",\"pets\":[]},\"vaccinated\":true}");
    assertThat(post.request().headers()).containsEntry("Content-Type", "application/json");
    Endpoint delete = byName.get("DELETE /api/v2/pets/rex");
    Parameter petId = delete.parameters().get(0);
    assertThat(petId.label()).isEqualTo("path:petId");
    assertThat(delete.requestWith(petId, "../x y").uri().getRawPath())
        .isEqualTo("/api/v2/pets/..%2Fx%20y");
    assertThat(byName.get("POST /api/v2/upload").request().headers().get("Content-Type"))
        .startsWith("multipart/form-data; boundary=");
    assertThat(byName.get("POST /api/v2/upload").parameters())
        .extracting(Parameter::label)
        .containsExactly("title", "file:photo", "filename:photo", "filetype:photo");
    assertThat(byName.get("POST /api/v2/login").request().body()).isEqualTo("user=alice");
  }

  @Test
  void read_everyServerOutsideTheScope_dropsOperationsWithANote() throws Exception {
    String document =
        """
        {"openapi": "3.1.0", "servers": [{"url": "https://prod.example.com"}],
         "paths": {"/a": {"get": {}}, "/b": {"post": {}}}}
        """;
    OpenApiImport.Result result = OpenApiImport.read(document, TARGET, SCOPE, "api.json");
    assertThat(result.endpoints()).isEmpty();
    assertThat(result.notes())
        .anyMatch(n -> n.startsWith("dropped GET /a: no server of it is in the scope"))
        .anyMatch(n -> n.startsWith("2 operation(s) dropped"));
  }

  @Test
  void read_noServers_pathsResolvedAgainstTheDocumentLocation() throws Exception {
    OpenApiImport.Result result =
        OpenApiImport.read(
            "{\"openapi\":\"3.0.0\",\"paths\":{\"/x\":{\"get\":{}}}}", TARGET, SCOPE, "a.json");
    assertThat(result.endpoints())
        .extracting(e -> e.url().toString())
        .containsExactly("http://127.0.0.1:8080/x");
  }

  @Test
  void read_malformedDocuments_rejectedWithTheReason() {
    Map<String, String> cases =
        Map.of(
            "not: [valid", "not valid JSON or YAML",
            "{\"swagger\": \"2.0\", \"paths\": {}}", "Swagger 2.0 is not supported",
            "openapi: 3.0.0\ninfo: {}\n", "has no \"paths\" object",
            "[1, 2]", "not an OpenAPI 3 document",
            "", "not an OpenAPI 3 document",
            "openapi: 3.0.0\nopenapi: 3.0.1\npaths: {}\n", "not valid JSON or YAML");
    cases.forEach(
        (text, reason) ->
            assertThatThrownBy(() -> OpenApiImport.read(text, TARGET, SCOPE, "bad.yaml"))
                .as(text)
                .isInstanceOf(InvalidOpenApiException.class)
                .hasMessageStartingWith("bad.yaml: ")
                .hasMessageContaining(reason));
  }

  @Test
  void read_refLoops_boundedAndImported() throws Exception {
    String document =
        """
        openapi: 3.0.0
        paths:
          /loop:
            parameters:
              - $ref: '#/components/parameters/P'
            post:
              requestBody:
                $ref: '#/components/requestBodies/B'
          /item:
            $ref: '#/paths/~1item'
          /external:
            post:
              requestBody:
                content:
                  application/json:
                    schema: {$ref: 'other.yaml#/Thing'}
        components:
          parameters:
            P: {$ref: '#/components/parameters/P'}
          requestBodies:
            B:
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/A'}
          schemas:
            A: {type: object, properties: {a: {type: string}, b: {$ref: '#/components/schemas/B'}}}
            B: {type: object, properties: {next: {$ref: '#/components/schemas/A'}}}
            C: {$ref: '#/components/schemas/C'}
        """;
    OpenApiImport.Result result = OpenApiImport.read(document, TARGET, SCOPE, "loops.yaml");
    assertThat(result.endpoints())
        .extracting(e -> e.method() + " " + e.url().getPath() + " " + e.jsonBody())
        .containsExactly("POST /loop {\"a\":\"Gatehouse\",\"b\":{}}", "POST /external ");
    assertThat(result.notes()).anyMatch(n -> n.contains("/item"));
  }

  @Test
  void read_deepNesting_rejected() {
    String json =
        "{\"openapi\":\"3.0.0\",\"paths\":{},\"x\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}";
    assertThatThrownBy(() -> OpenApiImport.read(json, TARGET, SCOPE, "deep.json"))
        .isInstanceOf(InvalidOpenApiException.class)
        .hasMessageContaining("not valid JSON or YAML");
    String yaml = "openapi: 3.0.0\npaths: {}\nx: " + "[".repeat(5_000) + "]".repeat(5_000) + "\n";
    assertThatThrownBy(() -> OpenApiImport.read(yaml, TARGET, SCOPE, "deep.yaml"))
        .isInstanceOf(InvalidOpenApiException.class);
  }

  @Test
  void read_deepSchema_exampleCutAtTheDepthLimit() throws Exception {
    StringBuilder schema = new StringBuilder("{\"type\":\"string\"}");
    for (int i = 0; i < 60; i++) {
      schema = new StringBuilder("{\"type\":\"object\",\"properties\":{\"n\":" + schema + "}}");
    }
    String document =
        "{\"openapi\":\"3.0.0\",\"paths\":{\"/d\":{\"post\":{\"requestBody\":{\"content\":"
            + "{\"application/json\":{\"schema\":"
            + schema
            + "}}}}}}}";
    Endpoint endpoint = OpenApiImport.read(document, TARGET, SCOPE, "d.json").endpoints().get(0);
    assertThat(endpoint.jsonBody().length()).isLessThan(200);
  }

  @Test
  void read_documentOverTenMebibytes_rejected() {
    String huge = "openapi: 3.0.0\npaths: {}\n#" + "x".repeat(OpenApiImport.MAX_BYTES);
    assertThatThrownBy(() -> OpenApiImport.read(huge, TARGET, SCOPE, "huge.yaml"))
        .isInstanceOf(InvalidOpenApiException.class)
        .hasMessageContaining("larger than");
  }

  @Test
  void read_nineMegabytesOfOperations_boundedCount() throws Exception {
    StringBuilder json = new StringBuilder("{\"openapi\":\"3.0.0\",\"paths\":{");
    int i = 0;
    while (json.length() < 9_000_000) {
      json.append(i == 0 ? "" : ",")
          .append("\"/p")
          .append(i++)
          .append("/{id}\":{\"get\":{\"parameters\":[{\"name\":\"id\",\"in\":\"path\"},")
          .append("{\"name\":\"q\",\"in\":\"query\",\"schema\":{\"type\":\"string\"}}]}}");
    }
    json.append("}}");
    long start = System.nanoTime();
    OpenApiImport.Result result = OpenApiImport.read(json.toString(), TARGET, SCOPE, "big.json");
    assertThat(result.endpoints()).hasSize(2_000);
    assertThat(result.notes()).contains("stopped after 2000 operations");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void read_wideSchemas_exampleBoundedByTheNodeBudget() throws Exception {
    StringBuilder properties = new StringBuilder();
    for (int i = 0; i < 60; i++) {
      properties
          .append(i == 0 ? "" : ",")
          .append("\"p")
          .append(i)
          .append("\":{\"$ref\":\"#/components/schemas/W")
          .append("\"}");
    }
    String document =
        "{\"openapi\":\"3.0.0\",\"paths\":{\"/w\":{\"post\":{\"requestBody\":{\"content\":"
            + "{\"application/json\":{\"schema\":{\"type\":\"object\",\"properties\":{"
            + properties
            + "}}}}}}}},\"components\":{\"schemas\":{\"W\":{\"type\":\"object\",\"properties\":{"
            + properties.toString().replace("/W", "/V")
            + "}},\"V\":{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\"},"
            + "\"y\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/components/schemas/W\"}}}}}}}";
    Endpoint endpoint = OpenApiImport.read(document, TARGET, SCOPE, "w.json").endpoints().get(0);
    assertThat(endpoint.jsonBody().length()).isLessThan(200_000);
    assertThat(endpoint.parameters()).hasSizeLessThanOrEqualTo(100);
  }

  @Test
  void read_yamlAliasBomb_notExpanded() throws Exception {
    StringBuilder yaml =
        new StringBuilder("openapi: 3.0.0\npaths: {}\na0: &a0 [x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 10; i++) {
      yaml.append("a").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 9; j++) {
        yaml.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
      }
      yaml.append("]\n");
    }
    long start = System.nanoTime();
    assertThat(OpenApiImport.read(yaml.toString(), TARGET, SCOPE, "bomb.yaml").endpoints())
        .isEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void read_hostileNamesAndValues_keptInsideTheirInputs() throws Exception {
    String document =
        """
        {"openapi": "3.0.0", "paths": {
          "/a/{id}": {"get": {"parameters": [
            {"name": "id", "in": "path", "example": "../../x?y#z"},
            {"name": "Bad Header\\r\\nX: y", "in": "header", "example": "v"},
            {"name": "c;d", "in": "cookie", "example": "v"},
            {"name": "q", "in": "query", "example": "a&b=c"},
            {"name": "w", "in": "matrix"}]}},
          "not-a-path": {"get": {}},
          "/b": "string instead of a path item"}}
        """;
    OpenApiImport.Result result = OpenApiImport.read(document, TARGET, SCOPE, "h.json");
    Endpoint endpoint = result.endpoints().get(0);
    assertThat(endpoint.parameters()).extracting(Parameter::label).containsExactly("path:id", "q");
    assertThat(endpoint.request().uri().toString())
        .isEqualTo("http://127.0.0.1:8080/a/..%2F..%2Fx%3Fy%23z?q=a%26b%3Dc");
    assertThat(result.notes()).hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void read_xmlRequestBody_wholeDocumentIsOneInput() throws Exception {
    String document =
        """
        openapi: 3.0.3
        paths:
          /orders:
            post:
              requestBody:
                content:
                  application/xml:
                    schema: {$ref: '#/components/schemas/Order'}
          /notes:
            put:
              requestBody:
                content:
                  text/xml:
                    schema:
                      type: object
                      xml: {name: note}
                      properties: {text: {type: string, example: "a<b&c"}}
        components:
          schemas:
            Order:
              type: object
              properties:
                item: {type: integer, example: 3}
                lines: {type: array, items: {type: string, example: x}}
        """;
    OpenApiImport.Result result = OpenApiImport.read(document, TARGET, SCOPE, "x.yaml");

    Map<String, Endpoint> byPath =
        result.endpoints().stream().collect(Collectors.toMap(e -> e.url().getPath(), e -> e));
    Endpoint orders = byPath.get("/orders");
    assertThat(orders.parameters())
        .extracting(Parameter::label)
        .containsExactly("body:application/xml");
    assertThat(orders.request().headers()).containsEntry("Content-Type", "application/xml");
    assertThat(orders.request().body())
        .isEqualTo(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<Order><item>3</item><lines>x</lines></Order>");
    assertThat(byPath.get("/notes").request().body())
        .endsWith("<note><text>a&lt;b&amp;c</text></note>");
    assertThat(result.notes()).isEmpty();
  }

  @Test
  void read_xmlBodyWithHostileNames_namesReplacedAndTextEscaped() throws Exception {
    String document =
        """
        {"openapi": "3.0.0", "paths": {"/x": {"post": {"requestBody": {"content": {
          "application/soap+xml": {"schema": {"xml": {"name": "a b><c"}},
            "example": {"<x>": "]]><!DOCTYPE y>", "xmlns": 1, "ok.name-1": null}}}}}}}}
        """;
    Endpoint endpoint = OpenApiImport.read(document, TARGET, SCOPE, "h.json").endpoints().get(0);

    assertThat(endpoint.request().headers()).containsEntry("Content-Type", "application/soap+xml");
    assertThat(endpoint.request().body())
        .isEqualTo(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><field><field>]]&gt;&lt;!DOCTYPE"
                + " y&gt;</field><field>1</field><ok.name-1></ok.name-1></field>");
  }

  @Test
  void load_fileAndUrl_readTheSameDocument(@TempDir Path directory) throws Exception {
    Path file = directory.resolve("pets.yaml");
    Files.writeString(file, PETS);
    try (TestServer server = TestServer.start()) {
      server.route("/openapi.yaml", e -> e.send(200, "application/yaml", PETS));
      server.route("/missing", e -> e.send(404, "text/plain", "no"));
      Scope scope = Scope.of(server.base(), List.of(), List.of());
      OpenApiImport.Result fromUrl =
          OpenApiImport.load(
              server.uri("/openapi.yaml").toString(), server.base(), scope, Duration.ofSeconds(5));
      OpenApiImport.Result fromFile =
          OpenApiImport.load(file.toString(), server.base(), scope, Duration.ofSeconds(5));
      assertThat(fromUrl.endpoints()).hasSize(5).isEqualTo(fromFile.endpoints());
      assertThatThrownBy(
              () ->
                  OpenApiImport.load(
                      server.uri("/missing").toString(),
                      server.base(),
                      scope,
                      Duration.ofSeconds(5)))
          .isInstanceOf(InvalidOpenApiException.class)
          .hasMessageContaining("HTTP 404");
    }
    assertThatThrownBy(
            () ->
                OpenApiImport.load(
                    directory.resolve("none.yaml").toString(),
                    TARGET,
                    SCOPE,
                    Duration.ofSeconds(1)))
        .isInstanceOf(InvalidOpenApiException.class)
        .hasMessageContaining("not a readable file");
  }

  @Test
  void load_urlWithCredentials_sentOnlyInsideTheScopeAcrossRedirects() throws Exception {
    Map<String, String> credentials =
        Map.of("Authorization", "Bearer s3cret", "Cookie", "session=s3cret");
    List<String> seenOutside = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (TestServer app = TestServer.start();
        TestServer docs = TestServer.start()) {
      app.route(
          "/openapi.yaml",
          e -> {
            if (e.header("Authorization").equals("Bearer s3cret")
                && e.header("Cookie").equals("session=s3cret")) {
              e.send(200, "application/yaml", PETS);
            } else {
              e.send(401, "text/plain", "log in");
            }
          });
      app.route(
          "/moved",
          e ->
              e.responseHeader("Location", docs.uri("/openapi.yaml").toString())
                  .send(302, "text/plain", ""));
      app.route("/loop", e -> e.responseHeader("Location", "/loop").send(302, "text/plain", ""));
      app.route(
          "/ftp",
          e ->
              e.responseHeader("Location", "ftp://example.com/openapi.yaml")
                  .send(302, "text/plain", ""));
      docs.route(
          "/openapi.yaml",
          e -> {
            seenOutside.add(e.header("Authorization") + "|" + e.header("Cookie"));
            e.send(200, "application/yaml", PETS);
          });
      Scope scope = Scope.of(app.base(), List.of(), List.of());
      Duration timeout = Duration.ofSeconds(5);

      OpenApiImport.Result inScope =
          OpenApiImport.load(
              app.uri("/openapi.yaml").toString(),
              app.base(),
              scope,
              timeout,
              credentials,
              java.util.Optional.empty());
      assertThat(inScope.endpoints()).hasSize(5);
      assertThatThrownBy(
              () ->
                  OpenApiImport.load(
                      app.uri("/openapi.yaml").toString(), app.base(), scope, timeout))
          .isInstanceOf(InvalidOpenApiException.class)
          .hasMessageContaining("HTTP 401");

      OpenApiImport.Result redirected =
          OpenApiImport.load(
              app.uri("/moved").toString(),
              app.base(),
              scope,
              timeout,
              credentials,
              java.util.Optional.empty());
      assertThat(seenOutside).containsExactly("|");
      assertThat(redirected.notes().get(0))
          .contains("without the scan's headers and cookies", "outside the scan's scope")
          .doesNotContain("s3cret");

      for (String path : List.of("/loop", "/ftp")) {
        assertThatThrownBy(
                () ->
                    OpenApiImport.load(
                        app.uri(path).toString(),
                        app.base(),
                        scope,
                        timeout,
                        credentials,
                        java.util.Optional.empty()))
            .as(path)
            .isInstanceOf(InvalidOpenApiException.class)
            .hasMessageContaining("redirect");
      }
    }
  }

  @Test
  void read_hugeExamples_cutOrLeftOut() throws Exception {
    String big = "x".repeat(100_000);
    String longName = "y".repeat(10_000);
    String document =
        "{\"openapi\":\"3.0.0\",\"paths\":{\"/a\":{\"post\":{\"parameters\":["
            + "{\"name\":\"q\",\"in\":\"query\",\"example\":\""
            + big
            + "\"},{\"name\":\""
            + longName
            + "\",\"in\":\"query\"}],"
            + "\"requestBody\":{\"content\":{\"application/json\":{\"example\":{\"a\":\""
            + big
            + "\"}}}}}},\"/"
            + longName
            + "\":{\"get\":{}}}}";
    OpenApiImport.Result result = OpenApiImport.read(document, TARGET, SCOPE, "big.json");
    assertThat(result.endpoints()).hasSize(1);
    Endpoint endpoint = result.endpoints().get(0);
    assertThat(endpoint.parameters()).extracting(Parameter::name).containsExactly("q");
    assertThat(endpoint.parameters().get(0).value()).hasSize(2_048);
    assertThat(endpoint.jsonBody()).isEmpty();
    assertThat(result.notes()).hasSize(3);
  }
}
