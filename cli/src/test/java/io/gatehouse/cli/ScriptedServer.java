package io.gatehouse.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on a free local port that answers each route from a script and records every
 * request, so client commands can be tested against the wire format of the API.
 */
final class ScriptedServer implements AutoCloseable {
  /** One answer of a route; it writes the whole exchange. */
  @FunctionalInterface
  interface Answer {
    void write(HttpExchange exchange, Request request) throws IOException;
  }

  /** A request as the server received it; header names are lower case. */
  record Request(
      String method, String path, String query, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    String target() {
      return query == null ? path : path + "?" + query;
    }
  }

  private final HttpServer server;
  private final Map<String, List<Answer>> routes = new HashMap<>();
  private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

  private ScriptedServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
  }

  static ScriptedServer start() {
    try {
      return new ScriptedServer();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Answers {@code method path} (without query) with the answers in turn; the last one repeats. */
  synchronized ScriptedServer on(String method, String path, Answer... answers) {
    routes.put(method + " " + path, new ArrayList<>(List.of(answers)));
    return this;
  }

  /** A JSON answer with the given status. */
  static Answer json(int status, String body) {
    return (exchange, request) -> write(exchange, status, "application/json", body);
  }

  /** An error answer in the API's format. */
  static Answer error(int status, String code, String message) {
    return json(status, "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}");
  }

  static void write(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** The token {@link #run} gives commands through GATEHOUSE_TOKEN. */
  static final String TOKEN = "gth_testtokentesttokentesttokentesttokentes";

  /** Runs {@code gatehouse} with GATEHOUSE_SERVER naming this server and GATEHOUSE_TOKEN set. */
  CommandRun run(String... args) {
    return CommandRun.run(
        Map.of("GATEHOUSE_SERVER", uri().toString(), "GATEHOUSE_TOKEN", TOKEN),
        new FakeTerminal(),
        args);
  }

  /**
   * A streamed answer of the given type: each chunk written and flushed on its own, with a pause
   * before it, so the client sees the body in fragments.
   */
  static Answer chunks(String type, Duration pause, String... chunks) {
    return (exchange, request) -> {
      exchange.getResponseHeaders().set("Content-Type", type);
      exchange.sendResponseHeaders(200, 0);
      try (OutputStream out = exchange.getResponseBody()) {
        for (String chunk : chunks) {
          sleep(pause);
          out.write(chunk.getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
      }
    };
  }

  static void sleep(Duration pause) {
    try {
      Thread.sleep(pause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  Request lastRequest() {
    List<Request> all = requests();
    return all.get(all.size() - 1);
  }

  /** A URL where nothing listens. */
  static URI nothingListening() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    Map<String, String> headers = new HashMap<>();
    exchange
        .getRequestHeaders()
        .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    URI target = exchange.getRequestURI();
    Request request =
        new Request(
            exchange.getRequestMethod(), target.getRawPath(), target.getRawQuery(), headers, body);
    requests.add(request);
    Answer answer = next(request.method() + " " + request.path());
    try {
      if (answer == null) {
        write(
            exchange,
            404,
            "application/json",
            "{\"error\":{\"code\":\"not_found\","
                + "\"message\":\"no route "
                + request.path()
                + "\"}}");
      } else {
        answer.write(exchange, request);
      }
    } finally {
      exchange.close();
    }
  }

  private synchronized Answer next(String route) {
    List<Answer> answers = routes.get(route);
    if (answers == null || answers.isEmpty()) {
      return null;
    }
    return answers.size() == 1 ? answers.get(0) : answers.remove(0);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
