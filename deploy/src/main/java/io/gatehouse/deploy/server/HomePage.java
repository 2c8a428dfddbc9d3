package io.gatehouse.deploy.server;

import io.gatehouse.deploy.persistence.Installation;

/** The small HTML page at {@code /}: what this server is and where to go from here. */
final class HomePage {
  /** A strict policy: the page loads nothing but its own stylesheet. */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none';"
          + " frame-ancestors 'none'";

  static final String STYLESHEET =
      """
      body { font-family: system-ui, sans-serif; max-width: 44rem; margin: 3rem auto;
             padding: 0 1rem; color: #1f2328; line-height: 1.5; }
      h1 { margin-bottom: 0; }
      .tagline { color: #59636e; margin-top: .25rem; }
      dl { display: grid; grid-template-columns: max-content auto; gap: .25rem 1rem; }
      dt { font-weight: 600; }
      code { background: #f6f8fa; padding: .1rem .3rem; border-radius: 4px; }
      """;

  static final String FAVICON =
      """
      <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16">      <path d="M2 15V6l6-5 6 5v9h-4v-5H6v5z" fill="#1f6feb"/></svg>
      """;

  private HomePage() {}

  static String render(String version, String database, Installation installation) {
    return """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Gatehouse</title>
        <link rel="stylesheet" href="/assets/gatehouse.css">
        <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
        </head>
        <body>
        <main>
        <h1>Gatehouse</h1>
        <p class="tagline">Secure deployment control plane for Kubernetes</p>
        <dl>
        <dt>Version</dt><dd id="version">%s</dd>
        <dt>Database</dt><dd id="database">%s</dd>
        <dt>Installation</dt><dd id="installation"><code>%s</code></dd>
        </dl>
        <h2>Endpoints</h2>
        <ul id="links">
        <li><a href="/api/v1/version">API version</a> <code>/api/v1/version</code></li>
        <li><a href="/healthz">Liveness</a> <code>/healthz</code></li>
        <li><a href="/readyz">Readiness</a> <code>/readyz</code></li>
        <li><a href="/metrics">Prometheus metrics</a> <code>/metrics</code></li>
        </ul>
        </main>
        </body>
        </html>
        """
        .formatted(escape(version), escape(database), escape(installation.id().toString()));
  }

  private static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
