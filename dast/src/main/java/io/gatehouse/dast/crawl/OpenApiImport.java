package io.gatehouse.dast.crawl;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.gatehouse.dast.http.Scope;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Imports the endpoints of an OpenAPI 3 document (JSON or YAML): each operation of each path, on
 * the first server in the scan's scope, with its path, query, header and cookie parameters and its
 * JSON, url-encoded or multipart body, every value from the document's examples and defaults or
 * derived from the schema. {@code $ref}s within the document are followed; cycles, depth, size and
 * counts are bounded. Operations outside the scope are dropped, each with a note.
 */
public final class OpenApiImport {
  /** The largest document read: 10 MiB. */
  public static final int MAX_BYTES = 10 << 20;

  private static final int MAX_OPERATIONS = 2_000;
  private static final int MAX_PARAMETERS = 100;
  private static final int MAX_NOTES = 50;
  private static final int MAX_REDIRECTS = 5;
  private static final int MAX_TEXT = 2_048;
  private static final int MAX_BODY = 64 * 1024;
  private static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "patch", "head", "options");
  private static final Set<String> RESERVED_HEADERS =
      Set.of("accept", "content-type", "authorization");

  /**
   * What a document gave.
   *
   * @param endpoints the operations in scope, as endpoints
   * @param notes what was dropped or not understood, one line each
   */
  public record Result(List<Endpoint> endpoints, List<String> notes) {
    public Result {
      endpoints = List.copyOf(endpoints);
      notes = List.copyOf(notes);
    }
  }

  private final JsonNode document;
  private final URI location;
  private final Scope scope;
  private final SchemaExamples examples;
  private final List<Endpoint> endpoints = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private int dropped;

  private OpenApiImport(JsonNode document, URI location, Scope scope) {
    this.document = document;
    this.location = location;
    this.scope = scope;
    this.examples = new SchemaExamples(document);
  }

  /**
   * Reads the document in {@code source}: a file, or an http(s) URL fetched once (at most {@link
   * #MAX_BYTES}, within {@code timeout}) without credentials. Relative server URLs are resolved
   * against the document's URL, or against {@code target} for a file.
   *
   * @throws InvalidOpenApiException when it cannot be read or is not an OpenAPI 3 document
   */
  public static Result load(String source, URI target, Scope scope, Duration timeout)
      throws InvalidOpenApiException {
    return load(source, target, scope, timeout, Map.of(), Optional.empty());
  }

  /**
   * Reads the document in {@code source} as {@link #load(String, URI, Scope, Duration)} does, with
   * the scan's {@code credentials} (its headers and cookies) sent only to URLs inside {@code scope}
   * (the document's own and those it redirects to, at most {@value #MAX_REDIRECTS} redirects) and
   * HTTPS trusting what {@code tls} trusts when present. A document outside the scope is fetched
   * without the credentials, and a note says so.
   *
   * @throws InvalidOpenApiException when it cannot be read or is not an OpenAPI 3 document
   */
  public static Result load(
      String source,
      URI target,
      Scope scope,
      Duration timeout,
      Map<String, String> credentials,
      Optional<SSLContext> tls)
      throws InvalidOpenApiException {
    String lower = source.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      URI uri;
      try {
        uri = URI.create(source);
      } catch (IllegalArgumentException e) {
        throw new InvalidOpenApiException(source, "not a valid URL", e);
      }
      List<String> fetchNotes = new ArrayList<>();
      String document = fetch(uri, timeout, scope, credentials, tls, fetchNotes);
      Result result = read(document, uri, scope, source);
      if (fetchNotes.isEmpty()) {
        return result;
      }
      fetchNotes.addAll(result.notes());
      return new Result(result.endpoints(), fetchNotes);
    }
    return read(readFile(Path.of(source), source), target, scope, source);
  }

  /**
   * Reads a document given as text; {@code location} is where it came from, against which relative
   * server URLs are resolved.
   *
   * @throws InvalidOpenApiException when it is not an OpenAPI 3 document
   */
  public static Result read(String text, URI location, Scope scope, String source)
      throws InvalidOpenApiException {
    if (text.length() > MAX_BYTES) {
      throw new InvalidOpenApiException(source, "larger than " + MAX_BYTES + " bytes");
    }
    JsonNode document = parse(text, source);
    if (!document.isObject() || !document.path("openapi").asText("").startsWith("3.")) {
      throw new InvalidOpenApiException(
          source,
          "not an OpenAPI 3 document (no \"openapi: 3.x\" field"
              + (document.has("swagger") ? "; Swagger 2.0 is not supported" : "")
              + ")");
    }
    if (!document.path("paths").isObject()) {
      throw new InvalidOpenApiException(source, "has no \"paths\" object");
    }
    OpenApiImport importer = new OpenApiImport(document, location, scope);
    importer.importPaths();
    return new Result(importer.endpoints, importer.notes);
  }

  /** Whether {@code text} looks like an OpenAPI 3 document, by its first few hundred characters. */
  static boolean looksLikeOpenApi(String text) {
    String start = text.substring(0, Math.min(text.length(), 512));
    return start.matches("(?s).*[\"']?openapi[\"']?\\s*:\\s*[\"']?3\\..*");
  }

  private static JsonNode parse(String text, String source) throws InvalidOpenApiException {
    StreamReadConstraints constraints =
        StreamReadConstraints.builder()
            .maxNestingDepth(200)
            .maxStringLength(MAX_BYTES)
            .maxNumberLength(100)
            .build();
    ObjectMapper mapper;
    if (text.stripLeading().startsWith("{")) {
      mapper = new ObjectMapper();
    } else {
      LoaderOptions options = new LoaderOptions();
      options.setMaxAliasesForCollections(50);
      options.setNestingDepthLimit(200);
      options.setCodePointLimit(MAX_BYTES);
      options.setAllowRecursiveKeys(false);
      mapper = new ObjectMapper(YAMLFactory.builder().loaderOptions(options).build());
    }
    mapper.getFactory().setStreamReadConstraints(constraints);
    mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    try {
      JsonNode node = mapper.readTree(text);
      if (node == null) {
        throw new InvalidOpenApiException(source, "is empty");
      }
      return node;
    } catch (IOException e) {
      String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
      throw new InvalidOpenApiException(
          source, "is not valid JSON or YAML: " + excerpt(message, 200), e);
    } catch (RuntimeException e) {
      throw new InvalidOpenApiException(
          source, "is not valid JSON or YAML: " + e.getClass().getSimpleName(), e);
    }
  }

  private static String readFile(Path file, String source) throws InvalidOpenApiException {
    if (!Files.isRegularFile(file)) {
      throw new InvalidOpenApiException(source, "not a readable file");
    }
    try (InputStream in = Files.newInputStream(file)) {
      return bounded(in, source);
    } catch (IOException e) {
      throw new InvalidOpenApiException(source, "cannot be read: " + e.getMessage(), e);
    }
  }

  private static String fetch(
      URI uri,
      Duration timeout,
      Scope scope,
      Map<String, String> credentials,
      Optional<SSLContext> tls,
      List<String> fetchNotes)
      throws InvalidOpenApiException {
    String source = uri.toString();
    HttpClient.Builder builder =
        HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER);
    tls.ifPresent(builder::sslContext);
    try (HttpClient client = builder.build()) {
      URI next = uri;
      for (int hop = 0; ; hop++) {
        HttpRequest.Builder request = HttpRequest.newBuilder(next).timeout(timeout).GET();
        boolean inScope = scope.refusal(next).isEmpty();
        if (inScope) {
          credentials.forEach(request::header);
        } else if (!credentials.isEmpty() && fetchNotes.isEmpty()) {
          fetchNotes.add(
              "fetched "
                  + next
                  + " without the scan's headers and cookies: it is outside the scan's scope");
        }
        HttpResponse<InputStream> response =
            client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
          int status = response.statusCode();
          Optional<String> location = response.headers().firstValue("Location");
          if (status >= 300 && status < 400 && location.isPresent()) {
            if (hop >= MAX_REDIRECTS) {
              throw new InvalidOpenApiException(
                  source, "more than " + MAX_REDIRECTS + " redirects");
            }
            next = redirect(next, location.get(), source);
            continue;
          }
          if (status != 200) {
            throw new InvalidOpenApiException(source, "answered HTTP " + status);
          }
          return bounded(in, source);
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new InvalidOpenApiException(source, "cannot be fetched: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InvalidOpenApiException(source, "interrupted while fetching", e);
    }
  }

  private static URI redirect(URI from, String location, String source)
      throws InvalidOpenApiException {
    URI to;
    try {
      to = from.resolve(location.strip());
    } catch (IllegalArgumentException e) {
      throw new InvalidOpenApiException(source, "redirected to an invalid URL", e);
    }
    String scheme = String.valueOf(to.getScheme()).toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new InvalidOpenApiException(source, "redirected to a URL that is not http(s)");
    }
    return to;
  }

  private static String bounded(InputStream in, String source)
      throws IOException, InvalidOpenApiException {
    byte[] bytes = in.readNBytes(MAX_BYTES + 1);
    if (bytes.length > MAX_BYTES) {
      throw new InvalidOpenApiException(source, "larger than " + MAX_BYTES + " bytes");
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  // --- paths and operations -------------------------------------------------------------------

  private void importPaths() {
    int operations = 0;
    for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
      Optional<JsonNode> item = examples.resolve(path.getValue());
      if (item.isEmpty() || !path.getKey().startsWith("/") || path.getKey().length() > MAX_TEXT) {
        note("skipped path " + excerpt(path.getKey(), 80) + ": not a path item");
        continue;
      }
      for (Map.Entry<String, JsonNode> operation : item.get().properties()) {
        String method = operation.getKey().toLowerCase(Locale.ROOT);
        if (!METHODS.contains(method) || !operation.getValue().isObject()) {
          continue;
        }
        if (++operations > MAX_OPERATIONS) {
          note("stopped after " + MAX_OPERATIONS + " operations");
          return;
        }
        operation(path.getKey(), item.get(), method, operation.getValue());
      }
    }
    if (dropped > 0) {
      note(dropped + " operation(s) dropped in all, outside the scope");
    }
  }

  private void operation(String template, JsonNode item, String method, JsonNode operation) {
    String name = method.toUpperCase(Locale.ROOT) + " " + excerpt(template, 120);
    Optional<URI> server = server(operation, item);
    if (server.isEmpty()) {
      dropped++;
      note("dropped " + name + ": no server of it is in the scope " + scope.origin());
      return;
    }
    Map<String, JsonNode> declared = new LinkedHashMap<>();
    collectParameters(item.path("parameters"), declared);
    collectParameters(operation.path("parameters"), declared);
    Map<String, String> pathValues = new LinkedHashMap<>();
    List<Parameter> others = new ArrayList<>();
    for (JsonNode parameter : declared.values()) {
      String in = parameter.path("in").asText("");
      String paramName = parameter.path("name").asText("");
      if (paramName.isEmpty() || paramName.length() > 256) {
        note("skipped a parameter of " + name + ": its name is empty or too long");
        continue;
      }
      String value = parameterValue(parameter);
      value = value.length() > MAX_TEXT ? value.substring(0, MAX_TEXT) : value;
      switch (in) {
        case "path" -> pathValues.put(paramName, value);
        case "query" -> others.add(new Parameter(Parameter.Location.QUERY, paramName, value));
        case "header" -> {
          if (!RESERVED_HEADERS.contains(paramName.toLowerCase(Locale.ROOT))
              && paramName.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}")) {
            others.add(new Parameter(Parameter.Location.HEADER, paramName, value));
          }
        }
        case "cookie" -> {
          if (paramName.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}")) {
            others.add(new Parameter(Parameter.Location.COOKIE, paramName, value));
          }
        }
        default -> note("skipped parameter " + excerpt(paramName, 40) + " of " + name);
      }
    }
    Optional<URI> url = url(server.get(), template, pathValues, others);
    if (url.isEmpty() || !scope.allows(url.get())) {
      dropped++;
      note("dropped " + name + ": its URL is not valid or not in the scope");
      return;
    }
    build(method.toUpperCase(Locale.ROOT), url.get(), others, operation, name)
        .ifPresent(endpoints::add);
  }

  private void collectParameters(JsonNode list, Map<String, JsonNode> declared) {
    if (!list.isArray()) {
      return;
    }
    for (JsonNode entry : list) {
      if (declared.size() >= MAX_PARAMETERS) {
        return;
      }
      examples
          .resolve(entry)
          .filter(p -> p.path("name").isTextual() && p.path("in").isTextual())
          .ifPresent(p -> declared.put(p.path("in").asText() + ":" + p.path("name").asText(), p));
    }
  }

  private String parameterValue(JsonNode parameter) {
    if (parameter.has("example") && parameter.get("example").isValueNode()) {
      return parameter.get("example").asText();
    }
    for (JsonNode example : parameter.path("examples")) {
      JsonNode value = examples.resolve(example).map(e -> e.get("value")).orElse(null);
      if (value != null && value.isValueNode()) {
        return value.asText();
      }
    }
    JsonNode schema = parameter.path("schema");
    Optional<JsonNode> example = examples.example(schema);
    if (example.isPresent() && example.get().isValueNode()) {
      return example.get().asText();
    }
    return example.map(JsonNode::toString).orElse("Gatehouse");
  }

  /** The first server (operation's, path's, then the document's) whose URL is in the scope. */
  private Optional<URI> server(JsonNode operation, JsonNode item) {
    for (JsonNode servers :
        List.of(operation.path("servers"), item.path("servers"), document.path("servers"))) {
      if (servers.isArray() && !servers.isEmpty()) {
        for (JsonNode server : servers) {
          Optional<URI> uri = serverUrl(server);
          if (uri.isPresent() && scope.allows(uri.get())) {
            return uri;
          }
        }
        return Optional.empty();
      }
    }
    Optional<URI> root = resolve("/");
    return root.filter(scope::allows);
  }

  private Optional<URI> serverUrl(JsonNode server) {
    String url = server.path("url").asText("");
    for (Map.Entry<String, JsonNode> variable : server.path("variables").properties()) {
      url =
          url.replace(
              "{" + variable.getKey() + "}", variable.getValue().path("default").asText(""));
    }
    return resolve(url.isEmpty() ? "/" : url);
  }

  private Optional<URI> resolve(String url) {
    try {
      URI resolved = location.resolve(url.replace(" ", "%20"));
      return Optional.of(resolved);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The server URL joined with the path, path parameters at their values, as segments. */
  private Optional<URI> url(
      URI server, String template, Map<String, String> pathValues, List<Parameter> others) {
    String base = server.toString();
    base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    int prefix = base.length() - base.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://[^/]*", "").length();
    String serverPath = base.substring(prefix);
    int offset = serverPath.isEmpty() ? 0 : serverPath.split("/", -1).length - 1;
    String[] segments = template.split("/", -1);
    List<Parameter> pathParameters = new ArrayList<>();
    StringBuilder path = new StringBuilder();
    for (int i = 1; i < segments.length; i++) {
      String segment = segments[i];
      String whole =
          segment.matches("\\{[^{}/]+}") ? segment.substring(1, segment.length() - 1) : "";
      if (!whole.isEmpty()) {
        String value = pathValues.getOrDefault(whole, "1");
        pathParameters.add(Parameter.pathSegment(whole, value, i + offset));
        path.append('/').append(RequestParts.pathSegment(value));
      } else {
        path.append('/').append(fill(segment, pathValues));
      }
    }
    try {
      others.addAll(0, pathParameters);
      return Optional.of(URI.create(base + path));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** A segment with parameters inside ({@code {name}.json}): filled, not tested. */
  private static String fill(String segment, Map<String, String> values) {
    String filled = segment;
    for (Map.Entry<String, String> value : values.entrySet()) {
      filled = filled.replace("{" + value.getKey() + "}", value.getValue());
    }
    return URLEncoder.encode(filled, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private Optional<Endpoint> build(
      String method, URI url, List<Parameter> others, JsonNode operation, String name) {
    Optional<JsonNode> body =
        operation.has("requestBody")
            ? examples.resolve(operation.get("requestBody"))
            : Optional.empty();
    if (body.isEmpty()) {
      return Optional.of(new Endpoint(method, url, others));
    }
    JsonNode content = body.get().path("content");
    for (Map.Entry<String, JsonNode> media : content.properties()) {
      String type = media.getKey().toLowerCase(Locale.ROOT);
      if (type.equals("application/json") || type.endsWith("+json") || type.equals("*/*")) {
        Optional<JsonNode> example = mediaExample(media.getValue());
        if (example.isPresent() && example.get().toString().length() > MAX_BODY) {
          note("body example of " + name + " over " + MAX_BODY + " characters; sent without");
          return Optional.of(new Endpoint(method, url, others));
        }
        if (example.isPresent() && example.get().isContainerNode()) {
          return Optional.of(Endpoint.withJsonBody(method, url, others, example.get().toString()));
        }
      }
      if (type.equals("application/xml") || type.equals("text/xml") || type.endsWith("+xml")) {
        Optional<JsonNode> example = mediaExample(media.getValue());
        String xml = RequestParts.xml(xmlRoot(media.getValue()), example.orElse(null));
        if (xml.length() > MAX_BODY) {
          note("body example of " + name + " over " + MAX_BODY + " characters; sent without");
          return Optional.of(new Endpoint(method, url, others));
        }
        List<Parameter> all = new ArrayList<>(others);
        all.add(Parameter.xmlBody(type, xml));
        return Optional.of(new Endpoint(method, url, all));
      }
      if (type.equals("application/x-www-form-urlencoded") || type.equals("multipart/form-data")) {
        Parameter.Location location =
            type.startsWith("multipart") ? Parameter.Location.MULTIPART : Parameter.Location.FORM;
        JsonNode properties =
            examples
                .resolve(media.getValue().path("schema"))
                .orElse(media.getValue())
                .path("properties");
        List<Parameter> all = new ArrayList<>(others);
        Optional<JsonNode> fields = mediaExample(media.getValue()).filter(JsonNode::isObject);
        for (Map.Entry<String, JsonNode> field :
            fields.map(JsonNode::properties).orElse(Set.of())) {
          boolean file =
              location == Parameter.Location.MULTIPART
                  && properties.path(field.getKey()).path("format").asText("").equals("binary");
          JsonNode value = field.getValue();
          all.add(
              new Parameter(
                  file ? Parameter.Location.FILE : location,
                  field.getKey(),
                  value.isValueNode() ? value.asText() : value.toString()));
        }
        return Optional.of(new Endpoint(method, url, all));
      }
    }
    note(
        "body of "
            + name
            + " not understood (no JSON, XML, form or multipart content); sent without");
    return Optional.of(new Endpoint(method, url, others));
  }

  /** The root element of an XML body: the schema's {@code xml.name}, its $ref's name, or one. */
  private static String xmlRoot(JsonNode media) {
    JsonNode schema = media.path("schema");
    String xmlName = schema.path("xml").path("name").asText("");
    if (!xmlName.isEmpty()) {
      return xmlName;
    }
    String ref = schema.path("$ref").asText("");
    return ref.isEmpty() ? "document" : ref.substring(ref.lastIndexOf('/') + 1);
  }

  private Optional<JsonNode> mediaExample(JsonNode media) {
    if (media.has("example")) {
      return Optional.of(media.get("example"));
    }
    for (JsonNode example : media.path("examples")) {
      Optional<JsonNode> value = examples.resolve(example).map(e -> e.get("value"));
      if (value.isPresent()) {
        return value;
      }
    }
    Optional<JsonNode> built = examples.example(media.path("schema"));
    return built.map(node -> node instanceof ObjectNode object ? object : node);
  }

  private void note(String note) {
    if (notes.size() < MAX_NOTES) {
      notes.add(note);
    }
  }

  private static String excerpt(String text, int max) {
    String oneLine = text.replaceAll("\\p{Cntrl}", "?");
    return oneLine.length() <= max ? oneLine : oneLine.substring(0, max) + "…";
  }
}
