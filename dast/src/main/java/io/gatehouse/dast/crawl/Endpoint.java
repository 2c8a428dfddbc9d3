package io.gatehouse.dast.crawl;

import io.gatehouse.dast.http.Request;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A request the target accepts, with its parameters: a link with a query, a form, or an operation
 * of an API.
 *
 * @param method the HTTP method, upper case
 * @param url the URL without its query, path parameters at their original values
 * @param parameters the inputs, in page or document order
 * @param jsonBody the JSON body, its fields at their original values, for an endpoint that takes
 *     one; empty otherwise. Its string, number and boolean fields are the {@link
 *     Parameter.Location#JSON} parameters.
 */
public record Endpoint(String method, URI url, List<Parameter> parameters, String jsonBody) {
  private static final int MAX_JSON_FIELDS = 100;

  public Endpoint {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(jsonBody, "jsonBody");
    parameters = withFileParts(parameters);
    int segments = pathSegments(url).length;
    for (Parameter parameter : parameters) {
      if (parameter.location() == Parameter.Location.PATH && parameter.position() >= segments) {
        throw new IllegalArgumentException(
            "no path segment " + parameter.position() + " in " + url.getRawPath());
      }
    }
  }

  /**
   * {@code parameters} with, for each file part, its file name and content type as inputs too
   * ({@link Parameter.Location#FILE_NAME}, {@link Parameter.Location#FILE_TYPE}), unless given.
   */
  private static List<Parameter> withFileParts(List<Parameter> parameters) {
    List<Parameter> all = new ArrayList<>(parameters);
    for (Parameter file : parameters) {
      if (file.location() == Parameter.Location.FILE) {
        addIfNoneNamed(all, Parameter.Location.FILE_NAME, file.name(), RequestParts.FILE_NAME);
        addIfNoneNamed(all, Parameter.Location.FILE_TYPE, file.name(), RequestParts.FILE_TYPE);
      }
    }
    return List.copyOf(all);
  }

  private static void addIfNoneNamed(
      List<Parameter> all, Parameter.Location location, String name, String value) {
    if (all.stream().noneMatch(p -> p.location() == location && p.name().equals(name))) {
      all.add(new Parameter(location, name, value));
    }
  }

  /** An endpoint without a JSON body. */
  public Endpoint(String method, URI url, List<Parameter> parameters) {
    this(method, url, parameters, "");
  }

  /**
   * An endpoint that takes the JSON document {@code json} as its body, with {@code others} (query,
   * path, header, cookie) and each string, number and boolean of the document as parameters.
   *
   * @throws IllegalArgumentException when {@code json} is not JSON
   */
  public static Endpoint withJsonBody(String method, URI url, List<Parameter> others, String json) {
    List<Parameter> all = new ArrayList<>(others);
    all.addAll(RequestParts.jsonFields(json, MAX_JSON_FIELDS));
    return new Endpoint(method, url, all, json);
  }

  /** The request with every parameter at its original value. */
  public Request request() {
    return build(parameters);
  }

  /** The request with {@code target} set to {@code value}, every other parameter unchanged. */
  public Request requestWith(Parameter target, String value) {
    List<Parameter> changed = new ArrayList<>(parameters.size());
    for (Parameter parameter : parameters) {
      changed.add(parameter.equals(target) ? parameter.withValue(value) : parameter);
    }
    return build(changed);
  }

  /** This endpoint with more parameters (headers, cookies, path segments found later). */
  Endpoint withParameters(List<Parameter> more) {
    List<Parameter> all = new ArrayList<>(parameters);
    more.stream().filter(p -> !all.contains(p)).forEach(all::add);
    return new Endpoint(method, url, all, jsonBody);
  }

  /**
   * The key by which endpoints are the same: method, normalised URL (path parameters as their
   * names) and the sorted parameter names, so that {@code ?id=1} and {@code ?id=2} are one
   * endpoint, and {@code /item/1} and {@code /item/2} too when their last segment is a path
   * parameter.
   */
  public String key() {
    String names =
        parameters.stream()
            .map(p -> p.location() + ":" + p.name())
            .collect(Collectors.toCollection(TreeSet::new))
            .toString();
    return method + " " + template() + " " + names;
  }

  /** The URL with each path parameter's segment replaced by its name in braces. */
  private String template() {
    if (parameters.stream().noneMatch(p -> p.location() == Parameter.Location.PATH)) {
      return url.toString();
    }
    String[] segments = pathSegments(url);
    for (Parameter parameter : parameters) {
      if (parameter.location() == Parameter.Location.PATH) {
        segments[parameter.position()] = "{" + parameter.name() + "}";
      }
    }
    String text = url.toString();
    return text.substring(0, text.length() - url.getRawPath().length())
        + String.join("/", segments);
  }

  private Request build(List<Parameter> values) {
    URI target = withPath(values);
    String query = urlEncoded(values, Parameter.Location.QUERY);
    if (!query.isEmpty()) {
      target = URI.create(target + "?" + query);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    String cookies =
        values.stream()
            .filter(p -> p.location() == Parameter.Location.COOKIE)
            .map(p -> p.name() + "=" + RequestParts.cookieValue(p.value()))
            .collect(Collectors.joining("; "));
    for (Parameter parameter : values) {
      if (parameter.location() == Parameter.Location.HEADER) {
        headers.put(parameter.name(), RequestParts.headerValue(parameter.value()));
      }
    }
    if (!cookies.isEmpty()) {
      headers.put("Cookie", cookies);
    }
    String body = "";
    Parameter xml =
        values.stream()
            .filter(p -> p.location() == Parameter.Location.XML_BODY)
            .findFirst()
            .orElse(null);
    if (xml != null) {
      headers.put("Content-Type", xml.name());
      body = xml.value();
    } else if (!jsonBody.isEmpty()) {
      headers.put("Content-Type", RequestParts.JSON_CONTENT_TYPE);
      body = RequestParts.json(jsonBody, changedJson(values));
    } else if (has(values, Parameter.Location.MULTIPART) || has(values, Parameter.Location.FILE)) {
      RequestParts.Multipart multipart = RequestParts.multipart(values);
      headers.put("Content-Type", multipart.contentType());
      body = multipart.body();
    } else if (has(values, Parameter.Location.FORM) || method.equals("POST")) {
      headers.put("Content-Type", Request.FORM_CONTENT_TYPE);
      body = urlEncoded(values, Parameter.Location.FORM);
    }
    return new Request(method, target, headers, body);
  }

  /** The JSON parameters whose value differs from the original, pointer to new value. */
  private Map<String, String> changedJson(List<Parameter> values) {
    Map<String, String> changed = new LinkedHashMap<>();
    for (int i = 0; i < values.size(); i++) {
      Parameter value = values.get(i);
      if (value.location() == Parameter.Location.JSON && !value.equals(parameters.get(i))) {
        changed.put(value.name(), value.value());
      }
    }
    return changed;
  }

  private URI withPath(List<Parameter> values) {
    if (!has(values, Parameter.Location.PATH)) {
      return url;
    }
    String[] segments = pathSegments(url);
    for (Parameter parameter : values) {
      if (parameter.location() == Parameter.Location.PATH) {
        segments[parameter.position()] = RequestParts.pathSegment(parameter.value());
      }
    }
    String text = url.toString();
    String prefix = text.substring(0, text.length() - url.getRawPath().length());
    return URI.create(prefix + String.join("/", segments));
  }

  private static String[] pathSegments(URI url) {
    String path = url.getRawPath();
    return path == null || path.isEmpty() ? new String[] {""} : path.split("/", -1);
  }

  private static boolean has(List<Parameter> values, Parameter.Location location) {
    return values.stream().anyMatch(p -> p.location() == location);
  }

  private static String urlEncoded(List<Parameter> values, Parameter.Location location) {
    return values.stream()
        .filter(p -> p.location() == location)
        .map(p -> encode(p.name()) + "=" + encode(p.value()))
        .collect(Collectors.joining("&"));
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
