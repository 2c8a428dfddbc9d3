package io.gatehouse.dast.testapp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.dast.checks.Checks;
import io.gatehouse.dast.testapp.VulnerableApp.Point;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;

/**
 * The vulnerable endpoints and safe twins of every injection-based check at the input locations
 * beyond the query and url-encoded forms: multipart fields, JSON body fields, path segments,
 * headers and cookies, under {@code /inject/vuln/LOCATION/CATEGORY} and {@code /inject/safe/...}.
 * One behaviour per category, the same at every location, so that only the location differs. Every
 * page shows the input back (escaped, except the vulnerable XSS page), as real error pages do.
 * Stored values are shown on {@code /inject/PREFIX/notes/LOCATION}. Beside them: an upload whose
 * file name and content type are inputs, and order imports that take a whole XML body.
 */
public final class InjectionTargets {
  /** A vulnerability class: the field, header and cookie names, and an original value. */
  enum Category {
    XSS("xss", "xss-reflected", "comment", "User-Agent", "hello"),
    SQLI("sqli", "sql-injection", "product", "X-Forwarded-For", "Widget"),
    FILE("path-traversal", "path-traversal", "doc", "Referer", "welcome.txt"),
    COMMAND("command-injection", "command-injection", "host", "User-Agent", "localhost"),
    REDIRECT("open-redirect", "open-redirect", "next", "Referer", "/"),
    SSTI("ssti", "template-injection", "greeting", "User-Agent", "World"),
    LDAP("ldap", "ldap-injection", "uid", "X-Forwarded-For", "alice"),
    XPATH("xpath", "xpath-injection", "user", "User-Agent", "alice"),
    CRLF("crlf", "crlf-injection", "lang", "Referer", "en"),
    SSRF("ssrf", "ssrf", "feed", "Referer", "/news.txt"),
    XXE("xxe", "xxe", "xml", "User-Agent", "<order><item>1</item></order>"),
    SQLI_TIME("sqli-time", "sql-injection-time", "email", "X-Forwarded-For", "a@shop.test"),
    /** Stored, and shown on another page: {@code /inject/PREFIX/notes/LOCATION}. */
    STORED("xss-stored", "xss-stored", "note", "User-Agent", "hello");

    final String category;
    final String ruleId;
    final String field;
    final String header;
    final String original;

    Category(String category, String ruleId, String field, String header, String original) {
      this.category = category;
      this.ruleId = ruleId;
      this.field = field;
      this.header = header;
      this.original = original;
    }

    String slug() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The value in a path: one segment, and the first of two in sorted order. */
    String pathValue() {
      return switch (this) {
        case XSS -> "boots";
        case SQLI -> "Gadget";
        case FILE -> "about.txt";
        case COMMAND -> "example.org";
        case REDIRECT -> "account";
        case SSTI -> "Friend";
        case LDAP, XPATH -> "alice";
        case CRLF -> "en";
        case SSRF -> "help.txt";
        case XXE -> "invoice";
        case SQLI_TIME -> "1";
        case STORED -> "hello";
      };
    }

    String otherPathValue() {
      return switch (this) {
        case XSS -> "shoes";
        case SQLI -> "Widget";
        case FILE -> "welcome.txt";
        case COMMAND -> "localhost";
        case REDIRECT -> "home";
        case SSTI -> "World";
        case LDAP, XPATH -> "bob";
        case CRLF -> "fr";
        case SSRF -> "news.txt";
        case XXE -> "order";
        case SQLI_TIME -> "2";
        case STORED -> "thanks";
      };
    }

    /**
     * Whether the target percent-decodes the value when it comes in a header or a cookie, as many
     * frameworks do for cookies: the later classes do, so that a line break or a {@code ;} the
     * scanner percent-encodes there reaches the interpreter.
     */
    boolean decodesHeaders() {
      return switch (this) {
        case XSS, SQLI, FILE, COMMAND, REDIRECT -> false;
        case SSTI, LDAP, XPATH, CRLF, SSRF, XXE, SQLI_TIME, STORED -> true;
      };
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String COMMAND_INJECTION_TIME = "command-injection-time";

  /** The locations of the targets beyond query and url-encoded form. */
  static final List<String> LOCATIONS = List.of("multipart", "json", "path", "header", "cookie");

  private static final int MAX_NOTES = 100;

  private final Connection database;
  private final Path files;
  private final CheckTargets interpreters;
  private final Map<String, Deque<String>> notes = new ConcurrentHashMap<>();

  private InjectionTargets(Connection database, Path files, CheckTargets interpreters) {
    this.database = database;
    this.files = files;
    this.interpreters = interpreters;
  }

  /**
   * Routes the targets on {@code server}, over the app's database and files, and the template,
   * LDAP, XPath, HTTP, XML and timing interpreters of {@code interpreters}.
   */
  static void routes(
      TestServer server, Connection database, Path files, CheckTargets interpreters) {
    InjectionTargets targets = new InjectionTargets(database, files, interpreters);
    for (Category category : Category.values()) {
      for (boolean vulnerable : new boolean[] {true, false}) {
        targets.route(server, category, vulnerable);
      }
    }
    for (boolean vulnerable : new boolean[] {true, false}) {
      String base = "/inject/" + (vulnerable ? "vuln" : "safe");
      server.route(base + "/upload", e -> targets.upload(e, vulnerable));
      server.route(base + "/xml/order", e -> e.html(xmlOrder(e, vulnerable)));
      server.route(base + "/json/order", e -> e.html(jsonOrXmlOrder(e, vulnerable)));
    }
    for (String prefix : List.of("vuln", "safe")) {
      for (String location : LOCATIONS) {
        String key = prefix + "/" + location;
        server.route(
            "/inject/" + key.replace("/", "/notes/"),
            e -> e.html(targets.notesPage(key, prefix.equals("safe"))));
      }
    }
    server.route(
        "/inject/openapi.json", e -> e.send(200, "application/json", openApi(server.base(), true)));
    server.route(
        "/inject/openapi-full.yaml",
        e -> e.send(200, "application/yaml", openApi(server.base(), false)));
  }

  private void route(TestServer server, Category category, boolean vulnerable) {
    String base = "/inject/" + (vulnerable ? "vuln" : "safe") + "/";
    String slug = category.slug();
    server.route(
        base + "multipart/" + slug,
        e ->
            answer(
                e,
                category,
                vulnerable,
                Inputs.multipart(e).getOrDefault(category.field, ""),
                "multipart"));
    server.route(
        base + "json/" + slug,
        e -> answer(e, category, vulnerable, jsonField(e, category.field), "json"));
    server.routePrefix(
        base + "path/" + slug + "/",
        e -> {
          String raw = e.http().getRequestURI().getRawPath();
          String value = decode(raw.substring((base + "path/" + slug + "/").length()));
          answer(e, category, vulnerable, value, "path");
        });
    server.route(
        base + "header/" + slug,
        e ->
            answer(
                e,
                category,
                vulnerable,
                fromHeader(category, e.header(category.header)),
                "header"));
    server.route(
        base + "cookie/" + slug,
        e -> {
          Map<String, String> cookies = Inputs.cookies(e.header("Cookie"));
          if (!cookies.containsKey(category.field)) {
            for (Category each : Category.values()) {
              e.http().getResponseHeaders().add("Set-Cookie", each.field + "=" + each.original);
            }
          }
          answer(
              e,
              category,
              vulnerable,
              fromHeader(category, cookies.getOrDefault(category.field, category.original)),
              "cookie");
        });
  }

  /** The links and forms that lead the crawler to every target. */
  static String links() {
    StringBuilder html =
        new StringBuilder("<link rel=\"service-desc\" href=\"/inject/openapi.json\">");
    for (String prefix : List.of("vuln", "safe")) {
      for (Category category : Category.values()) {
        String base = "/inject/" + prefix + "/";
        String slug = category.slug();
        html.append("<form method=\"post\" enctype=\"multipart/form-data\" action=\"")
            .append(base)
            .append("multipart/")
            .append(slug)
            .append("\"><input name=\"")
            .append(category.field)
            .append("\" value=\"")
            .append(VulnerableApp.html(category.original))
            .append("\"><input type=\"submit\"></form>");
        for (String value : List.of(category.pathValue(), category.otherPathValue())) {
          html.append("<a href=\"")
              .append(base)
              .append("path/")
              .append(slug)
              .append('/')
              .append(value)
              .append("\">")
              .append(value)
              .append("</a>");
        }
        html.append("<a href=\"").append(base).append("header/").append(slug).append("\">h</a>");
        html.append("<a href=\"").append(base).append("cookie/").append(slug).append("\">c</a>");
      }
      html.append("<form method=\"post\" enctype=\"multipart/form-data\" action=\"/inject/")
          .append(prefix)
          .append("/upload\"><input type=\"file\" name=\"upload\"><input type=\"submit\"></form>");
      for (String location : LOCATIONS) {
        html.append("<a href=\"/inject/")
            .append(prefix)
            .append("/notes/")
            .append(location)
            .append("\">notes</a>");
      }
    }
    return html.toString();
  }

  /**
   * Every input of the targets, vulnerable and safe, but the stored ones ({@link #storedPoints}).
   * The command targets run a shell, so they are vulnerable to a time-based command injection check
   * too, when the scanner has one.
   */
  public static List<Point> points() {
    List<Point> points = new ArrayList<>();
    boolean timeBased =
        Checks.rules().stream().anyMatch(rule -> rule.id().equals(COMMAND_INJECTION_TIME));
    for (boolean vulnerable : new boolean[] {true, false}) {
      for (Category c : Category.values()) {
        if (c != Category.STORED) {
          points.addAll(pointsOf(c, c.category, c.ruleId, vulnerable));
        }
        if (c == Category.COMMAND && timeBased) {
          points.addAll(pointsOf(c, COMMAND_INJECTION_TIME, COMMAND_INJECTION_TIME, vulnerable));
        }
      }
    }
    return points;
  }

  /**
   * The inputs whose value is kept and shown on another page, {@code
   * /inject/PREFIX/notes/LOCATION}: only a scan that reads that page again finds them.
   */
  static List<Point> storedPoints() {
    Category c = Category.STORED;
    List<Point> points = new ArrayList<>(pointsOf(c, c.category, c.ruleId, true));
    points.addAll(pointsOf(c, c.category, c.ruleId, false));
    return points;
  }

  /**
   * The file name and content type of an upload, and whole XML bodies: an upload page that shows
   * both back, and a file of that name if one exists already; an XML order import.
   */
  static List<Point> filePartAndBodyPoints() {
    List<Point> points = new ArrayList<>();
    for (boolean vulnerable : new boolean[] {true, false}) {
      String base = "/inject/" + (vulnerable ? "vuln" : "safe");
      points.add(
          new Point("xss", "xss-reflected", base + "/upload", "filename:upload", vulnerable));
      points.add(
          new Point("xss", "xss-reflected", base + "/upload", "filetype:upload", vulnerable));
      points.add(
          new Point(
              "path-traversal", "path-traversal", base + "/upload", "filename:upload", vulnerable));
      points.add(new Point("xxe", "xxe", base + "/xml/order", "body:application/xml", vulnerable));
      points.add(new Point("xxe", "xxe", base + "/json/order", "body:application/xml", vulnerable));
    }
    return points;
  }

  /** The inputs of {@code c} at each location, reported as {@code category} under {@code id}. */
  private static List<Point> pointsOf(Category c, String category, String id, boolean vulnerable) {
    String base = "/inject/" + (vulnerable ? "vuln" : "safe") + "/";
    String slug = c.slug();
    return List.of(
        new Point(category, id, base + "multipart/" + slug, c.field, vulnerable),
        new Point(category, id, base + "json/" + slug, "json:/data/" + c.field, vulnerable),
        new Point(
            category, id, base + "path/" + slug + "/" + c.pathValue(), "path:" + slug, vulnerable),
        new Point(category, id, base + "header/" + slug, "header:" + c.header, vulnerable),
        new Point(category, id, base + "cookie/" + slug, "cookie:" + c.field, vulnerable));
  }

  // --- the behaviours -------------------------------------------------------------------------

  private void answer(
      TestServer.Exchange e, Category category, boolean vulnerable, String value, String location)
      throws IOException {
    String echo = "<p>Input: " + VulnerableApp.html(value) + "</p>";
    boolean header = location.equals("header");
    switch (category) {
      case XSS -> e.html(vulnerable ? "<p>Hello " + value + "</p>" : echo);
      case SQLI ->
          e.html(
              echo
                  + (vulnerable
                      ? query("SELECT name FROM products WHERE name = '" + value + "'", header)
                      : prepared(value)));
      case FILE -> e.html(echo + (vulnerable ? readFile(files.resolve(value)) : allowed(value)));
      case COMMAND ->
          e.html(
              echo
                  + run(
                      vulnerable
                          ? List.of("/bin/sh", "-c", "echo Pinging " + value)
                          : List.of("echo", "Pinging", value)));
      case REDIRECT -> {
        e.responseHeader("Location", vulnerable ? vulnerableTarget(value) : safeTarget(value));
        e.send(302, "text/html", "");
      }
      case SSTI -> e.html(echo + greet(value, vulnerable, location));
      case LDAP -> e.html(echo + interpreters.ldap(value, vulnerable, true));
      case XPATH ->
          e.html(
              echo
                  + (vulnerable
                      ? interpreters.xpath("//user[name='" + value + "']/email", null, true)
                      : interpreters.xpath("//user[name=$name]/email", value, true)));
      case CRLF -> {
        if (vulnerable) {
          CheckTargets.writeHeaderRaw(e, "Set-Cookie", "lang=" + value + "; HttpOnly");
        } else {
          e.responseHeader(
              "Set-Cookie",
              "lang=" + URLEncoder.encode(value, StandardCharsets.UTF_8) + "; HttpOnly");
        }
        e.html(echo + "<p>Language saved.</p>");
      }
      case SSRF -> e.html(echo + interpreters.fetch(value, !vulnerable));
      case XXE -> e.html(echo + CheckTargets.parse(value, !vulnerable));
      case SQLI_TIME ->
          e.html(
              echo
                  + (vulnerable
                      ? interpreters.timing(
                          "INSERT INTO subscribers VALUES ('" + value + "')", null)
                      : interpreters.timing("INSERT INTO subscribers VALUES (?)", value)));
      case STORED -> {
        note((vulnerable ? "vuln/" : "safe/") + location, value);
        e.html(echo + "<p>Thank you, your note is kept.</p>");
      }
    }
  }

  /**
   * An upload: the page names the file and its type, and shows the file of that name that exists
   * already, if any, before replacing it (not done here). The safe one escapes what it shows and
   * takes the file name's last segment only.
   */
  private void upload(TestServer.Exchange e, boolean vulnerable) throws IOException {
    Inputs.FilePart file = Inputs.files(e).getOrDefault("upload", new Inputs.FilePart("", "", ""));
    String name = vulnerable ? file.fileName() : VulnerableApp.html(file.fileName());
    String type = vulnerable ? file.contentType() : VulnerableApp.html(file.contentType());
    String existing;
    if (vulnerable) {
      existing = readFile(files.resolve(file.fileName()));
    } else {
      String last = file.fileName().replaceAll(".*[/\\\\]", "");
      existing = last.isEmpty() || last.equals("..") ? "" : readFile(files.resolve(last));
    }
    e.html("<p>Received " + name + " (" + type + ").</p><p>Replaces:</p>" + existing);
  }

  /**
   * An order imported from a JSON body ({@code {"order": {"item": 1}}}) or the same fields in XML,
   * as frameworks with both a JSON and an XML reader take; the safe XML parser refuses DTDs.
   */
  private static String jsonOrXmlOrder(TestServer.Exchange e, boolean vulnerable)
      throws IOException {
    if (!e.header("Content-Type").startsWith("application/json")) {
      return xmlOrder(e, vulnerable);
    }
    try {
      JsonNode item = JSON.readTree(Inputs.body(e)).at("/order/item");
      return "<p>Imported " + (item.isMissingNode() ? 0 : 1) + " items.</p>";
    } catch (IOException ex) {
      return "<p>Invalid document.</p>";
    }
  }

  /** An order imported from an XML body; the safe parser refuses DTDs. */
  private static String xmlOrder(TestServer.Exchange e, boolean vulnerable) throws IOException {
    String type = e.header("Content-Type");
    if (!type.startsWith("application/xml") && !type.startsWith("text/xml")) {
      return "<p>Send the order as application/xml.</p>";
    }
    return CheckTargets.parse(Inputs.body(e), !vulnerable);
  }

  /**
   * A greeting: the vulnerable one builds its template from the value, the safe one fills it in;
   * rendered by Jinjava, or by FreeMarker for JSON fields and headers.
   */
  private static String greet(String value, boolean vulnerable, String location) {
    TemplateEngines engine =
        location.equals("json") || location.equals("header")
            ? TemplateEngines.FREEMARKER
            : TemplateEngines.JINJAVA;
    return engine.page("<p>Hello ", value, "!</p>", vulnerable);
  }

  private void note(String key, String value) {
    Deque<String> list = notes.computeIfAbsent(key, k -> new ConcurrentLinkedDeque<>());
    list.remove(value);
    list.addFirst(value);
    while (list.size() > MAX_NOTES) {
      list.pollLast();
    }
  }

  /** The notes kept at one location, newest first; escaped on the safe page. */
  private String notesPage(String key, boolean escape) {
    StringBuilder html = new StringBuilder("<h1>Notes</h1><ul>");
    for (String value : notes.getOrDefault(key, new ConcurrentLinkedDeque<>())) {
      html.append("<li>").append(escape ? VulnerableApp.html(value) : value);
    }
    return html.append("</ul>").toString();
  }

  /** A header or cookie value as the target reads it: percent-decoded for the later classes. */
  private static String fromHeader(Category category, String value) {
    return category.decodesHeaders() ? percentDecoded(value) : value;
  }

  /** {@code value} with each valid {@code %XX} decoded as UTF-8; other text as it is. */
  static String percentDecoded(String value) {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    byte[] raw = value.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < raw.length; i++) {
      int high = i + 2 < raw.length ? Character.digit(raw[i + 1], 16) : -1;
      int low = i + 2 < raw.length ? Character.digit(raw[i + 2], 16) : -1;
      if (raw[i] == '%' && high >= 0 && low >= 0) {
        bytes.write(high * 16 + low);
        i += 2;
      } else {
        bytes.write(raw[i]);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static String vulnerableTarget(String value) {
    return value.startsWith("/") || value.contains(":") ? value : "/" + value;
  }

  /** A path on this site only: the value's path when it is a URL, leading slashes collapsed. */
  private static String safeTarget(String value) {
    String path = value;
    try {
      URI uri = URI.create(value);
      path = uri.getRawPath() == null ? "/" : uri.getRawPath();
    } catch (IllegalArgumentException ex) {
      path = "/";
    }
    return "/" + path.replaceFirst("^[/\\\\]+", "");
  }

  private String allowed(String name) {
    return Set.of("welcome.txt", "about.txt").contains(name)
        ? readFile(files.resolve(name))
        : "<p>No such file.</p>";
  }

  private String query(String sql, boolean showErrors) {
    synchronized (database) {
      try (Statement statement = database.createStatement();
          ResultSet rows = statement.executeQuery(sql)) {
        return rows(rows);
      } catch (SQLException ex) {
        return showErrors
            ? "<pre>" + VulnerableApp.html(ex.toString()) + "</pre>"
            : "<p>No products found.</p>";
      }
    }
  }

  private String prepared(String name) {
    synchronized (database) {
      try (PreparedStatement statement =
          database.prepareStatement("SELECT name FROM products WHERE name = ?")) {
        statement.setString(1, name);
        try (ResultSet rows = statement.executeQuery()) {
          return rows(rows);
        }
      } catch (SQLException ex) {
        return "<p>No products found.</p>";
      }
    }
  }

  private static String rows(ResultSet rows) throws SQLException {
    StringBuilder html = new StringBuilder("<ul>");
    int count = 0;
    while (rows.next()) {
      html.append("<li>").append(VulnerableApp.html(rows.getString(1))).append(" - in stock");
      count++;
    }
    return count == 0 ? "<p>No products found.</p>" : html.append("</ul>").toString();
  }

  private static String readFile(Path path) {
    try {
      byte[] bytes = Files.readAllBytes(path);
      return "<pre>"
          + VulnerableApp.html(
              new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.UTF_8))
          + "</pre>";
    } catch (IOException | RuntimeException ex) {
      return "<p>No such file.</p>";
    }
  }

  private String run(List<String> command) {
    try {
      Process process =
          new ProcessBuilder(command).directory(files.toFile()).redirectErrorStream(true).start();
      process.getOutputStream().close();
      byte[] output = process.getInputStream().readNBytes(8192);
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      return "<pre>" + VulnerableApp.html(new String(output, StandardCharsets.UTF_8)) + "</pre>";
    } catch (IOException ex) {
      return "<p>failed</p>";
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      return "<p>interrupted</p>";
    }
  }

  // --- reading the inputs ---------------------------------------------------------------------

  /** The text of {@code /data/FIELD} of a JSON body, any scalar type. */
  private static String jsonField(TestServer.Exchange e, String field) throws IOException {
    if (!e.header("Content-Type").startsWith("application/json")) {
      return "";
    }
    try {
      JsonNode node = JSON.readTree(Inputs.body(e)).at("/data/" + field);
      return node.isValueNode() ? node.asText() : "";
    } catch (IOException ex) {
      return "";
    }
  }

  private static String decode(String raw) {
    try {
      return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException ex) {
      return raw;
    }
  }

  // --- the OpenAPI document -------------------------------------------------------------------

  /**
   * The app's OpenAPI document: the JSON and XML endpoints ({@code jsonOnly}, as the crawl finds
   * the rest by itself), or every target of this class with its path, header and cookie parameters
   * declared.
   */
  static String openApi(URI base, boolean jsonOnly) {
    return OpenApiDocument.of(base, jsonOnly);
  }
}
