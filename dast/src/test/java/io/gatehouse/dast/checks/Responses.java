package io.gatehouse.dast.checks;

import io.gatehouse.dast.http.Request;
import io.gatehouse.dast.http.Response;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Responses built in memory, for the checks that only read responses. */
final class Responses {
  private Responses() {}

  /** A 200 response to a GET of {@code url} with headers given as name, value, name, value... */
  static Response html(String url, String body, String... headers) {
    Map<String, List<String>> map = new LinkedHashMap<>();
    map.put("Content-Type", List.of("text/html; charset=utf-8"));
    for (int i = 0; i < headers.length; i += 2) {
      map.merge(
          headers[i],
          List.of(headers[i + 1]),
          (a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream()).toList());
    }
    return new Response(Request.get(URI.create(url)), 200, map, body, false, Duration.ZERO);
  }
}
