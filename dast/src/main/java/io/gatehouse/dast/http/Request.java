package io.gatehouse.dast.http;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP request a scan makes.
 *
 * @param method the method, upper case
 * @param uri the absolute URL, query included
 * @param headers extra headers, in order (the client adds the scan's own)
 * @param body the body, empty for none
 */
public record Request(String method, URI uri, Map<String, String> headers, String body) {
  /** The content type of a form body. */
  public static final String FORM_CONTENT_TYPE = "application/x-www-form-urlencoded";

  public Request {
    headers = Map.copyOf(new LinkedHashMap<>(headers));
  }

  /** A GET of {@code uri}. */
  public static Request get(URI uri) {
    return new Request("GET", uri, Map.of(), "");
  }

  /** A POST of an url-encoded form body to {@code uri}. */
  public static Request postForm(URI uri, String body) {
    return new Request("POST", uri, Map.of("Content-Type", FORM_CONTENT_TYPE), body);
  }

  /** This request with one more header (replacing one of the same name). */
  public Request withHeader(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name, value);
    return new Request(method, uri, copy, body);
  }

  /** The first line of the request as it is sent, for evidence. */
  public String requestLine() {
    return method + " " + uri;
  }
}
