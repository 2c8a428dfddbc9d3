package io.gatehouse.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Reads a {@code text/event-stream} as the HTML standard defines it: lines ending in LF, CR or
 * CRLF; {@code field: value} lines ({@code id}, {@code event}, {@code data}, {@code retry});
 * comments starting with a colon; an event dispatched at each blank line, its data lines joined
 * with LF. An event the stream ends in the middle of is dropped.
 */
final class EventStreamReader {
  /** One dispatched event; {@code id} is the last event id seen, possibly from an earlier event. */
  record Event(String id, String type, String data) {}

  private final BufferedReader reader;
  private final StringBuilder data = new StringBuilder();
  private String type = "";
  private String idBuffer = "";
  private String lastEventId = "";
  private Optional<Duration> retry = Optional.empty();
  private boolean first = true;

  EventStreamReader(InputStream in) {
    this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }

  /** The next event; empty at the end of the stream. */
  Optional<Event> next() throws IOException {
    String line;
    while ((line = reader.readLine()) != null) {
      if (first) {
        first = false;
        line = line.startsWith("\uFEFF") ? line.substring(1) : line;
      }
      if (line.isEmpty()) {
        Optional<Event> event = dispatch();
        if (event.isPresent()) {
          return event;
        }
      } else if (!line.startsWith(":")) {
        field(line);
      }
    }
    return Optional.empty();
  }

  /**
   * The last event id of the stream as of the last complete event, for {@code Last-Event-ID} when
   * reconnecting; an id in an event the stream ended in the middle of does not count.
   */
  String lastEventId() {
    return lastEventId;
  }

  /** The reconnection delay the server asked for, if it did. */
  Optional<Duration> retry() {
    return retry;
  }

  private void field(String line) {
    int colon = line.indexOf(':');
    String name = colon < 0 ? line : line.substring(0, colon);
    String value = colon < 0 ? "" : line.substring(colon + 1);
    if (value.startsWith(" ")) {
      value = value.substring(1);
    }
    switch (name) {
      case "data" -> data.append(value).append('\n');
      case "event" -> type = value;
      case "id" -> {
        if (value.indexOf('\0') < 0) {
          idBuffer = value;
        }
      }
      case "retry" -> {
        if (value.matches("\\d{1,9}")) {
          retry = Optional.of(Duration.ofMillis(Long.parseLong(value)));
        }
      }
      default -> {
        // Unknown fields are ignored, as the standard says.
      }
    }
  }

  private Optional<Event> dispatch() {
    lastEventId = idBuffer;
    if (data.isEmpty()) {
      type = "";
      return Optional.empty();
    }
    data.setLength(data.length() - 1);
    Event event = new Event(lastEventId, type.isEmpty() ? "message" : type, data.toString());
    data.setLength(0);
    type = "";
    return Optional.of(event);
  }
}
