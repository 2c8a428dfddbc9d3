package io.gatehouse.dast.testapp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.dast.checks.Checks;
import io.gatehouse.dast.testapp.VulnerableApp.Point;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The vulnerable endpoints and safe twins of every active check at the input locations beyond the
 * query and url-encoded forms: multipart fields, JSON body fields, path segments, headers and
 * cookies, under {@code /inject/vuln/LOCATION/CATEGORY} and {@code /inject/safe/...}. One behaviour
 * per category, the same at every location, so that only the location differs. Every page shows the
 * input back (escaped, except the vulnerable XSS page), as real error pages do.
 */
public final class InjectionTargets {
  /** A vulnerability class: the field, header and cookie names, and an original value. */
  enum Category {
    XSS("xss", "xss-reflected", "comment", "User-Agent", "hello"),
    SQLI("sqli", "sql-injection", "product", "X-Forwarded-For", "Widget"),
    FILE("path-traversal", "path-traversal", "doc", "Referer", "welcome.txt"),
    COMMAND("command-injection", "command-injection", "host", "User-Agent", "localhost"),
    REDIRECT("open-redirect", "open-redirect", "next", "Referer", "/");

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
      };
    }

    String otherPathValue() {
      return switch (this) {
        case XSS -> "shoes";
        case SQLI -> "Widget";
        case FILE -> "welcome.txt";
        case COMMAND -> "localhost";
        case REDIRECT -> "home";
      };
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String COMMAND_INJECTION_TIME = "command-injection-time";

  private final Connection database;
  private final Path files;

  private InjectionTargets(Connection database, Path files) {
    this.database = database;
    this.files = files;
  }

  /** Routes the targets on {@code server}, over the app's database and files. */
  static void routes(TestServer server, Connection database, Path files) {
    InjectionTargets targets = new InjectionTargets(database, files);
    for (Category category : Category.values()) {
      for (boolean vulnerable : new boolean[] {true, false}) {
        targets.route(server, category, vulnerable);
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
                false));
    server.route(
        base + "json/" + slug,
        e -> answer(e, category, vulnerable, jsonField(e, category.field), false));
    server.routePrefix(
        base + "path/" + slug + "/",
        e -> {
          String raw = e.http().getRequestURI().getRawPath();
          String value = decode(raw.substring((base + "path/" + slug + "/").length()));
          answer(e, category, vulnerable, value, false);
        });
    server.route(
        base + "header/" + slug,
        e -> answer(e, category, vulnerable, e.header(category.header), true));
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
              cookies.getOrDefault(category.field, category.original),
              false);
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
    }
    return html.toString();
  }

  /**
   * Every input of the targets, vulnerable and safe. The command targets run a shell, so they are
   * vulnerable to a time-based command injection check too, when the scanner has one.
   */
  public static List<Point> points() {
    List<Point> points = new ArrayList<>();
    boolean timeBased =
        Checks.rules().stream().anyMatch(rule -> rule.id().equals(COMMAND_INJECTION_TIME));
    for (boolean vulnerable : new boolean[] {true, false}) {
      String base = "/inject/" + (vulnerable ? "vuln" : "safe") + "/";
      for (Category c : Category.values()) {
        String slug = c.slug();
        points.add(
            new Point(c.category, c.ruleId, base + "multipart/" + slug, c.field, vulnerable));
        points.add(
            new Point(
                c.category, c.ruleId, base + "json/" + slug, "json:/data/" + c.field, vulnerable));
        points.add(
            new Point(
                c.category,
                c.ruleId,
                base + "path/" + slug + "/" + c.pathValue(),
                "path:" + slug,
                vulnerable));
        points.add(
            new Point(
                c.category, c.ruleId, base + "header/" + slug, "header:" + c.header, vulnerable));
        points.add(
            new Point(
                c.category, c.ruleId, base + "cookie/" + slug, "cookie:" + c.field, vulnerable));
        if (c == Category.COMMAND && timeBased) {
          points.addAll(timeBasedCommandPoints(base, vulnerable));
        }
      }
    }
    return points;
  }

  private static List<Point> timeBasedCommandPoints(String base, boolean vulnerable) {
    Category c = Category.COMMAND;
    String id = COMMAND_INJECTION_TIME;
    return List.of(
        new Point(id, id, base + "multipart/command", c.field, vulnerable),
        new Point(id, id, base + "json/command", "json:/data/" + c.field, vulnerable),
        new Point(id, id, base + "path/command/" + c.pathValue(), "path:command", vulnerable),
        new Point(id, id, base + "header/command", "header:" + c.header, vulnerable),
        new Point(id, id, base + "cookie/command", "cookie:" + c.field, vulnerable));
  }

  // --- the behaviours -------------------------------------------------------------------------

  private void answer(
      TestServer.Exchange e, Category category, boolean vulnerable, String value, boolean header)
      throws IOException {
    String echo = "<p>Input: " + VulnerableApp.html(value) + "</p>";
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
    }
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
   * The app's OpenAPI document: the JSON endpoints ({@code jsonOnly}, as the crawl finds the rest
   * by itself), or every target of this class with its path, header and cookie parameters declared.
   */
  static String openApi(URI base, boolean jsonOnly) {
    return OpenApiDocument.of(base, jsonOnly);
  }
}
