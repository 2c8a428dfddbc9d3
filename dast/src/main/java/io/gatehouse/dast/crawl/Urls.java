package io.gatehouse.dast.crawl;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Parses, normalises and templates the URLs the crawler finds. */
final class Urls {
  private static final Pattern MALFORMED_PERCENT = Pattern.compile("%(?![0-9A-Fa-f]{2})");
  private static final Pattern NUMBER = Pattern.compile("\\d+");
  private static final Pattern TOKEN = Pattern.compile("[0-9a-fA-F-]{16,}|[A-Za-z0-9_-]{32,}");

  private Urls() {}

  /**
   * {@code link} resolved against {@code base} and normalised: lower-case scheme and host, no
   * default port, no fragment, dot segments removed, an empty path as {@code /}. Empty for what is
   * not an http(s) URL.
   */
  static Optional<URI> resolve(URI base, String link) {
    String trimmed = link.strip();
    if (trimmed.isEmpty() || trimmed.length() > 4096) {
      return Optional.empty();
    }
    try {
      return normalise(base.resolve(escape(trimmed)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Escapes the characters browsers tolerate in links but URI does not. */
  private static String escape(String link) {
    return MALFORMED_PERCENT
        .matcher(link)
        .replaceAll("%25")
        .replace(" ", "%20")
        .replace("|", "%7C")
        .replace("\"", "%22")
        .replace("<", "%3C");
  }

  /** {@code uri} normalised, as {@link #resolve}. */
  static Optional<URI> normalise(URI uri) {
    String scheme = uri.getScheme();
    String host = uri.getHost();
    if (scheme == null || host == null) {
      return Optional.empty();
    }
    scheme = scheme.toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return Optional.empty();
    }
    int port = uri.getPort();
    if ((scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443)) {
      port = -1;
    }
    String path = uri.normalize().getRawPath();
    if (path == null || path.isEmpty()) {
      path = "/";
    }
    while (path.startsWith("/../")) {
      path = path.substring(3);
    }
    String query = uri.getRawQuery();
    String text =
        scheme
            + "://"
            + host.toLowerCase(Locale.ROOT)
            + (port == -1 ? "" : ":" + port)
            + path
            + (query == null ? "" : "?" + query);
    try {
      return Optional.of(new URI(text));
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  /** {@code uri} without its query. */
  static URI withoutQuery(URI uri) {
    String text = uri.toString();
    int question = text.indexOf('?');
    return question < 0 ? uri : URI.create(text.substring(0, question));
  }

  /** The query parameters of {@code uri}, decoded, in order. */
  static List<Parameter> queryParameters(URI uri) {
    return parse(uri.getRawQuery(), Parameter.Location.QUERY);
  }

  /** The fields of an url-encoded form body, decoded, in order. */
  static List<Parameter> formParameters(String body) {
    return parse(body, Parameter.Location.FORM);
  }

  private static List<Parameter> parse(String query, Parameter.Location location) {
    List<Parameter> parameters = new ArrayList<>();
    if (query == null || query.isEmpty()) {
      return parameters;
    }
    for (String pair : query.split("&", 200)) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = decode(equals < 0 ? pair : pair.substring(0, equals));
      String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
      parameters.add(new Parameter(location, name, value));
    }
    return parameters;
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }

  /**
   * The path of {@code uri} with numbers and long tokens replaced, so that {@code /item/1} and
   * {@code /item/2} share one template: an endless generator of such links fills one template's
   * quota, not the crawl.
   */
  static String template(URI uri) {
    String path = uri.getRawPath() == null ? "/" : uri.getRawPath();
    StringBuilder template = new StringBuilder(uri.getHost() == null ? "" : uri.getHost());
    for (String segment : path.split("/", -1)) {
      String replaced = TOKEN.matcher(segment).replaceAll("{t}");
      template.append('/').append(NUMBER.matcher(replaced).replaceAll("{n}"));
    }
    return template.toString();
  }
}
