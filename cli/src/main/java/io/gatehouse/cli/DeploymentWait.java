package io.gatehouse.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Follows one deployment's events until its state decides the wait: the event stream ({@code
 * /events}, server-sent events) with reconnection from the last event id, or long polling ({@code
 * /events/poll}) where the stream cannot be opened. Prints each event as it comes.
 */
final class DeploymentWait {
  static final int EXIT_REJECTED = 3;
  static final int EXIT_FAILED = 4;
  static final int EXIT_ENDED = 5;
  static final int EXIT_TIMEOUT = 6;
  static final Duration DEFAULT_RECONNECT = Duration.ofSeconds(1);
  private static final Duration MAX_POLL = Duration.ofSeconds(60);

  /** Connections in a row that end without a new event before long polling takes over. */
  private static final int MAX_FRUITLESS_CONNECTIONS = 5;

  private static final Duration NO_LIMIT = Duration.ofDays(365L * 100);

  /** Which state ends the wait with success. */
  enum Until {
    APPROVED,
    FINISHED
  }

  private final ApiClient client;
  private final long id;
  private final Until until;
  private final boolean json;
  private final PrintWriter out;
  private final AtomicReference<InputStream> openStream = new AtomicReference<>();
  private volatile boolean over;
  private volatile String lastState = "unknown";
  private long lastSeq;

  DeploymentWait(ApiClient client, long id, Until until, boolean json, PrintWriter out) {
    this.client = client;
    this.id = id;
    this.until = until;
    this.json = json;
    this.out = out;
  }

  /**
   * The exit code of a state for this wait: 0 done, 3 rejected, 4 failed, 5 ended otherwise; empty
   * while the wait goes on.
   */
  static OptionalInt exitCode(String state, Until until) {
    return switch (state) {
      case "approved", "in_progress" ->
          until == Until.APPROVED ? OptionalInt.of(0) : OptionalInt.empty();
      case "success" -> OptionalInt.of(0);
      case "rejected" -> OptionalInt.of(EXIT_REJECTED);
      case "failure", "error" -> OptionalInt.of(EXIT_FAILED);
      case "timed_out", "cancelled", "inactive" -> OptionalInt.of(EXIT_ENDED);
      default -> OptionalInt.empty();
    };
  }

  /** Waits, at most {@code timeout} when given, and returns the exit code. */
  int run(Optional<Duration> timeout) {
    Instant deadline = Instant.now().plus(timeout.orElse(NO_LIMIT));
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<Integer> result = executor.submit(() -> follow(deadline));
      try {
        return timeout.isEmpty()
            ? result.get()
            : result.get(timeout.get().toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        return timedOut(timeout.get());
      } catch (ExecutionException e) {
        throw e.getCause() instanceof RuntimeException r
            ? r
            : new ApiCallException("waiting failed: " + e.getCause().getMessage(), e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ApiCallException("interrupted while waiting", e);
      } finally {
        over = true;
        result.cancel(true);
        closeStream();
        executor.shutdownNow();
      }
    }
  }

  private int timedOut(Duration timeout) {
    over = true;
    synchronized (out) {
      if (!json) {
        out.println(
            "gave up waiting for deployment "
                + id
                + " after "
                + timeout
                + " (state "
                + lastState
                + ")");
      }
      out.flush();
    }
    return EXIT_TIMEOUT;
  }

  private int follow(Instant deadline) throws InterruptedException {
    JsonNode deployment = client.get("/deployments/" + id).json();
    lastState = deployment.path("state").asText("unknown");
    OptionalInt decided = exitCode(lastState, until);
    if (decided.isPresent()) {
      if (json) {
        print(deployment.toString());
      } else {
        print("deployment " + id + " is " + lastState);
      }
      return decided.getAsInt();
    }
    return stream(deadline);
  }

  private int stream(Instant deadline) throws InterruptedException {
    String lastEventId = "";
    Duration reconnect = DEFAULT_RECONNECT;
    boolean connected = false;
    int fruitless = 0;
    while (fruitless < MAX_FRUITLESS_CONNECTIONS) {
      HttpResponse<InputStream> response;
      try {
        response = client.stream(path("/events"), streamHeaders(lastEventId));
      } catch (ApiCallException e) {
        if (e.status().filter(s -> s == 401 || s == 403 || s == 404).isPresent()) {
          throw e;
        }
        if (e.status().isPresent() || !connected) {
          return poll();
        }
        fruitless++;
        pause(reconnect, deadline);
        continue;
      }
      if (!isEventStream(response)) {
        closeQuietly(response.body());
        return poll();
      }
      connected = true;
      long seqBefore = lastSeq;
      EventStreamReader reader = new EventStreamReader(response.body());
      openStream.set(response.body());
      try {
        OptionalInt decided = read(reader);
        if (decided.isPresent()) {
          return decided.getAsInt();
        }
      } catch (IOException e) {
        // A dropped stream: reconnect from the last event id.
      } finally {
        closeStream();
      }
      lastEventId = reader.lastEventId().isEmpty() ? lastEventId : reader.lastEventId();
      reconnect = reader.retry().orElse(reconnect);
      fruitless = lastSeq > seqBefore ? 0 : fruitless + 1;
      pause(reconnect, deadline);
    }
    return poll();
  }

  private OptionalInt read(EventStreamReader reader) throws IOException {
    while (true) {
      Optional<EventStreamReader.Event> event = reader.next();
      if (event.isEmpty()) {
        return OptionalInt.empty();
      }
      OptionalInt decided = onEvent(event.get().data());
      if (decided.isPresent()) {
        return decided;
      }
    }
  }

  private int poll() throws InterruptedException {
    while (!Thread.currentThread().isInterrupted()) {
      ApiClient.Answer answer =
          client.getLong(
              path("/events/poll?after=" + lastSeq + "&timeout=" + MAX_POLL.toSeconds()), MAX_POLL);
      for (JsonNode event : answer.json().path("events")) {
        OptionalInt decided = onEvent(event.toString());
        if (decided.isPresent()) {
          return decided.getAsInt();
        }
      }
      String state = answer.json().path("deployment").path("state").asText("");
      OptionalInt decided = exitCode(state, until);
      if (decided.isPresent()) {
        lastState = state;
        finalLine();
        return decided.getAsInt();
      }
    }
    throw new InterruptedException();
  }

  private OptionalInt onEvent(String data) {
    JsonNode event;
    try {
      event = ApiClient.json().readTree(data);
    } catch (JsonProcessingException e) {
      throw new ApiCallException("the server sent an event that is not JSON: " + data, e);
    }
    lastSeq = Math.max(lastSeq, event.path("seq").asLong(lastSeq));
    print(json ? event.toString() : describe(event));
    if (!event.path("state").isTextual()) {
      return OptionalInt.empty();
    }
    lastState = event.path("state").asText();
    OptionalInt decided = exitCode(lastState, until);
    if (decided.isPresent()) {
      finalLine();
    }
    return decided;
  }

  private void finalLine() {
    if (!json) {
      print("deployment " + id + " is " + lastState);
    }
  }

  /** One event for people: time, type, state, actor and detail. */
  static String describe(JsonNode event) {
    StringBuilder line =
        new StringBuilder()
            .append(TextTable.text(event, "at"))
            .append("  ")
            .append(TextTable.text(event, "type"))
            .append("  ")
            .append(TextTable.text(event, "state"));
    if (event.path("actor").isTextual()) {
      line.append("  by ").append(event.path("actor").asText());
    }
    if (event.path("detail").isTextual() && !event.path("detail").asText().isEmpty()) {
      line.append("  ").append(event.path("detail").asText());
    }
    return line.toString();
  }

  private void print(String line) {
    synchronized (out) {
      if (!over) {
        out.println(line);
        out.flush();
      }
    }
  }

  private String path(String suffix) {
    return "/deployments/" + id + suffix;
  }

  private static Map<String, String> streamHeaders(String lastEventId) {
    return lastEventId.isEmpty()
        ? Map.of("Accept", "text/event-stream")
        : Map.of("Accept", "text/event-stream", "Last-Event-ID", lastEventId);
  }

  private static boolean isEventStream(HttpResponse<InputStream> response) {
    return response
        .headers()
        .firstValue("Content-Type")
        .filter(type -> type.toLowerCase(Locale.ROOT).startsWith("text/event-stream"))
        .isPresent();
  }

  private static void pause(Duration delay, Instant deadline) throws InterruptedException {
    Duration left = Duration.between(Instant.now(), deadline);
    Thread.sleep(Math.max(0, Math.min(delay.toMillis(), left.toMillis())));
  }

  private void closeStream() {
    InputStream stream = openStream.getAndSet(null);
    if (stream != null) {
      closeQuietly(stream);
    }
  }

  private static void closeQuietly(InputStream stream) {
    try {
      stream.close();
    } catch (IOException e) {
      // Nothing more to read from it either way.
    }
  }
}
