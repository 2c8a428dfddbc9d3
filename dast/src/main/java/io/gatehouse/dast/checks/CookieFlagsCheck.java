package io.gatehouse.dast.checks;

import io.gatehouse.dast.findings.Confidence;
import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Rule;
import io.gatehouse.dast.findings.Severity;
import io.gatehouse.dast.http.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The flags of the cookies a site sets: {@code Secure} (on HTTPS), {@code HttpOnly}, {@code
 * SameSite} ({@code None} needs {@code Secure}). A cookie being deleted is not judged.
 */
public final class CookieFlagsCheck implements PassiveCheck {
  static final Rule NO_SECURE =
      Rule.perSite(
          "cookie-without-secure",
          "Cookie without the Secure flag",
          Severity.MEDIUM,
          614,
          "Set the Secure attribute on every cookie of an HTTPS site.");
  static final Rule NO_HTTPONLY =
      Rule.perSite(
          "cookie-without-httponly",
          "Cookie without the HttpOnly flag",
          Severity.LOW,
          1004,
          "Set the HttpOnly attribute on cookies that scripts do not need to read.");
  static final Rule NO_SAMESITE =
      Rule.perSite(
          "cookie-without-samesite",
          "Cookie without a safe SameSite attribute",
          Severity.LOW,
          1275,
          "Set SameSite=Lax or Strict; SameSite=None only together with Secure.");

  @Override
  public List<Rule> rules() {
    return List.of(NO_SECURE, NO_HTTPONLY, NO_SAMESITE);
  }

  @Override
  public List<Finding> inspect(Response response) {
    boolean https = "https".equalsIgnoreCase(response.uri().getScheme());
    List<Finding> findings = new ArrayList<>();
    for (String setCookie : response.headerValues("Set-Cookie")) {
      int equals = setCookie.indexOf('=');
      if (equals <= 0) {
        continue;
      }
      String name = setCookie.substring(0, equals).strip();
      Map<String, String> attributes = attributes(setCookie);
      if (isDeletion(setCookie, attributes)) {
        continue;
      }
      String detail = "Set-Cookie: " + name + "=…" + attributesText(setCookie);
      if (https && !attributes.containsKey("secure")) {
        findings.add(EvidenceText.siteFinding(NO_SECURE, Confidence.HIGH, response, name, detail));
      }
      if (!attributes.containsKey("httponly")) {
        findings.add(
            EvidenceText.siteFinding(NO_HTTPONLY, Confidence.HIGH, response, name, detail));
      }
      String sameSite = attributes.getOrDefault("samesite", "");
      if (sameSite.isEmpty() || (sameSite.equals("none") && !attributes.containsKey("secure"))) {
        findings.add(
            EvidenceText.siteFinding(NO_SAMESITE, Confidence.HIGH, response, name, detail));
      }
    }
    return findings;
  }

  private static Map<String, String> attributes(String setCookie) {
    Map<String, String> attributes = new HashMap<>();
    String[] parts = setCookie.split(";", 50);
    for (int i = 1; i < parts.length; i++) {
      String part = parts[i].strip();
      int equals = part.indexOf('=');
      String key = (equals < 0 ? part : part.substring(0, equals)).strip().toLowerCase(Locale.ROOT);
      String value = equals < 0 ? "" : part.substring(equals + 1).strip().toLowerCase(Locale.ROOT);
      attributes.putIfAbsent(key, value);
    }
    return attributes;
  }

  private static boolean isDeletion(String setCookie, Map<String, String> attributes) {
    String value = setCookie.substring(setCookie.indexOf('=') + 1).split(";", 2)[0].strip();
    return value.isEmpty() || attributes.getOrDefault("max-age", "1").equals("0");
  }

  /** The attributes of a Set-Cookie header, without its value (which may be a secret). */
  private static String attributesText(String setCookie) {
    int semicolon = setCookie.indexOf(';');
    return semicolon < 0 ? "" : setCookie.substring(semicolon);
  }
}
