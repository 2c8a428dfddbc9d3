package io.gatehouse.deploy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.testing.DatabaseKind;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OpenApiIT {
  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");
  private static ServerFixture server;
  private static JsonNode document;

  @BeforeAll
  static void start() throws Exception {
    server = ServerFixture.start(DatabaseKind.H2.create());
    HttpResponse<String> response = server.get("/api/v1/openapi.json");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    document = new ObjectMapper().readTree(response.body());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void document_isOpenApi31() {
    assertThat(document.path("openapi").asText()).isEqualTo("3.1.0");
    assertThat(document.path("info").path("title").asText()).isEqualTo("Gatehouse API");
  }

  @Test
  void document_describesExactlyTheServedApiRoutes() {
    Set<String> served = new TreeSet<>();
    for (String route : server.server().routes()) {
      String path = route.substring(route.indexOf(' ') + 1);
      if (path.startsWith("/api/v1/")) {
        served.add(route);
      }
    }
    Set<String> described = new TreeSet<>();
    for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
      for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
        if (METHODS.contains(operation.getKey())) {
          described.add(operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
        }
      }
    }
    assertThat(described).isEqualTo(served);
  }

  @Test
  void document_everyReferenceResolves() {
    List<String> references = new ArrayList<>();
    collectReferences(document, references);
    assertThat(references).isNotEmpty();
    for (String reference : references) {
      assertThat(reference).startsWith("#/");
      assertThat(document.at(reference.substring(1)).isMissingNode())
          .as("reference %s", reference)
          .isFalse();
    }
  }

  @Test
  void document_everyOperationHasAnIdAndAnAnswer() {
    Set<String> ids = new TreeSet<>();
    for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
      for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
        String id = operation.getValue().path("operationId").asText();
        assertThat(id).as("%s %s", operation.getKey(), path.getKey()).isNotBlank();
        assertThat(ids.add(id)).as("operationId %s is unique", id).isTrue();
        assertThat(operation.getValue().path("responses").size()).isPositive();
      }
    }
  }

  private static void collectReferences(JsonNode node, List<String> into) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        if (field.getKey().equals("$ref")) {
          into.add(field.getValue().asText());
        } else {
          collectReferences(field.getValue(), into);
        }
      }
    } else if (node.isArray()) {
      for (JsonNode element : node) {
        collectReferences(element, into);
      }
    }
  }
}
