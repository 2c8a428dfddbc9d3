package io.gatehouse.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP client of the Gatehouse API ({@code /api/v1}): JSON in and out, the bearer token on
 * every call, bounded waits, and errors that say what went wrong in words a user can act on. The
 * token is never part of a message.
 */
final class ApiClient {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String API = "/api/v1";

  private final URI server;
  private final Optional<String> token;
  private final HttpClient http;

  ApiClient(URI server, Optional<String> token) {
    this.server = server;
    this.token = token;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** The server's base URL, as given. */
  URI server() {
    return server;
  }

  static ObjectMapper json() {
    return JSON;
  }

  /** A JSON answer: its raw text (for {@code --output json}) and its parsed tree. */
  record Answer(String body, JsonNode json) {}

  Answer get(String path) {
    return send(request(path, REQUEST_TIMEOUT).GET());
  }

  Answer post(String path, Object body) {
    return send(request(path, REQUEST_TIMEOUT).POST(jsonBody(body)));
  }

  Answer put(String path, Object body) {
    return send(request(path, REQUEST_TIMEOUT).PUT(jsonBody(body)));
  }

  /** Sends a DELETE; an empty answer (204) gives an empty tree. */
  Answer delete(String path) {
    return send(request(path, REQUEST_TIMEOUT).DELETE());
  }

  /** A GET whose answer may take up to {@code wait} (long polling): the request timeout grows. */
  Answer getLong(String path, Duration wait) {
    return send(request(path, REQUEST_TIMEOUT.plus(wait)).GET());
  }

  /**
   * Opens a streamed answer (events, NDJSON export). A 2xx answer is returned open, for the caller
   * to read and close; an error answer is turned into an {@link ApiCallException}. The request
   * timeout bounds only the wait for the answer's headers.
   */
  HttpResponse<InputStream> stream(String path, Map<String, String> headers) {
    HttpRequest.Builder builder = request(path, REQUEST_TIMEOUT).GET();
    headers.forEach(builder::setHeader);
    HttpResponse<InputStream> response = exchange(builder.build(), BodyKind.STREAM);
    if (response.statusCode() / 100 != 2) {
      String body;
      try (InputStream in = response.body()) {
        body = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
      } catch (IOException e) {
        body = "";
      }
      throw failure(response.statusCode(), body);
    }
    return response;
  }

  /** Percent-encodes one path segment. */
  static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Percent-encodes one query value. */
  static String query(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private HttpRequest.Builder request(String path, Duration timeout) {
    String base = server.toString().replaceAll("/+$", "");
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(base + API + path))
            .timeout(timeout)
            .header("Accept", "application/json");
    token.ifPresent(t -> builder.header("Authorization", "Bearer " + t));
    return builder;
  }

  private static HttpRequest.BodyPublisher jsonBody(Object body) {
    try {
      return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write the request as JSON", e);
    }
  }

  private Answer send(HttpRequest.Builder builder) {
    HttpRequest request = builder.header("Content-Type", "application/json").build();
    HttpResponse<String> response = exchange(request, BodyKind.TEXT);
    String body = response.body();
    if (response.statusCode() / 100 != 2) {
      throw failure(response.statusCode(), body);
    }
    if (body.isBlank()) {
      return new Answer("", JSON.missingNode());
    }
    try {
      return new Answer(body.strip(), JSON.readTree(body));
    } catch (JsonProcessingException e) {
      throw new ApiCallException(
          "the server at "
              + server
              + " answered with malformed JSON (is --server the Gatehouse"
              + " API?): "
              + e.getOriginalMessage(),
          e);
    }
  }

  private enum BodyKind {
    TEXT,
    STREAM
  }

  @SuppressWarnings("unchecked")
  private <T> HttpResponse<T> exchange(HttpRequest request, BodyKind kind) {
    try {
      return (HttpResponse<T>)
          switch (kind) {
            case TEXT -> http.send(request, HttpResponse.BodyHandlers.ofString());
            case STREAM -> http.send(request, HttpResponse.BodyHandlers.ofInputStream());
          };
    } catch (HttpConnectTimeoutException e) {
      throw unreachable(e);
    } catch (HttpTimeoutException e) {
      throw new ApiCallException(
          "the Gatehouse server at "
              + server
              + " did not answer within "
              + request.timeout().orElse(REQUEST_TIMEOUT).toSeconds()
              + " s",
          e);
    } catch (ConnectException e) {
      throw unreachable(e);
    } catch (IOException e) {
      if (e.getCause() instanceof UnresolvedAddressException) {
        throw unreachable(e);
      }
      throw new ApiCallException(
          "the connection to the Gatehouse server at " + server + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiCallException("interrupted while calling the Gatehouse server", e);
    }
  }

  private ApiCallException unreachable(IOException e) {
    return new ApiCallException(
        "cannot reach the Gatehouse server at " + server + " (is it running?)", e);
  }

  /** The exception for an error answer: the server's own message when it sent one. */
  static ApiCallException failure(int status, String body) {
    if (status == 401) {
      return new ApiCallException(
          status,
          "unauthenticated",
          "the token was refused (missing, expired or revoked): set --token or GATEHOUSE_TOKEN");
    }
    Optional<JsonNode> error = errorOf(body);
    if (error.isPresent()) {
      String code = error.get().path("code").asText("");
      String message = error.get().path("message").asText("");
      return new ApiCallException(
          status, code, message + (code.isEmpty() ? "" : " (" + code + ", HTTP " + status + ")"));
    }
    return new ApiCallException(
        status, "", "the server answered HTTP " + status + " without an error message");
  }

  private static Optional<JsonNode> errorOf(String body) {
    try {
      JsonNode error = JSON.readTree(body).path("error");
      return error.path("message").isTextual() ? Optional.of(error) : Optional.empty();
    } catch (JsonProcessingException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
