package io.gatehouse.deploy.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.deploy.server.ServerFixture;
import io.gatehouse.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;

/** Authenticated JSON calls against a {@link ServerFixture}, for the integration tests. */
public final class ApiCalls {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ServerFixture fixture;

  public ApiCalls(ServerFixture fixture) {
    this.fixture = fixture;
  }

  /** A call's status and parsed body. */
  public record Answer(int status, JsonNode body, HttpResponse<String> raw) {
    /** The error code of an error answer. */
    public String code() {
      return body.path("error").path("code").asText();
    }

    /** The error message of an error answer. */
    public String message() {
      return body.path("error").path("message").asText();
    }
  }

  public Answer get(String token, String path) {
    return send(token, "GET", path, Optional.empty(), "application/json");
  }

  public Answer delete(String token, String path) {
    return send(token, "DELETE", path, Optional.empty(), "application/json");
  }

  public Answer post(String token, String path, String body) {
    return send(token, "POST", path, Optional.of(body), "application/json");
  }

  public Answer put(String token, String path, String body) {
    return send(token, "PUT", path, Optional.of(body), "application/json");
  }

  public Answer send(
      String token, String method, String path, Optional<String> body, String contentType) {
    HttpRequest.Builder request = HttpRequest.newBuilder(fixture.uri(path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    request.header("Content-Type", contentType);
    request.method(
        method,
        body.map(HttpRequest.BodyPublishers::ofString)
            .orElseGet(HttpRequest.BodyPublishers::noBody));
    return parse(fixture.send(request.build()));
  }

  public Answer raw(HttpRequest request) {
    return parse(fixture.send(request));
  }

  private static Answer parse(HttpResponse<String> response) {
    try {
      JsonNode body =
          response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
      return new Answer(response.statusCode(), body, response);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + response.body(), e);
    }
  }

  /** Creates a user (as the admin) and a token for it; returns the token. */
  public String userWithToken(String name, boolean admin) {
    Answer created =
        post(fixture.adminToken(), "/api/v1/users", json("name", name, "admin", admin));
    if (created.status() != 201) {
      throw new IllegalStateException("cannot create user " + name + ": " + created.body());
    }
    Answer token =
        post(fixture.adminToken(), "/api/v1/users/" + name + "/tokens", json("name", "test"));
    return token.body().path("token").asText();
  }

  /**
   * Reads deployment {@code id} with {@code token} every 200 ms until {@code condition} holds, and
   * returns it then; fails the test with the last answer after {@code patience}.
   */
  public JsonNode awaitDeployment(
      String token, long id, Predicate<JsonNode> condition, Duration patience) {
    Instant deadline = Instant.now().plus(patience);
    JsonNode last = null;
    while (Instant.now().isBefore(deadline)) {
      Answer answer = get(token, "/api/v1/deployments/" + id);
      if (answer.status() != 200) {
        throw new AssertionError(
            "GET deployment " + id + ": " + answer.status() + " " + answer.body());
      }
      last = answer.body();
      if (condition.test(last)) {
        return last;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("deployment " + id + " never got there: " + last);
  }

  /** A JSON object of alternating keys and values. */
  public static String json(Object... keysAndValues) {
    var node = JSON.createObjectNode();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      node.set((String) keysAndValues[i], JSON.valueToTree(keysAndValues[i + 1]));
    }
    return node.toString();
  }

  /** A plain JDBC connection to the server's database, for checks behind the API. */
  public static Connection connect(TestDatabase database) throws SQLException {
    String url = database.jdbcUrl();
    if (url.startsWith("jdbc:h2:")) {
      url += ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;FILE_LOCK=FS";
    }
    return DriverManager.getConnection(url, database.user(), database.password());
  }
}
