package io.gatehouse.dast.crawl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.dast.http.HttpSettings;
import io.gatehouse.dast.http.Response;
import io.gatehouse.dast.http.ScanHttpClient;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds the inputs a page has beyond its query and forms: path segments that look like ids or
 * names, and the headers and cookies it reads.
 *
 * <p>A path segment is an input when it is a number, a UUID or a long token, or when it is the last
 * segment (below the top level) and the crawl saw the same path with other last segments ({@code
 * /product/widget} and {@code /product/gadget}); one endpoint per such template is tested, named
 * after the segment before it ({@code path:product}). A header ({@link #DEFAULT_HEADERS}) or a
 * cookie the target set (on the pages its path covers) is an input of a page when setting it to a
 * harmless marker changes the answer: it is reflected, or gives another status, redirect or page;
 * what differs between two plain requests of the page (a CSRF token, a time) does not count.
 * Probing costs two requests per page and one per header and cookie; testing every header on every
 * page with every check would cost a hundred times more.
 */
final class InputDiscovery {
  /** The headers tried on every page. */
  static final List<String> DEFAULT_HEADERS = List.of("User-Agent", "Referer", "X-Forwarded-For");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String XML_CONTENT_TYPE = "application/xml";

  /** The original value of {@code X-Forwarded-For}: an address of TEST-NET-3. */
  static final String FORWARDED_FOR = "203.0.113.10";

  private static final Pattern ID =
      Pattern.compile(
          "\\d{1,19}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
              + "|[0-9a-fA-F]{16,64}|[A-Za-z0-9_-]{32,128}");
  private static final Pattern COOKIE_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");
  private static final int MAX_COOKIES = 20;
  private static final String PROBE_SUFFIX = "'\"<>";

  /** A cookie the target set, with the path it applies to. */
  record Cookie(String name, String value, String path) {
    boolean appliesTo(URI uri) {
      String requestPath =
          uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
      return requestPath.equals(path)
          || (requestPath.startsWith(path)
              && (path.endsWith("/") || requestPath.charAt(path.length()) == '/'));
    }
  }

  private final ScanHttpClient client;
  private final URI start;
  private final Map<String, Cookie> cookies = new LinkedHashMap<>();

  InputDiscovery(ScanHttpClient client, URI start) {
    this.client = client;
    this.start = start;
  }

  /** Remembers the cookies {@code response} sets. */
  synchronized void cookiesOf(Response response) {
    for (String header : response.headerValues("Set-Cookie")) {
      parseSetCookie(response.uri(), header)
          .filter(c -> cookies.size() < MAX_COOKIES || cookies.containsKey(c.name() + c.path()))
          .ifPresent(c -> cookies.putIfAbsent(c.name() + c.path(), c));
    }
  }

  /** The cookie {@code header} sets, when it has a valid name. */
  static Optional<Cookie> parseSetCookie(URI uri, String header) {
    String[] attributes = header.split(";", 20);
    int equals = attributes[0].indexOf('=');
    if (equals <= 0) {
      return Optional.empty();
    }
    String name = attributes[0].substring(0, equals).strip();
    String value = attributes[0].substring(equals + 1).strip();
    if (!COOKIE_NAME.matcher(name).matches() || value.length() > 4096) {
      return Optional.empty();
    }
    String path = defaultPath(uri);
    for (int i = 1; i < attributes.length; i++) {
      String attribute = attributes[i].strip();
      if (attribute.toLowerCase(Locale.ROOT).startsWith("path=")
          && attribute.length() > 5
          && attribute.charAt(5) == '/') {
        path = attribute.substring(5);
      }
    }
    return Optional.of(new Cookie(name, value, path));
  }

  /** RFC 6265 5.1.4: the request path up to its last slash. */
  private static String defaultPath(URI uri) {
    String path = uri.getRawPath();
    if (path == null || !path.startsWith("/") || path.lastIndexOf('/') == 0) {
      return "/";
    }
    return path.substring(0, path.lastIndexOf('/'));
  }

  /** The endpoints of {@code pages} whose path segments are inputs, one per path template. */
  static List<Endpoint> pathEndpoints(List<URI> crawled) {
    List<URI> pages = crawled.stream().sorted().toList();
    Map<String, Set<String>> valuesAt = new HashMap<>();
    for (URI page : pages) {
      String[] segments = segments(page);
      for (int i = 1; i < segments.length; i++) {
        valuesAt
            .computeIfAbsent(templateKey(page, segments, i), k -> new HashSet<>())
            .add(segments[i]);
      }
    }
    Map<String, Endpoint> endpoints = new LinkedHashMap<>();
    for (URI page : pages) {
      String[] segments = segments(page);
      List<Parameter> parameters = new ArrayList<>();
      for (int i = 1; i < segments.length; i++) {
        boolean varies =
            i >= 2
                && i == segments.length - 1
                && valuesAt.getOrDefault(templateKey(page, segments, i), Set.of()).size() > 1;
        if (!segments[i].isEmpty() && (varies || ID.matcher(segments[i]).matches())) {
          String before = i > 1 ? decode(segments[i - 1]) : "";
          String name = before.isEmpty() || ID.matcher(before).matches() ? "segment" + i : before;
          parameters.add(Parameter.pathSegment(name, decode(segments[i]), i));
        }
      }
      if (!parameters.isEmpty()) {
        parameters.addAll(Urls.queryParameters(page));
        Endpoint endpoint = new Endpoint("GET", Urls.withoutQuery(page), parameters);
        endpoints.putIfAbsent(endpoint.key(), endpoint);
      }
    }
    return List.copyOf(endpoints.values());
  }

  private static String[] segments(URI page) {
    String path = page.getRawPath();
    return path == null || path.isEmpty() ? new String[] {""} : path.split("/", -1);
  }

  private static String templateKey(URI page, String[] segments, int blank) {
    StringBuilder key = new StringBuilder(String.valueOf(page.getRawAuthority()));
    for (int i = 0; i < segments.length; i++) {
      key.append('/').append(i == blank ? "\u0000" : segments[i]);
    }
    return key.toString();
  }

  private static String decode(String segment) {
    try {
      return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return segment;
    }
  }

  /**
   * {@code page} with the headers and cookies it reads added as parameters, when any; empty when it
   * reads none or could not be asked.
   */
  Optional<Endpoint> headersAndCookies(Endpoint page) {
    List<Parameter> candidates = candidates(page.url());
    Endpoint withAll = page.withParameters(candidates);
    try {
      Response first = client.send(withAll.request());
      Response second = client.send(withAll.request());
      Baseline baseline = new Baseline(first, second);
      List<Parameter> read = new ArrayList<>();
      for (Parameter candidate : candidates) {
        String marker = "gh" + Integer.toHexString(candidate.hashCode() & 0x7fffffff) + "x";
        Response probed = client.send(withAll.requestWith(candidate, marker + PROBE_SUFFIX));
        if (baseline.changedBy(probed, marker)) {
          read.add(candidate);
        }
      }
      List<Parameter> kept = new ArrayList<>(page.parameters());
      candidates.stream().filter(read::contains).forEach(kept::add);
      return read.isEmpty()
          ? Optional.empty()
          : Optional.of(new Endpoint(page.method(), page.url(), kept, page.jsonBody()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * The endpoint {@code json} (one with a JSON body) with the same fields sent as a whole {@code
   * application/xml} body instead, when the target accepts it: the XML document gets a 2xx answer,
   * and the same document cut short (malformed) another answer, so the target read it. A target
   * that ignores the body answers both alike and gets no XML input. The root element is the JSON
   * document's one field when its value is an object ({@code {"order": {...}}}), else {@code
   * request}.
   */
  Optional<Endpoint> xmlTwin(Endpoint json) {
    JsonNode root;
    try {
      root = JSON.readTree(json.jsonBody());
    } catch (IOException e) {
      return Optional.empty();
    }
    String name = "request";
    if (root.isObject()
        && root.size() == 1
        && root.properties().iterator().next().getValue().isObject()) {
      Map.Entry<String, JsonNode> only = root.properties().iterator().next();
      name = only.getKey();
      root = only.getValue();
    }
    String xml = RequestParts.xml(name, root);
    List<Parameter> others =
        new ArrayList<>(
            json.parameters().stream()
                .filter(p -> p.location() != Parameter.Location.JSON)
                .toList());
    others.add(Parameter.xmlBody(XML_CONTENT_TYPE, xml));
    Endpoint twin = new Endpoint(json.method(), json.url(), others);
    try {
      Response whole = client.send(twin.request());
      Response cut =
          client.send(twin.requestWith(others.getLast(), xml.substring(0, xml.length() - 1)));
      boolean read =
          whole.status() >= 200
              && whole.status() < 300
              && (cut.status() != whole.status() || !cut.body().equals(whole.body()));
      return read ? Optional.of(twin) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The headers and the cookies that apply to {@code url}, at their original values. */
  private synchronized List<Parameter> candidates(URI url) {
    List<Parameter> candidates = new ArrayList<>();
    String userAgent =
        client.settings().headers().entrySet().stream()
            .filter(e -> e.getKey().equalsIgnoreCase("User-Agent"))
            .map(Map.Entry::getValue)
            .findFirst()
            .orElse(HttpSettings.USER_AGENT);
    candidates.add(new Parameter(Parameter.Location.HEADER, "User-Agent", userAgent));
    candidates.add(new Parameter(Parameter.Location.HEADER, "Referer", start.toString()));
    candidates.add(new Parameter(Parameter.Location.HEADER, "X-Forwarded-For", FORWARDED_FOR));
    for (Cookie cookie : cookies.values()) {
      if (cookie.appliesTo(url)) {
        candidates.add(new Parameter(Parameter.Location.COOKIE, cookie.name(), cookie.value()));
      }
    }
    return candidates;
  }

  private static final Pattern TOKEN_SEPARATORS = Pattern.compile("[\\s<>\"'=&;,:/]+");

  /**
   * A page requested twice as it is. Its body split into tokens, the positions where the two differ
   * are its own variation (a CSRF token, a time): a probe changed the page when its status or
   * {@code Location} differ, or a token at another position does. A page whose two requests differ
   * in structure (token count) cannot be compared: every probe counts as a change.
   */
  static final class Baseline {
    private final Response first;
    private final String[] tokens;
    private final boolean[] volatileAt;
    private final boolean comparable;

    Baseline(Response first, Response second) {
      this.first = first;
      this.tokens = TOKEN_SEPARATORS.split(first.body(), -1);
      String[] again = TOKEN_SEPARATORS.split(second.body(), -1);
      this.volatileAt = new boolean[tokens.length];
      this.comparable =
          tokens.length == again.length
              && first.status() == second.status()
              && first.header("Location").equals(second.header("Location"));
      for (int i = 0; comparable && i < tokens.length; i++) {
        volatileAt[i] = !tokens[i].equals(again[i]);
      }
    }

    /** Whether {@code probe}, with {@code marker} removed, is another page than this one. */
    boolean changedBy(Response probe, String marker) {
      if (!comparable || probe.status() != first.status()) {
        return true;
      }
      String location = probe.header("Location").orElse("").replace(marker, "");
      if (!location.equals(first.header("Location").orElse(""))) {
        return true;
      }
      String[] probed = TOKEN_SEPARATORS.split(probe.body().replace(marker, ""), -1);
      if (probed.length != tokens.length) {
        return true;
      }
      for (int i = 0; i < tokens.length; i++) {
        if (!volatileAt[i] && !tokens[i].equals(probed[i])) {
          return true;
        }
      }
      return false;
    }
  }
}
