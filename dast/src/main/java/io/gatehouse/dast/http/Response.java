package io.gatehouse.dast.http;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The response to one request, its body bounded.
 *
 * @param request the request answered (the last hop, when redirects were followed)
 * @param status the HTTP status code
 * @param headers the headers, names in lower case
 * @param body the body decoded as text, at most the client's size limit
 * @param truncated whether the body was cut at the size limit
 * @param elapsed the time from sending to the end of the (bounded) body
 */
public record Response(
    Request request,
    int status,
    Map<String, List<String>> headers,
    String body,
    boolean truncated,
    Duration elapsed) {
  public Response {
    Map<String, List<String>> lower = new TreeMap<>();
    headers.forEach(
        (name, values) ->
            lower
                .computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                .addAll(values));
    lower.replaceAll((name, values) -> List.copyOf(values));
    headers = Map.copyOf(lower);
  }

  /** The URL that was requested. */
  public URI uri() {
    return request.uri();
  }

  /** The first value of the header {@code name}, if any. */
  public Optional<String> header(String name) {
    List<String> values = headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** Every value of the header {@code name}. */
  public List<String> headerValues(String name) {
    return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
  }

  /** Whether the status is a redirect that names where to go. */
  public boolean isRedirect() {
    return (status == 301 || status == 302 || status == 303 || status == 307 || status == 308)
        && header("Location").isPresent();
  }

  /** Whether the body is HTML, by its content type or, without one, by its start. */
  public boolean isHtml() {
    Optional<String> type = header("Content-Type");
    if (type.isPresent()) {
      String lower = type.get().toLowerCase(Locale.ROOT);
      return lower.contains("html");
    }
    String start = body.stripLeading();
    return start.regionMatches(true, 0, "<!doctype html", 0, 14)
        || start.regionMatches(true, 0, "<html", 0, 5);
  }

  /** The status line and headers as text, for evidence. */
  public String headText() {
    StringBuilder text = new StringBuilder("HTTP ").append(status).append('\n');
    headers.forEach((name, values) -> values.forEach(v -> text.append(name + ": " + v + "\n")));
    return text.toString();
  }
}
