package io.gatehouse.dast.testapp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A web application to scan: for each vulnerability class the scanner checks, vulnerable endpoints
 * and safe twins that look alike (escaped output, parameterised query, allow-listed file, no shell,
 * checked redirect). Vulnerable endpoints live under {@code /vuln/}, their twins under {@code
 * /safe/}, so that a test can tell true from false positives. Real things underneath: an H2
 * database, files on disk, {@code /bin/sh}.
 */
public final class VulnerableApp implements AutoCloseable {
  /** An input of the app that a check should (vulnerable) or should not (safe) report. */
  public record Point(
      String category, String ruleId, String path, String parameter, boolean vulnerable) {}

  /** The cookie a scan sends as its credentials, for the authenticated pages. */
  public static final String SESSION_COOKIE = CheckTargets.SESSION_COOKIE;

  /** Every injection point of the app, vulnerable and safe. */
  public static final List<Point> POINTS = points();

  private final TestServer server;
  private final Connection database;
  private final Path files;
  private CheckTargets checkTargets;

  private VulnerableApp(TestServer server, Connection database, Path files) {
    this.server = server;
    this.database = database;
    this.files = files;
  }

  /** Starts the app on a free loopback port. */
  public static VulnerableApp start() throws IOException, SQLException {
    Connection database =
        DriverManager.getConnection("jdbc:h2:mem:shop" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    try (Statement statement = database.createStatement()) {
      statement.execute("CREATE TABLE products(id INT PRIMARY KEY, name VARCHAR(100))");
      statement.execute("INSERT INTO products VALUES (1, 'Widget'), (2, 'Gadget'), (3, 'Gizmo')");
    }
    Path files = Files.createTempDirectory("vulnerable-app");
    Files.writeString(files.resolve("welcome.txt"), "Welcome to the shop.");
    Files.writeString(files.resolve("about.txt"), "We sell widgets.");
    VulnerableApp app = new VulnerableApp(TestServer.start(), database, files);
    app.routes();
    return app;
  }

  /** The app's base URL. */
  public java.net.URI base() {
    return server.base();
  }

  /** The server, for request counts. */
  public TestServer server() {
    return server;
  }

  private void routes() {
    checkTargets = CheckTargets.install(server);
    InjectionTargets.routes(server, database, files, checkTargets);
    // --- inject --- (after the other links, so that the crawl reaches those first)
    server.route("/", e -> e.html(index() + InjectionTargets.links()));
    server.route(
        "/robots.txt", e -> e.send(200, "text/plain", "User-agent: *\nDisallow: /admin/\n"));
    server.route("/admin/", e -> e.html("<p>admin</p>"));
    xssRoutes();
    sqlRoutes();
    fileRoutes();
    commandRoutes();
    redirectRoutes();
  }

  private static String index() {
    StringBuilder html = new StringBuilder("<h1>Shop</h1><ul>");
    html.append("<li><a href=\"/safe/xss/json?q=shoes\">json</a>")
        .append("<li><a href=\"/safe/sqli/dynamic?id=1\">dynamic</a>")
        .append("<li><a href=\"/safe/file-echo?name=welcome.txt\">echo</a>")
        .append("<li><a href=\"/safe/redirect-login?next=/account\">login</a>");
    for (String prefix : List.of("vuln", "safe")) {
      html.append("<li><a href=\"/")
          .append(prefix)
          .append("/xss/text?q=shoes\">search</a>")
          .append("<li><a href=\"/")
          .append(prefix)
          .append("/xss/attr?q=shoes\">attr</a>")
          .append("<li><a href=\"/")
          .append(prefix)
          .append("/xss/attr-single?q=shoes\">attr1</a>")
          .append("<li><a href=\"/")
          .append(prefix)
          .append("/xss/script?q=shoes\">script</a>")
          .append("<li><a href=\"/")
          .append(prefix)
          .append("/xss/url?q=/home\">url</a>")
          .append("<li><a href=\"/")
          .append(prefix)
          .append("/xss/unquoted?q=shoes\">unquoted</a>")
          .append("<li><a href=\"/")
          .append(prefix)
          .append("/xss/comment-context?q=shoes\">comment</a>")
          .append("<li><a href=\"/")
          .append(prefix)
          .append("/xss/textarea?q=shoes\">textarea</a>")
          .append("<li><a href=\"/")
          .append(prefix)
          .append("/sqli/number?id=2\">number</a>")
          .append("<li><a href=\"/")
          .append(prefix)
          .append("/sqli/product?id=1\">product</a>")
          .append("<li><a href=\"/")
          .append(prefix)
          .append("/sqli/name?name=Widget\">by name</a>")
          .append("<li><a href=\"/")
          .append(prefix)
          .append("/file?name=welcome.txt\">welcome</a>")
          .append("<li><a href=\"/")
          .append(prefix)
          .append("/ping?host=localhost\">ping</a>")
          .append("<li><a href=\"/")
          .append(prefix)
          .append("/redirect?next=/\">home</a>")
          .append("<li><a href=\"/")
          .append(prefix)
          .append("/go?url=/\">go</a>")
          .append("<li><form method=\"post\" action=\"/")
          .append(prefix)
          .append("/xss/comment\">")
          .append("<textarea name=\"comment\"></textarea><input type=\"submit\"></form>")
          .append("<li><form method=\"post\" action=\"/")
          .append(prefix)
          .append("/sqli/search\">")
          .append(
              "<input type=\"text\" name=\"term\" value=\"Gadget\"><input type=\"submit\"></form>")
          .append("<li><form method=\"post\" action=\"/")
          .append(prefix)
          .append("/lookup\">")
          .append("<input type=\"text\" name=\"domain\"><input type=\"submit\"></form>")
          .append("<li><form method=\"get\" action=\"/")
          .append(prefix)
          .append("/download\">")
          .append("<select name=\"doc\"><option>about.txt</option></select>")
          .append("<input type=\"submit\"></form>");
    }
    html.append(CheckTargets.links()); // --- checks ---
    return html.append("</ul>").toString();
  }

  // --- cross-site scripting -------------------------------------------------------------------

  private void xssRoutes() {
    server.route("/vuln/xss/text", e -> e.html("<p>Results for " + e.query("q", "") + "</p>"));
    server.route(
        "/safe/xss/text", e -> e.html("<p>Results for " + html(e.query("q", "")) + "</p>"));
    server.route(
        "/vuln/xss/attr", e -> e.html("<input name=\"q\" value=\"" + e.query("q", "") + "\">"));
    server.route(
        "/safe/xss/attr",
        e -> e.html("<input name=\"q\" value=\"" + html(e.query("q", "")) + "\">"));
    server.route(
        "/vuln/xss/attr-single",
        e -> e.html("<input name='q' value='" + e.query("q", "").replace("<", "&lt;") + "'>"));
    server.route(
        "/safe/xss/attr-single",
        e -> e.html("<input name='q' value='" + html(e.query("q", "")) + "'>"));
    server.route(
        "/vuln/xss/script",
        e ->
            e.html(
                "<script>var q = '" + e.query("q", "") + "'; console.log(q);</script><p>ok</p>"));
    server.route(
        "/safe/xss/script",
        e ->
            e.html(
                "<script>var q = '"
                    + js(e.query("q", ""))
                    + "'; console.log(q);</script><p>ok</p>"));
    server.route(
        "/vuln/xss/url", e -> e.html("<a href=\"" + html(e.query("q", "")) + "\">back</a>"));
    server.route(
        "/safe/xss/url",
        e -> {
          String q = e.query("q", "");
          boolean allowed =
              q.startsWith("/") || q.startsWith("https://") || q.startsWith("http://");
          e.html("<a href=\"" + html(allowed ? q : "/") + "\">back</a>");
        });
    server.route(
        "/vuln/xss/unquoted", e -> e.html("<input name=q value=" + e.query("q", "") + ">"));
    server.route(
        "/safe/xss/unquoted",
        e -> e.html("<input name=q value=\"" + html(e.query("q", "")) + "\">"));
    server.route(
        "/vuln/xss/comment-context",
        e -> e.html("<!-- search: " + e.query("q", "") + " --><p>ok</p>"));
    server.route(
        "/safe/xss/comment-context",
        e -> e.html("<!-- search: " + html(e.query("q", "")) + " --><p>ok</p>"));
    server.route(
        "/vuln/xss/textarea", e -> e.html("<textarea name=q>" + e.query("q", "") + "</textarea>"));
    server.route(
        "/safe/xss/textarea",
        e -> e.html("<textarea name=q>" + html(e.query("q", "")) + "</textarea>"));
    // raw reflection, but JSON: a browser does not render it as HTML
    server.route(
        "/safe/xss/json",
        e ->
            e.send(
                200,
                "application/json",
                "{\"q\":\"" + e.query("q", "").replace("\"", "\\\"") + "\"}"));
    server.route(
        "/vuln/xss/comment",
        e -> e.html("<div class=\"comment\">" + e.form("comment", "") + "</div>"));
    server.route(
        "/safe/xss/comment",
        e -> e.html("<div class=\"comment\">" + html(e.form("comment", "")) + "</div>"));
  }

  static String html(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }

  static String js(String text) {
    return text.replace("\\", "\\\\")
        .replace("'", "\\'")
        .replace("\"", "\\\"")
        .replace("<", "\\x3c")
        .replace(">", "\\x3e")
        .replace("\n", "\\n");
  }

  // --- SQL injection --------------------------------------------------------------------------

  private void sqlRoutes() {
    server.route(
        "/vuln/sqli/product",
        e -> e.html(query("SELECT name FROM products WHERE id = " + e.query("id", "1"), true)));
    server.route("/safe/sqli/product", e -> e.html(prepared("id", e.query("id", "1"))));
    server.route(
        "/vuln/sqli/name",
        e ->
            e.html(
                query(
                    "SELECT name FROM products WHERE name = '" + e.query("name", "") + "'",
                    false)));
    server.route("/safe/sqli/name", e -> e.html(prepared("name", e.query("name", ""))));
    server.route(
        "/vuln/sqli/number",
        e -> e.html(query("SELECT name FROM products WHERE id = " + e.query("id", "2"), false)));
    server.route("/safe/sqli/number", e -> e.html(prepared("id", e.query("id", "2"))));
    // a page that changes on every request (a token, a time): comparisons must not misfire
    server.route(
        "/safe/sqli/dynamic",
        e ->
            e.html(
                prepared("id", e.query("id", "1"))
                    + "<p>request "
                    + java.util.UUID.randomUUID()
                    + " at "
                    + System.nanoTime()
                    + "</p>"));
    server.route(
        "/vuln/sqli/search",
        e ->
            e.html(
                query(
                    "SELECT name FROM products WHERE name = '" + e.form("term", "") + "'", false)));
    server.route("/safe/sqli/search", e -> e.html(prepared("name", e.form("term", ""))));
  }

  /** Runs SQL built from input; shows the database's error only if {@code showErrors}. */
  private synchronized String query(String sql, boolean showErrors) {
    try (Statement statement = database.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      return rowsHtml(rows);
    } catch (SQLException e) {
      return showErrors ? "<pre>" + html(e.toString()) + "</pre>" : "<p>No products found.</p>";
    }
  }

  private synchronized String prepared(String column, String value) {
    String sql =
        "SELECT name FROM products WHERE " + (column.equals("id") ? "id" : "name") + " = ?";
    try (PreparedStatement statement = database.prepareStatement(sql)) {
      statement.setString(1, value);
      try (ResultSet rows = statement.executeQuery()) {
        return rowsHtml(rows);
      }
    } catch (SQLException e) {
      return "<p>No products found.</p>";
    }
  }

  private static String rowsHtml(ResultSet rows) throws SQLException {
    StringBuilder html = new StringBuilder("<h2>Products</h2><ul>");
    int count = 0;
    while (rows.next()) {
      html.append("<li>").append(html(rows.getString(1))).append(" - in stock, ships in 2 days");
      count++;
    }
    if (count == 0) {
      return "<p>No products found.</p>";
    }
    return html.append("</ul>").toString();
  }

  // --- path traversal -------------------------------------------------------------------------

  private void fileRoutes() {
    server.route("/vuln/file", e -> e.html(readFile(files.resolve(e.query("name", "")))));
    server.route(
        "/vuln/download", e -> e.html(readFile(Path.of(files + "/" + e.query("doc", "")))));
    Set<String> allowed = Set.of("welcome.txt", "about.txt");
    // echoes the requested name: the payload is in the page, the file's content is not
    server.route(
        "/safe/file-echo", e -> e.html("<p>File " + html(e.query("name", "")) + " not found.</p>"));
    server.route(
        "/safe/file",
        e -> {
          String name = e.query("name", "");
          e.html(allowed.contains(name) ? readFile(files.resolve(name)) : "<p>No such file.</p>");
        });
    server.route(
        "/safe/download",
        e -> {
          Path path = files.resolve(e.query("doc", "")).normalize();
          e.html(path.startsWith(files) ? readFile(path) : "<p>No such file.</p>");
        });
  }

  private static String readFile(Path path) {
    try {
      byte[] bytes = Files.readAllBytes(path);
      return "<pre>"
          + html(new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.UTF_8))
          + "</pre>";
    } catch (IOException | RuntimeException e) {
      return "<p>No such file.</p>";
    }
  }

  // --- OS command injection -------------------------------------------------------------------

  private void commandRoutes() {
    server.route(
        "/vuln/ping",
        e -> e.html(run(files, List.of("/bin/sh", "-c", "echo Pinging " + e.query("host", "")))));
    server.route(
        "/safe/ping", e -> e.html(run(files, List.of("echo", "Pinging", e.query("host", "")))));
    server.route(
        "/vuln/lookup",
        e ->
            e.html(
                run(
                    files,
                    List.of("/bin/sh", "-c", "echo 'Looking up " + e.form("domain", "") + "'"))));
    server.route(
        "/safe/lookup",
        e -> e.html(run(files, List.of("echo", "Looking up " + e.form("domain", "")))));
  }

  /** Runs {@code command} in the app's scratch directory, where injected commands write, if any. */
  private static String run(Path directory, List<String> command) {
    try {
      Process process =
          new ProcessBuilder(new ArrayList<>(command))
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .start();
      process.getOutputStream().close();
      byte[] output = process.getInputStream().readNBytes(8192);
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      return "<pre>" + html(new String(output, StandardCharsets.UTF_8)) + "</pre>";
    } catch (IOException e) {
      return "<p>failed</p>";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "<p>interrupted</p>";
    }
  }

  // --- open redirect --------------------------------------------------------------------------

  private void redirectRoutes() {
    server.route(
        "/vuln/redirect",
        e -> {
          e.responseHeader("Location", e.query("next", "/"));
          e.send(302, "text/html", "");
        });
    server.route(
        "/safe/redirect",
        e -> {
          String next = e.query("next", "/");
          boolean local = next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\");
          e.responseHeader("Location", local ? next : "/");
          e.send(302, "text/html", "");
        });
    // a local redirect that carries the URL as a parameter: not an open redirect
    server.route(
        "/safe/redirect-login",
        e -> {
          e.responseHeader(
              "Location",
              "/login?next="
                  + java.net.URLEncoder.encode(e.query("next", "/"), StandardCharsets.UTF_8));
          e.send(302, "text/html", "");
        });
    server.route(
        "/vuln/go",
        e ->
            e.html(
                "<meta http-equiv=\"refresh\" content=\"0;url="
                    + html(e.query("url", "/"))
                    + "\">"));
    server.route(
        "/safe/go",
        e -> {
          String url = e.query("url", "/");
          boolean local = url.startsWith("/") && !url.startsWith("//") && !url.startsWith("/\\");
          e.html("<meta http-equiv=\"refresh\" content=\"0;url=" + html(local ? url : "/") + "\">");
        });
  }

  private static List<Point> points() {
    List<Point> points = new ArrayList<>();
    points.addAll(InjectionTargets.points()); // --- inject ---
    points.addAll(InjectionTargets.storedPoints());
    points.addAll(InjectionTargets.filePartAndBodyPoints());
    for (boolean vulnerable : new boolean[] {true, false}) {
      String p = vulnerable ? "/vuln" : "/safe";
      points.add(new Point("xss", "xss-reflected", p + "/xss/text", "q", vulnerable));
      points.add(new Point("xss", "xss-reflected", p + "/xss/attr", "q", vulnerable));
      points.add(new Point("xss", "xss-reflected", p + "/xss/attr-single", "q", vulnerable));
      points.add(new Point("xss", "xss-reflected", p + "/xss/script", "q", vulnerable));
      points.add(new Point("xss", "xss-reflected", p + "/xss/url", "q", vulnerable));
      points.add(new Point("xss", "xss-reflected", p + "/xss/comment", "comment", vulnerable));
      points.add(new Point("xss", "xss-reflected", p + "/xss/unquoted", "q", vulnerable));
      points.add(new Point("xss", "xss-reflected", p + "/xss/comment-context", "q", vulnerable));
      points.add(new Point("xss", "xss-reflected", p + "/xss/textarea", "q", vulnerable));
      points.add(new Point("sqli", "sql-injection", p + "/sqli/number", "id", vulnerable));
      points.add(new Point("sqli", "sql-injection", p + "/sqli/product", "id", vulnerable));
      points.add(new Point("sqli", "sql-injection", p + "/sqli/name", "name", vulnerable));
      points.add(new Point("sqli", "sql-injection", p + "/sqli/search", "term", vulnerable));
      points.add(new Point("path-traversal", "path-traversal", p + "/file", "name", vulnerable));
      points.add(new Point("path-traversal", "path-traversal", p + "/download", "doc", vulnerable));
      points.add(
          new Point("command-injection", "command-injection", p + "/ping", "host", vulnerable));
      points.add(
          new Point("command-injection", "command-injection", p + "/lookup", "domain", vulnerable));
      points.add(new Point("open-redirect", "open-redirect", p + "/redirect", "next", vulnerable));
      points.add(new Point("open-redirect", "open-redirect", p + "/go", "url", vulnerable));
    }
    points.add(new Point("xss", "xss-reflected", "/safe/xss/json", "q", false));
    points.add(new Point("sqli", "sql-injection", "/safe/sqli/dynamic", "id", false));
    points.add(new Point("path-traversal", "path-traversal", "/safe/file-echo", "name", false));
    points.add(new Point("open-redirect", "open-redirect", "/safe/redirect-login", "next", false));
    points.addAll(CheckTargets.points()); // --- checks ---
    return List.copyOf(points);
  }

  @Override
  public void close() throws SQLException, IOException {
    server.close();
    checkTargets.close();
    database.close();
    try (var paths = Files.walk(files)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
