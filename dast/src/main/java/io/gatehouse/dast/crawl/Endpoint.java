package io.gatehouse.dast.crawl;

import io.gatehouse.dast.http.Request;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A request the target accepts, with its parameters: a link with a query, or a form.
 *
 * @param method GET or POST
 * @param url the URL without its query
 * @param parameters the query parameters, then the form fields, in page order
 */
public record Endpoint(String method, URI url, List<Parameter> parameters) {
  public Endpoint {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(url, "url");
    parameters = List.copyOf(parameters);
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

  /**
   * The key by which endpoints are the same: method, normalised URL and the sorted parameter names,
   * so that {@code ?id=1} and {@code ?id=2} are one endpoint.
   */
  public String key() {
    String names =
        parameters.stream()
            .map(p -> p.location() + ":" + p.name())
            .collect(Collectors.toCollection(TreeSet::new))
            .toString();
    return method + " " + url + " " + names;
  }

  private Request build(List<Parameter> values) {
    String query = encode(values, Parameter.Location.QUERY);
    URI target = query.isEmpty() ? url : URI.create(url + "?" + query);
    if (method.equals("GET")) {
      return Request.get(target);
    }
    return Request.postForm(target, encode(values, Parameter.Location.FORM));
  }

  private static String encode(List<Parameter> values, Parameter.Location location) {
    return values.stream()
        .filter(p -> p.location() == location)
        .map(p -> encode(p.name()) + "=" + encode(p.value()))
        .collect(Collectors.joining("&"));
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
