package io.gatehouse.dast.testapp;

import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.report.ScanReport;
import io.gatehouse.dast.testapp.TestServer.Exchange;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.h2.tools.Server;

/**
 * Small sites for the passive checks: for each passive class, sites that have the weakness and safe
 * twins that do not (per-site rules need a site per twin). Each site is a {@link TestServer} of its
 * own, started by {@link #start}; HTTPS sites use a self-signed certificate made with the JDK's
 * {@code keytool}, trusted by the scan through {@link #certificatePem}. The sensitive-path sites
 * serve the real files (the H2 console is a real H2 web console behind the site), and the safe
 * twins include soft-404 sites that answer 200 and show the requested path back.
 */
public final class PassiveSites implements AutoCloseable {
  /** The rule of the sensitive-path probes. */
  public static final String SENSITIVE = "sensitive-path-exposed";

  /** The paths the sensitive-path check probes, relative to a base directory. */
  public static final List<String> SENSITIVE_PATHS =
      List.of(
          ".git/HEAD",
          ".git/config",
          ".env",
          "actuator/env",
          "actuator/heapdump",
          "h2-console/",
          ".svn/entries",
          "backup.sql",
          "dump.sql",
          "backup.zip",
          ".DS_Store");

  /**
   * One site: vulnerable to {@code ruleId} or its safe twin. A point per path of {@code paths}
   * (where the rule must be reported, or must not be); no paths means the rule is per site.
   */
  public record Site(
      String category,
      String ruleId,
      boolean vulnerable,
      String name,
      boolean https,
      String start,
      List<String> paths,
      Consumer<TestServer> routes) {
    @Override
    public String toString() {
      return (vulnerable ? "vulnerable " : "safe ") + category + " " + name;
    }

    /**
     * Whether {@code report} has this site's rule at {@code path}, or anywhere when it is empty.
     */
    public boolean reportedIn(ScanReport report, String path) {
      for (Finding finding : report.findings()) {
        if (finding.rule().id().equals(ruleId)
            && (path.isEmpty() || URI.create(finding.url()).getPath().equals(path))) {
          return true;
        }
      }
      return false;
    }
  }

  private static final Map<String, String> HARDENED =
      Map.of(
          "Content-Security-Policy",
          "default-src 'self'; script-src 'self'; frame-ancestors 'none'",
          "X-Content-Type-Options",
          "nosniff",
          "X-Frame-Options",
          "DENY",
          "Referrer-Policy",
          "strict-origin-when-cross-origin",
          "Cache-Control",
          "no-store");
  private static final String HSTS = "max-age=31536000; includeSubDomains";

  private final Server h2Console;
  private final SSLContext serverTls;
  private final String certificatePem;
  private final List<TestServer> servers = new ArrayList<>();
  private final HttpClient proxy = HttpClient.newHttpClient();

  private PassiveSites(Server h2Console, SSLContext serverTls, String certificatePem) {
    this.h2Console = h2Console;
    this.serverTls = serverTls;
    this.certificatePem = certificatePem;
  }

  /** Starts the shared parts: a real H2 web console and the HTTPS sites' certificate. */
  public static PassiveSites start(Path workDirectory) throws Exception {
    Path keystore = workDirectory.resolve("site.p12");
    Keytool.run(
        "-genkeypair",
        "-alias",
        "site",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=127.0.0.1",
        "-ext",
        "san=ip:127.0.0.1",
        "-validity",
        "2",
        "-keystore",
        keystore.toString());
    Path pem = workDirectory.resolve("site.pem");
    Keytool.run(
        "-exportcert",
        "-rfc",
        "-alias",
        "site",
        "-keystore",
        keystore.toString(),
        "-file",
        pem.toString());
    Server h2 = Server.createWebServer("-webPort", "0").start();
    return new PassiveSites(h2, Keytool.serverContext(keystore), Files.readString(pem));
  }

  /** The PEM certificate of the HTTPS sites, for the scan's trust. */
  public String certificatePem() {
    return certificatePem;
  }

  /** Starts a server for {@code site} and returns it. */
  public TestServer serve(Site site) throws IOException {
    TestServer server = site.https() ? TestServer.startHttps(serverTls) : TestServer.start();
    servers.add(server);
    site.routes().accept(server);
    return server;
  }

  /** Every site. */
  public List<Site> sites() {
    List<Site> sites = new ArrayList<>();
    sites.addAll(cspSites());
    sites.addAll(hstsSites());
    sites.addAll(headerSites());
    sites.addAll(cookieSites());
    sites.addAll(versionSites());
    sites.addAll(errorSites());
    sites.addAll(listingSites());
    sites.addAll(corsSites());
    sites.addAll(sensitiveSites());
    return sites;
  }

  private static List<Site> cspSites() {
    String csp = "Content-Security-Policy";
    return List.of(
        headers("csp-missing", true, "no policy", false, Map.of(csp, "")),
        headers(
            "csp-missing",
            true,
            "report-only policy",
            false,
            Map.of(csp, "", "Content-Security-Policy-Report-Only", "default-src 'self'")),
        headers("csp-missing", false, "enforced policy", false, Map.of()),
        headers(
            "csp-unsafe-inline",
            true,
            "unsafe-inline",
            false,
            Map.of(csp, "default-src 'self'; script-src 'self' 'unsafe-inline'")),
        headers(
            "csp-unsafe-inline",
            true,
            "unsafe-inline from default-src",
            false,
            Map.of(csp, "default-src 'self' 'unsafe-inline'; frame-ancestors 'none'")),
        headers(
            "csp-unsafe-inline",
            false,
            "unsafe-inline with a nonce",
            false,
            Map.of(csp, "default-src 'self'; script-src 'self' 'nonce-r4nd0m' 'unsafe-inline'")),
        headers(
            "csp-unsafe-inline",
            false,
            "unsafe-inline in style-src only",
            false,
            Map.of(csp, "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'")),
        headers(
            "csp-unsafe-eval",
            true,
            "unsafe-eval",
            false,
            Map.of(csp, "default-src 'self'; script-src 'self' 'unsafe-eval'")),
        headers("csp-unsafe-eval", false, "strict script-src", false, Map.of()),
        headers(
            "csp-wildcard-source",
            true,
            "script-src *",
            false,
            Map.of(csp, "default-src 'self'; script-src *")),
        headers(
            "csp-wildcard-source",
            true,
            "script-src https:",
            false,
            Map.of(csp, "default-src 'self'; script-src 'self' https:")),
        headers(
            "csp-wildcard-source",
            true,
            "script-src https://*",
            false,
            Map.of(csp, "default-src 'self'; script-src 'self' https://*")),
        headers(
            "csp-wildcard-source",
            false,
            "script-src a subdomain wildcard",
            false,
            Map.of(csp, "default-src 'self'; script-src 'self' https://*.example.com")),
        headers(
            "csp-wildcard-source",
            true,
            "no script-src nor default-src",
            false,
            Map.of(csp, "frame-ancestors 'none'")),
        headers(
            "csp-wildcard-source",
            false,
            "a proxy's policy beside the application's",
            false,
            Map.of(csp, "frame-ancestors 'none', default-src 'self'; script-src 'self'")),
        headers(
            "csp-unsafe-inline",
            true,
            "unsafe-inline in both of two policies",
            false,
            Map.of(
                csp,
                "default-src 'self' 'unsafe-inline', script-src 'self' 'unsafe-inline';"
                    + " frame-ancestors 'none'")),
        headers(
            "csp-unsafe-inline",
            false,
            "unsafe-inline in one of two policies",
            false,
            Map.of(
                csp,
                "default-src 'self' 'unsafe-inline'; frame-ancestors 'none', script-src 'self'")),
        headers(
            "csp-wildcard-source",
            false,
            "named script host",
            false,
            Map.of(csp, "default-src 'self'; script-src 'self' https://cdn.example.com")));
  }

  private static List<Site> hstsSites() {
    String hsts = "Strict-Transport-Security";
    return List.of(
        headers("hsts-missing", true, "HTTPS without HSTS", true, Map.of(hsts, "")),
        headers("hsts-missing", false, "HTTPS with HSTS", true, Map.of()),
        headers("hsts-missing", false, "plain HTTP", false, Map.of()),
        headers("hsts-weak", true, "one hour", true, Map.of(hsts, "max-age=3600")),
        headers("hsts-weak", true, "no max-age", true, Map.of(hsts, "includeSubDomains")),
        headers("hsts-weak", false, "one year", true, Map.of()));
  }

  private static List<Site> headerSites() {
    String xfo = "X-Frame-Options";
    String csp = "Content-Security-Policy";
    return List.of(
        headers(
            "x-content-type-options-missing",
            true,
            "missing",
            false,
            Map.of("X-Content-Type-Options", "")),
        headers(
            "x-content-type-options-missing",
            true,
            "misspelt value",
            false,
            Map.of("X-Content-Type-Options", "no-sniff")),
        headers("x-content-type-options-missing", false, "nosniff", false, Map.of()),
        headers(
            "clickjacking",
            true,
            "no framing protection",
            false,
            Map.of(xfo, "", csp, "default-src 'self'")),
        headers(
            "clickjacking",
            true,
            "X-Frame-Options ALLOW-FROM",
            false,
            Map.of(xfo, "ALLOW-FROM https://example.com", csp, "default-src 'self'")),
        headers(
            "clickjacking",
            false,
            "X-Frame-Options SAMEORIGIN only",
            false,
            Map.of(xfo, "SAMEORIGIN", csp, "default-src 'self'")),
        headers("clickjacking", false, "frame-ancestors only", false, Map.of(xfo, "")),
        headers(
            "clickjacking",
            true,
            "frame-ancestors * beside X-Frame-Options DENY",
            false,
            Map.of(csp, "default-src 'self'; frame-ancestors *")),
        headers(
            "clickjacking",
            true,
            "frame-ancestors https:",
            false,
            Map.of(xfo, "", csp, "default-src 'self'; frame-ancestors https:")),
        headers(
            "clickjacking",
            false,
            "frame-ancestors a named partner",
            false,
            Map.of(
                xfo,
                "",
                csp,
                "default-src 'self'; frame-ancestors 'self' https://partner.example.com")),
        headers("referrer-policy-missing", true, "missing", false, Map.of("Referrer-Policy", "")),
        headers(
            "referrer-policy-missing",
            false,
            "no-referrer",
            false,
            Map.of("Referrer-Policy", "no-referrer")));
  }

  private static List<Site> cookieSites() {
    String cookie = "Set-Cookie";
    return List.of(
        headers(
            "cookie-without-secure",
            true,
            "HTTPS cookie without Secure",
            true,
            Map.of(cookie, "SESSION=s3cr3t; Path=/; HttpOnly; SameSite=Lax")),
        headers(
            "cookie-without-secure",
            false,
            "HTTPS cookie with Secure",
            true,
            Map.of(cookie, "SESSION=s3cr3t; Path=/; Secure; HttpOnly; SameSite=Lax")),
        headers(
            "cookie-without-httponly",
            true,
            "no HttpOnly",
            true,
            Map.of(cookie, "SESSION=s3cr3t; Path=/; Secure; SameSite=Strict")),
        headers(
            "cookie-without-httponly",
            false,
            "HttpOnly",
            true,
            Map.of(cookie, "SESSION=s3cr3t; Path=/; Secure; HttpOnly; SameSite=Strict")),
        headers(
            "cookie-without-httponly",
            false,
            "deleted cookie",
            true,
            Map.of(cookie, "SESSION=; Path=/; Max-Age=0")),
        headers(
            "cookie-without-samesite",
            true,
            "no SameSite",
            true,
            Map.of(cookie, "SESSION=s3cr3t; Path=/; Secure; HttpOnly")),
        headers(
            "cookie-without-samesite",
            true,
            "SameSite=None without Secure",
            false,
            Map.of(cookie, "SESSION=s3cr3t; Path=/; HttpOnly; SameSite=None")),
        headers(
            "cookie-without-samesite",
            false,
            "SameSite=None with Secure",
            true,
            Map.of(cookie, "SESSION=s3cr3t; Path=/; Secure; HttpOnly; SameSite=None")),
        headers(
            "cookie-without-samesite",
            false,
            "SameSite=Lax",
            true,
            Map.of(cookie, "SESSION=s3cr3t; Path=/; Secure; HttpOnly; SameSite=Lax")));
  }

  private static List<Site> versionSites() {
    String rule = "version-disclosure";
    return List.of(
        headers(rule, true, "Apache version", false, Map.of("Server", "Apache/2.4.41 (Ubuntu)")),
        headers(rule, true, "nginx version", false, Map.of("Server", "nginx/1.18.0")),
        headers(rule, true, "PHP version", false, Map.of("X-Powered-By", "PHP/8.1.2")),
        headers(rule, true, "ASP.NET version", false, Map.of("X-AspNet-Version", "4.0.30319")),
        headers(rule, true, "proxy version in Via", false, Map.of("Via", "1.1 proxy (squid/4.13)")),
        headers(rule, false, "bare server name", false, Map.of("Server", "nginx")),
        headers(
            rule,
            false,
            "Via with protocol versions only",
            false,
            Map.of("Via", "1.1 varnish, HTTP/1.1 vegur")),
        headers(rule, false, "no server header", false, Map.of()));
  }

  private static List<Site> errorSites() {
    String trace = "stack-trace-disclosure";
    String database = "database-error-disclosure";
    return List.of(
        content(trace, true, "Java", 500, "<pre>" + javaStackTrace() + "</pre>"),
        content(
            trace,
            true,
            "Python",
            500,
            "<pre>Traceback (most recent call last):\n  File \"/srv/app/views.py\", line 42, in"
                + " order\n    total = int(request.args['qty'])\nValueError: invalid literal for"
                + " int() with base 10: 'x'</pre>"),
        content(
            trace,
            true,
            "ASP.NET",
            500,
            "<pre>[NullReferenceException: Object reference not set to an instance of an"
                + " object.]\n   at Shop.Controllers.OrderController.Show(Int32 id) in"
                + " C:\\src\\Shop\\Controllers\\OrderController.cs:line 57\n</pre>"),
        content(
            trace,
            true,
            "PHP",
            500,
            "<br />\n<b>Fatal error</b>:  Uncaught Error: Call to undefined function"
                + " order_total() in /var/www/html/order.php on line <b>12</b><br />"),
        content(
            trace,
            true,
            "Node.js",
            500,
            "<pre>TypeError: Cannot read properties of undefined (reading 'id')\n    at"
                + " show (/srv/app/routes/order.js:17:24)\n    at Layer.handle"
                + " (/srv/app/node_modules/express/lib/router/layer.js:95:5)</pre>"),
        content(
            trace,
            false,
            "prose about exceptions",
            200,
            "<p>When an exception occurs at checkout, we log it and show you a friendly"
                + " message. Error 42 at line 3 of your order means the quantity is too"
                + " large.</p>"),
        content(trace, false, "generic error page", 500, "<h1>Something went wrong</h1>"),
        content(database, true, "H2", 500, "<pre>" + h2Error() + "</pre>"),
        content(
            database,
            true,
            "PostgreSQL",
            500,
            "<pre>org.postgresql.util.PSQLException: ERROR: unterminated quoted string at or near"
                + " \"'x\"\n  Position: 34</pre>"),
        content(
            database,
            true,
            "MySQL",
            500,
            "<p>You have an error in your SQL syntax; check the manual that corresponds to your"
                + " MySQL server version for the right syntax to use near ''x'' at line 1</p>"),
        content(
            database,
            true,
            "SQL Server",
            500,
            "<p>Unclosed quotation mark after the character string 'x'.</p>"),
        content(
            database,
            true,
            "Oracle",
            500,
            "<p>ORA-01756: quoted string not properly terminated</p>"),
        content(
            database,
            false,
            "prose about SQL",
            200,
            "<p>Our reports run on a SQL database; if a query fails you see a generic"
                + " message and we get an alert.</p>"),
        content(
            database,
            false,
            "prose naming HSQLDB",
            200,
            "<p>Our test suite runs on HSQLDB and H2 in memory, and on PostgreSQL in"
                + " production.</p>"),
        content(
            database,
            false,
            "a SQL Server tutorial",
            200,
            "<p>If SQL Server answers with incorrect syntax near a keyword, check that the"
                + " keyword is not a reserved word of your version.</p>"),
        content(database, false, "generic error page", 500, "<h1>Something went wrong</h1>"));
  }

  private static List<Site> listingSites() {
    String rule = "directory-listing";
    return List.of(
        content(
            rule,
            true,
            "Apache",
            200,
            "<html><head><title>Index of /files</title></head><body><h1>Index of /files</h1>"
                + "<table><tr><th><a href=\"?C=N;O=D\">Name</a></th></tr><tr><td><a"
                + " href=\"/\">Parent Directory</a></td></tr><tr><td><a"
                + " href=\"report.pdf\">report.pdf</a></td></tr></table><address>Apache"
                + " Server at 127.0.0.1 Port 80</address></body></html>",
            true),
        content(
            rule,
            true,
            "nginx",
            200,
            "<html><head><title>Index of /files/</title></head><body><h1>Index of /files/</h1>"
                + "<hr><pre><a href=\"../\">../</a>\n<a href=\"report.pdf\">report.pdf</a>"
                + "            01-Jan-2026 10:00    1024\n</pre><hr></body></html>",
            true),
        content(
            rule,
            true,
            "IIS",
            200,
            "<html><head><title>127.0.0.1 - /files/</title></head><body><H1>127.0.0.1 -"
                + " /files/</H1><hr><pre><A HREF=\"/\">[To Parent Directory]</A><br><br>"
                + " 1/1/2026 10:00 AM 1024 <A HREF=\"/files/report.pdf\">report.pdf</A><br>"
                + "</pre><hr></body></html>",
            true),
        content(
            rule,
            true,
            "Python http.server",
            200,
            "<!DOCTYPE HTML><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Directory"
                + " listing for /files/</title></head><body><h1>Directory listing for"
                + " /files/</h1><hr><ul><li><a href=\"report.pdf\">report.pdf</a></li></ul><hr>"
                + "</body></html>",
            true),
        content(
            rule,
            true,
            "Tomcat",
            200,
            "<html><head><title>Directory Listing For [/files/]</title></head><body><h1>Directory"
                + " Listing For [/files/]</h1><table><tr><td><tt><a"
                + " href=\"/files/report.pdf\">report.pdf</a></tt></td></tr></table>"
                + "<h3>Apache Tomcat/10.1.20</h3></body></html>",
            true),
        content(
            rule,
            true,
            "Jetty",
            200,
            "<!DOCTYPE html><html><head><title>Directory: /files/</title></head><body><h1"
                + " class=\"title\">Directory: /files/</h1><table class=\"listing\"><tbody><tr><td"
                + " class=\"name\"><a href=\"/files/report.pdf\">report.pdf&nbsp;</a></td></tr>"
                + "</tbody></table></body></html>",
            true),
        content(
            rule,
            false,
            "product index",
            200,
            "<h1>Index of products</h1><ul><li><a href=\"/p/1\">Tea</a></li></ul><p>Servers"
                + " show <code>Index of /</code> pages when autoindex is on.</p>"),
        content(rule, false, "files page", 200, "<h1>Files</h1><p>Download the report.</p>"));
  }

  private static List<Site> corsSites() {
    String reflected = "cors-reflected-origin";
    String nullOrigin = "cors-null-origin";
    return List.of(
        cors(reflected, true, "origin echoed with credentials", (origin, own) -> origin, true),
        cors(
            reflected,
            true,
            "origins ending with the site's host",
            (origin, own) -> origin.endsWith(own.substring(own.indexOf("://") + 3)) ? origin : "",
            true),
        cors(
            reflected,
            true,
            "origins starting with the site's origin",
            (origin, own) -> origin.startsWith(own) ? origin : "",
            true),
        cors(
            reflected,
            false,
            "the site's own origin only",
            (origin, own) -> origin.equals(own) ? origin : "",
            true),
        cors(
            reflected,
            false,
            "fixed trusted origin with credentials",
            (origin, own) -> "https://app.example.com",
            true),
        cors(
            reflected, false, "public any origin without credentials", (origin, own) -> "*", false),
        cors(
            nullOrigin,
            true,
            "null allowed",
            (origin, own) -> origin.equals("null") ? "null" : "",
            true),
        cors(
            nullOrigin,
            false,
            "fixed trusted origin",
            (origin, own) -> "https://app.example.com",
            true));
  }

  private List<Site> sensitiveSites() {
    List<Site> sites = new ArrayList<>();
    List<String> atRoot = SENSITIVE_PATHS.stream().map(p -> "/" + p).toList();
    List<String> underApp = SENSITIVE_PATHS.stream().map(p -> "/app/" + p).toList();
    sites.add(
        new Site(
            SENSITIVE,
            SENSITIVE,
            true,
            "files at the root",
            false,
            "/",
            atRoot,
            server -> {
              home(server, "/");
              sensitiveFiles(server, "/");
            }));
    sites.add(
        new Site(
            SENSITIVE,
            SENSITIVE,
            true,
            "files under /app/",
            false,
            "/app/",
            underApp,
            server -> {
              home(server, "/app/");
              sensitiveFiles(server, "/app/");
            }));
    sites.add(
        new Site(
            SENSITIVE,
            SENSITIVE,
            false,
            "404 for absent files",
            false,
            "/",
            atRoot,
            server -> home(server, "/")));
    sites.add(
        soft404(
            "soft 404 page echoing the path",
            "/",
            e ->
                page(
                    e,
                    200,
                    "<h1>Page not found</h1><p>Sorry, "
                        + e.http().getRequestURI().getPath()
                        + " does not exist. The H2 Console, actuator and .env pages are not"
                        + " here.</p>")));
    sites.add(
        soft404(
            "soft 404 page echoing the path under /app/",
            "/app/",
            e ->
                page(
                    e,
                    200,
                    "<title>h2-console</title><p>No page at <b>"
                        + e.http().getRequestURI().getPath()
                        + "</b></p>")));
    sites.add(
        soft404(
            "soft 404 text echoing the path",
            "/",
            e -> text(e, "text/plain", "Not found: " + e.http().getRequestURI().getPath())));
    sites.add(
        soft404(
            "soft 404 key=value text",
            "/",
            e ->
                text(
                    e,
                    "text/plain",
                    "ERROR=not_found\nPATH=" + e.http().getRequestURI().getPath() + "\n")));
    sites.add(
        soft404(
            "soft 404 JSON echoing the path",
            "/",
            e ->
                text(
                    e,
                    "application/json",
                    "{\"error\":\"not found\",\"path\":\""
                        + e.http().getRequestURI().getPath()
                        + "\",\"propertySources\":[]}")));
    sites.add(
        soft404(
            "single-page app answering every path",
            "/",
            e -> page(e, 200, "<div id=\"app\">Loading the shop...</div>")));
    return sites;
  }

  private Site soft404(String name, String start, TestServer.Handler handler) {
    List<String> paths = SENSITIVE_PATHS.stream().map(p -> start + p).toList();
    return new Site(
        SENSITIVE,
        SENSITIVE,
        false,
        name,
        false,
        start,
        paths,
        server -> {
          home(server, start);
          server.fallback(handler);
        });
  }

  private void sensitiveFiles(TestServer server, String base) {
    server.route(base + ".git/HEAD", e -> text(e, "text/plain", "ref: refs/heads/main\n"));
    server.route(
        base + ".git/config",
        e ->
            text(
                e,
                "text/plain",
                """
                [core]
                \trepositoryformatversion = 0
                \tfilemode = true
                \tbare = false
                [remote "origin"]
                \turl = git@example.com:shop/shop.git
                """));
    server.route(
        base + ".env",
        e -> text(e, "text/plain", "DB_URL=postgres://db/shop\nDB_PASSWORD=hunter2\n"));
    server.route(
        base + "actuator/env",
        e ->
            text(
                e,
                "application/vnd.spring-boot.actuator.v3+json",
                "{\"activeProfiles\":[\"prod\"],\"propertySources\":[{\"name\":\"systemProperties\""
                    + ",\"properties\":{}}]}"));
    server.route(
        base + "actuator/heapdump",
        e -> text(e, "application/octet-stream", "JAVA PROFILE 1.0.2\u0000\u0000\u0000\u0008"));
    server.routePrefix(base + "h2-console/", this::proxyToH2Console);
    server.route(base + ".svn/entries", e -> text(e, "text/plain", "12\n"));
    server.route(
        base + "backup.sql",
        e ->
            text(
                e,
                "application/sql",
                """
                -- MySQL dump 10.13

                CREATE TABLE `users` (
                  `id` int NOT NULL
                );
                INSERT INTO `users` VALUES (1);
                """));
    server.route(
        base + "dump.sql",
        e ->
            text(
                e,
                "text/plain",
                "--\n-- PostgreSQL database dump\n--\n\nCREATE TABLE public.orders (\n    id"
                    + " integer NOT NULL\n);\n"));
    server.route(
        base + "backup.zip",
        e -> text(e, "application/zip", "PK\u0003\u0004\u0014\u0000\u0000\u0000\u0008\u0000"));
    server.route(
        base + ".DS_Store",
        e ->
            text(
                e,
                "application/octet-stream",
                "\u0000\u0000\u0000\u0001Bud1\u0000\u0000\u0010\u0000\u0000\u0000\u0008"));
  }

  /** The real H2 web console, as Spring Boot serves it under {@code h2-console/}. */
  private void proxyToH2Console(Exchange exchange) throws IOException {
    URI uri = URI.create("http://127.0.0.1:" + h2Console.getPort() + "/");
    try {
      HttpResponse<String> response =
          proxy.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString());
      text(exchange, "text/html", response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static Site headers(
      String rule, boolean vulnerable, String name, boolean https, Map<String, String> changes) {
    return new Site(
        rule,
        rule,
        vulnerable,
        name,
        https,
        "/",
        List.of(),
        server -> {
          server.route("/", e -> page(e, 200, changes, https, "<a href=\"/about\">About</a>"));
          server.route("/about", e -> page(e, 200, changes, https, "<p>About the shop</p>"));
        });
  }

  private static Site content(
      String rule, boolean vulnerable, String name, int status, String body) {
    return content(rule, vulnerable, name, status, body, false);
  }

  private static Site content(
      String rule, boolean vulnerable, String name, int status, String body, boolean whole) {
    return new Site(
        rule,
        rule,
        vulnerable,
        name,
        false,
        "/",
        List.of("/files/"),
        server -> {
          home(server, "/");
          server.route(
              "/files/",
              e -> {
                if (whole) {
                  harden(e, Map.of(), false);
                  e.send(status, "text/html", body);
                } else {
                  page(e, status, body);
                }
              });
        });
  }

  /** The {@code Access-Control-Allow-Origin} for a request's origin, given the site's own. */
  private interface AllowedOrigin {
    String allowed(String origin, String own);
  }

  private static Site cors(
      String rule, boolean vulnerable, String name, AllowedOrigin policy, boolean credentials) {
    return new Site(
        rule,
        rule,
        vulnerable,
        name,
        false,
        "/",
        List.of(),
        server ->
            server.route(
                "/",
                e -> {
                  String origin = e.header("Origin");
                  String own = "http://" + e.header("Host");
                  String allowed = origin.isEmpty() ? "" : policy.allowed(origin, own);
                  if (!allowed.isEmpty()) {
                    e.responseHeader("Access-Control-Allow-Origin", allowed);
                    if (credentials) {
                      e.responseHeader("Access-Control-Allow-Credentials", "true");
                    }
                    e.responseHeader("Vary", "Origin");
                  }
                  page(e, 200, "<p>Orders</p>");
                }));
  }

  private static void home(TestServer server, String start) {
    server.route(start, e -> page(e, 200, "<a href=\"" + start + "files/\">Files</a>"));
  }

  private static void page(Exchange e, int status, String body) throws IOException {
    page(e, status, Map.of(), false, body);
  }

  private static void page(
      Exchange e, int status, Map<String, String> changes, boolean https, String body)
      throws IOException {
    harden(e, changes, https);
    e.send(
        status,
        "text/html",
        "<!DOCTYPE html><html><head><title>Shop</title></head><body>" + body + "</body></html>");
  }

  private static void harden(Exchange e, Map<String, String> changes, boolean https) {
    Map<String, String> headers = new LinkedHashMap<>(HARDENED);
    if (https) {
      headers.put("Strict-Transport-Security", HSTS);
    }
    headers.putAll(changes);
    headers.forEach(
        (name, value) -> {
          if (!value.isEmpty()) {
            e.responseHeader(name, value);
          }
        });
  }

  private static void text(Exchange e, String contentType, String body) throws IOException {
    harden(e, Map.of(), false);
    e.send(200, contentType, body);
  }

  private static String javaStackTrace() {
    StringWriter trace = new StringWriter();
    try {
      Integer.parseInt("x");
    } catch (NumberFormatException e) {
      e.printStackTrace(new PrintWriter(trace));
    }
    return trace.toString().replace("<", "&lt;");
  }

  /** The message of a real H2 syntax error. */
  private static String h2Error() {
    try (Connection connection = DriverManager.getConnection("jdbc:h2:mem:passive-sites");
        Statement statement = connection.createStatement()) {
      statement.execute("SELECT * FROM orders WHERE id = 'x''");
      throw new IllegalStateException("H2 accepted a broken statement");
    } catch (SQLException e) {
      return e.toString().replace("<", "&lt;");
    }
  }

  @Override
  public void close() {
    servers.forEach(TestServer::close);
    h2Console.stop();
    proxy.close();
  }
}
