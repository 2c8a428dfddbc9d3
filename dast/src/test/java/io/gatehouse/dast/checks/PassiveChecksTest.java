package io.gatehouse.dast.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.gatehouse.dast.findings.Finding;
import java.util.List;
import org.junit.jupiter.api.Test;

class PassiveChecksTest {
  private static final String[] GOOD_HEADERS = {
    "Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options", "nosniff",
    "Referrer-Policy", "no-referrer",
    "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
  };

  private static List<String> ids(List<Finding> findings) {
    return findings.stream()
        .map(f -> f.rule().id() + (f.parameter().isEmpty() ? "" : ":" + f.parameter()))
        .toList();
  }

  @Test
  void csp_missing_reported() {
    assertThat(ids(new CspCheck().inspect(Responses.html("https://a/", "<p>x</p>"))))
        .containsExactly("csp-missing");
  }

  @Test
  void csp_unsafeInlineEvalAndWildcard_eachReported() {
    var response =
        Responses.html(
            "https://a/",
            "x",
            "Content-Security-Policy",
            "script-src 'self' 'unsafe-inline' 'unsafe-eval' https:");
    assertThat(ids(new CspCheck().inspect(response)))
        .containsExactlyInAnyOrder("csp-unsafe-inline", "csp-unsafe-eval", "csp-wildcard-source");
  }

  @Test
  void csp_unsafeInlineWithNonce_notReported() {
    var response =
        Responses.html(
            "https://a/", "x", "Content-Security-Policy", "script-src 'nonce-abc' 'unsafe-inline'");
    assertThat(new CspCheck().inspect(response)).isEmpty();
  }

  @Test
  void csp_anyHostSources_reportedAsWildcard_subdomainWildcardNot() {
    for (String source : List.of("https://*", "http://*:*", "*:443", "wss://*/")) {
      var response =
          Responses.html(
              "http://a/", "x", "Content-Security-Policy", "script-src 'self' " + source);
      assertThat(ids(new CspCheck().inspect(response))).as(source).contains("csp-wildcard-source");
    }
    var named =
        Responses.html(
            "http://a/", "x", "Content-Security-Policy", "script-src 'self' https://*.example.com");
    assertThat(ids(new CspCheck().inspect(named))).doesNotContain("csp-wildcard-source");
  }

  @Test
  void csp_twoPolicies_judgedAsTheBrowserEnforcesBoth() {
    String csp = "Content-Security-Policy";
    var proxyAndApp =
        Responses.html("http://a/", "x", csp, "frame-ancestors 'none'", csp, "script-src 'self'");
    assertThat(ids(new CspCheck().inspect(proxyAndApp))).isEmpty();
    var commaJoined =
        Responses.html(
            "http://a/", "x", csp, "script-src 'self' 'unsafe-inline' *, script-src 'self'");
    assertThat(ids(new CspCheck().inspect(commaJoined))).isEmpty();
    var bothWeak =
        Responses.html(
            "http://a/",
            "x",
            csp,
            "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
            csp,
            "frame-ancestors 'none'");
    assertThat(ids(new CspCheck().inspect(bothWeak)))
        .containsExactlyInAnyOrder("csp-unsafe-inline", "csp-unsafe-eval");
  }

  @Test
  void securityHeaders_frameAncestorsInASecondPolicy_protectsFromFraming() {
    String csp = "Content-Security-Policy";
    var response =
        Responses.html("http://a/", "x", csp, "script-src 'self'", csp, "frame-ancestors 'self'");
    assertThat(ids(new SecurityHeadersCheck().inspect(response))).doesNotContain("clickjacking");
  }

  @Test
  void csp_noScriptOrDefaultSrc_reportedAsWildcard() {
    var response =
        Responses.html("https://a/", "x", "Content-Security-Policy", "frame-ancestors 'none'");
    assertThat(ids(new CspCheck().inspect(response))).containsExactly("csp-wildcard-source");
  }

  @Test
  void securityHeaders_allPresent_nothingReported() {
    var response = Responses.html("https://a/", "x", GOOD_HEADERS);
    assertThat(new SecurityHeadersCheck().inspect(response)).isEmpty();
    assertThat(new CspCheck().inspect(response)).isEmpty();
    assertThat(new HstsCheck().inspect(response)).isEmpty();
  }

  @Test
  void securityHeaders_missing_eachReported() {
    assertThat(ids(new SecurityHeadersCheck().inspect(Responses.html("http://a/", "x"))))
        .containsExactlyInAnyOrder(
            "x-content-type-options-missing", "clickjacking", "referrer-policy-missing");
  }

  @Test
  void securityHeaders_xFrameOptionsDeny_protectsFromFraming() {
    var response = Responses.html("http://a/", "x", "X-Frame-Options", "DENY");
    assertThat(ids(new SecurityHeadersCheck().inspect(response))).doesNotContain("clickjacking");
  }

  @Test
  void securityHeaders_frameAncestorsAnySite_reportedEvenWithXFrameOptionsDeny() {
    for (String ancestors : List.of("*", "https:", "'self' http:")) {
      var response =
          Responses.html(
              "http://a/",
              "x",
              "Content-Security-Policy",
              "default-src 'self'; frame-ancestors " + ancestors,
              "X-Frame-Options",
              "DENY");
      assertThat(ids(new SecurityHeadersCheck().inspect(response)))
          .as(ancestors)
          .contains("clickjacking");
    }
  }

  @Test
  void securityHeaders_frameAncestorsNamedOrEmpty_protectsFromFraming() {
    for (String policy :
        List.of("frame-ancestors 'self' https://partner.example.com", "frame-ancestors")) {
      var response = Responses.html("http://a/", "x", "Content-Security-Policy", policy);
      assertThat(ids(new SecurityHeadersCheck().inspect(response)))
          .as(policy)
          .doesNotContain("clickjacking");
    }
  }

  @Test
  void hsts_onHttpsMissingOrShort_reported_onHttpIgnored() {
    assertThat(ids(new HstsCheck().inspect(Responses.html("https://a/", "x"))))
        .containsExactly("hsts-missing");
    assertThat(
            ids(
                new HstsCheck()
                    .inspect(
                        Responses.html(
                            "https://a/", "x", "Strict-Transport-Security", "max-age=600"))))
        .containsExactly("hsts-weak");
    assertThat(new HstsCheck().inspect(Responses.html("http://a/", "x"))).isEmpty();
  }

  @Test
  void cookies_missingFlags_reportedPerCookie_secretValueNotInEvidence() {
    var response =
        Responses.html(
            "https://a/",
            "x",
            "Set-Cookie",
            "session=s3cr3t-value; Path=/",
            "Set-Cookie",
            "prefs=dark; Secure; HttpOnly; SameSite=Lax",
            "Set-Cookie",
            "cross=1; HttpOnly; SameSite=None");
    List<Finding> findings = new CookieFlagsCheck().inspect(response);
    assertThat(ids(findings))
        .containsExactlyInAnyOrder(
            "cookie-without-secure:session",
            "cookie-without-httponly:session",
            "cookie-without-samesite:session",
            "cookie-without-secure:cross",
            "cookie-without-samesite:cross");
    assertThat(findings)
        .allSatisfy(f -> assertThat(f.evidence().detail()).doesNotContain("s3cr3t"));
  }

  @Test
  void cookies_deletion_notJudged() {
    var response = Responses.html("https://a/", "x", "Set-Cookie", "session=; Max-Age=0");
    assertThat(new CookieFlagsCheck().inspect(response)).isEmpty();
  }

  @Test
  void versionDisclosure_versionedServerAndPoweredBy_reported_bareNameNot() {
    var response =
        Responses.html(
            "http://a/", "x", "Server", "Apache/2.4.41 (Ubuntu)", "X-Powered-By", "PHP/8.1.2");
    assertThat(ids(new VersionDisclosureCheck().inspect(response)))
        .containsExactlyInAnyOrder("version-disclosure:Server", "version-disclosure:X-Powered-By");
    assertThat(
            new VersionDisclosureCheck()
                .inspect(Responses.html("http://a/", "x", "Server", "nginx")))
        .isEmpty();
  }

  @Test
  void versionDisclosure_viaProtocolVersionsOnly_notReported() {
    for (String via : List.of("1.1 varnish", "HTTP/1.1 vegur, 1.0 fred", "2 google", "1.1")) {
      assertThat(new VersionDisclosureCheck().inspect(Responses.html("http://a/", "x", "Via", via)))
          .as(via)
          .isEmpty();
    }
  }

  @Test
  void versionDisclosure_viaWithAProductVersion_reported() {
    for (String via : List.of("1.1 proxy (squid/4.13)", "1.1 varnish, 1.1 haproxy/2.8.5")) {
      assertThat(
              ids(
                  new VersionDisclosureCheck()
                      .inspect(Responses.html("http://a/", "x", "Via", via))))
          .as(via)
          .containsExactly("version-disclosure:Via");
    }
  }

  @Test
  void errorDisclosure_hugeWhitespaceAndNearMisses_finishQuickly() {
    String body =
        "\n".repeat(300_000)
            + " ".repeat(300_000)
            + "\n   at x".repeat(20_000)
            + "\n  from y".repeat(20_000);
    assertTimeoutPreemptively(
        java.time.Duration.ofSeconds(5),
        () ->
            assertThat(new ErrorDisclosureCheck().inspect(Responses.html("http://a/", body)))
                .isEmpty());
  }

  @Test
  void errorDisclosure_javaStackTraceAndDatabaseError_reported() {
    String body =
        "<pre>java.lang.IllegalStateException: boom\n\tat com.shop.Cart.add(Cart.java:42)\n"
            + "org.postgresql.util.PSQLException: ERROR: syntax error at or near \"'\"</pre>";
    assertThat(ids(new ErrorDisclosureCheck().inspect(Responses.html("http://a/x?id=1", body))))
        .containsExactlyInAnyOrder("stack-trace-disclosure", "database-error-disclosure");
  }

  @Test
  void errorDisclosure_ordinaryTextAboutErrors_notReported() {
    String body =
        "<p>If an error occurs, at home (see page 3) call support. SQL tutorials: SELECT * FROM t</p>";
    assertThat(new ErrorDisclosureCheck().inspect(Responses.html("http://a/", body))).isEmpty();
  }

  @Test
  void directoryListing_tomcatBracketedAndJettyTitles_reported() {
    for (String title : List.of("Directory Listing For [/files/]", "Directory: /files/")) {
      assertThat(
              new DirectoryListingCheck()
                  .inspect(Responses.html("http://a/files/", "<title>" + title + "</title>")))
          .as(title)
          .hasSize(1);
    }
  }

  @Test
  void directoryListing_apacheAndPythonListings_reported() {
    assertThat(
            new DirectoryListingCheck()
                .inspect(
                    Responses.html(
                        "http://a/files/", "<html><head><title>Index of /files</title></head>")))
        .hasSize(1);
    assertThat(
            new DirectoryListingCheck()
                .inspect(Responses.html("http://a/f/", "<title>Directory listing for /f/</title>")))
        .hasSize(1);
    assertThat(
            new DirectoryListingCheck()
                .inspect(Responses.html("http://a/", "<title>Index of products</title>")))
        .isEmpty();
  }

  @Test
  void databaseErrors_signatureOfEachDatabase_recognised() {
    assertThat(DatabaseErrors.find("You have an error in your SQL syntax; check the manual"))
        .hasValueSatisfying(m -> assertThat(m.database()).isEqualTo("MySQL"));
    assertThat(DatabaseErrors.find("org.h2.jdbc.JdbcSQLSyntaxErrorException: Syntax error"))
        .hasValueSatisfying(m -> assertThat(m.database()).isEqualTo("H2"));
    assertThat(DatabaseErrors.find("ORA-01756: quoted string not properly terminated"))
        .hasValueSatisfying(m -> assertThat(m.database()).isEqualTo("Oracle"));
    assertThat(DatabaseErrors.find("Unclosed quotation mark after the character string ''."))
        .hasValueSatisfying(m -> assertThat(m.database()).isEqualTo("SQL Server"));
    assertThat(DatabaseErrors.find("sqlite3.OperationalError: unrecognized token: \"'\""))
        .hasValueSatisfying(m -> assertThat(m.database()).isEqualTo("SQLite"));
    assertThat(DatabaseErrors.find("org.hsqldb.HsqlException: unexpected token"))
        .hasValueSatisfying(m -> assertThat(m.database()).isEqualTo("HSQLDB"));
    assertThat(DatabaseErrors.find("ERROR:  unterminated quoted string at or near \"'\""))
        .hasValueSatisfying(m -> assertThat(m.database()).isEqualTo("PostgreSQL"));
  }
}
