package io.gatehouse.dast.checks;

import io.gatehouse.dast.findings.Confidence;
import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Rule;
import io.gatehouse.dast.findings.Severity;
import io.gatehouse.dast.http.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The security headers of HTML pages besides CSP and HSTS: {@code X-Content-Type-Options}, framing
 * protection ({@code frame-ancestors} or {@code X-Frame-Options}) and {@code Referrer-Policy}.
 */
public final class SecurityHeadersCheck implements PassiveCheck {
  static final Rule NO_SNIFF =
      Rule.perSite(
          "x-content-type-options-missing",
          "X-Content-Type-Options: nosniff missing",
          Severity.LOW,
          693,
          "Send X-Content-Type-Options: nosniff with every response.");
  static final Rule CLICKJACKING =
      Rule.perSite(
          "clickjacking",
          "Page can be framed by other sites",
          Severity.MEDIUM,
          1021,
          "Send Content-Security-Policy: frame-ancestors 'self' (or 'none'), or X-Frame-Options:"
              + " DENY.");
  static final Rule REFERRER =
      Rule.perSite(
          "referrer-policy-missing",
          "Referrer-Policy missing",
          Severity.INFO,
          200,
          "Send Referrer-Policy: strict-origin-when-cross-origin (or stricter).");

  /** Framing sources that let any site frame the page. */
  private static final Set<String> ANY_SITE = Set.of("*", "http:", "https:");

  @Override
  public List<Rule> rules() {
    return List.of(NO_SNIFF, CLICKJACKING, REFERRER);
  }

  @Override
  public List<Finding> inspect(Response response) {
    if (!response.isHtml() || response.status() >= 300) {
      return List.of();
    }
    List<Finding> findings = new ArrayList<>();
    if (!response.header("X-Content-Type-Options").orElse("").strip().equalsIgnoreCase("nosniff")) {
      findings.add(
          EvidenceText.siteFinding(
              NO_SNIFF, Confidence.HIGH, response, "", "X-Content-Type-Options is not nosniff"));
    }
    if (!framingProtected(response)) {
      findings.add(
          EvidenceText.siteFinding(
              CLICKJACKING,
              Confidence.MEDIUM,
              response,
              "",
              "no CSP frame-ancestors that keeps other sites out, nor X-Frame-Options DENY/SAMEORIGIN"));
    }
    if (response.header("Referrer-Policy").isEmpty()) {
      findings.add(
          EvidenceText.siteFinding(REFERRER, Confidence.HIGH, response, "", "no Referrer-Policy"));
    }
    return findings;
  }

  private static boolean framingProtected(Response response) {
    boolean anyAncestors = false;
    for (Map<String, List<String>> policy : CspCheck.policies(response)) {
      List<String> ancestors = policy.get("frame-ancestors");
      if (ancestors != null) {
        anyAncestors = true;
        if (ancestors.stream().noneMatch(ANY_SITE::contains)) {
          return true;
        }
      }
    }
    if (anyAncestors) {
      return false;
    }
    String frameOptions =
        response.header("X-Frame-Options").orElse("").strip().toUpperCase(Locale.ROOT);
    return frameOptions.equals("DENY") || frameOptions.equals("SAMEORIGIN");
  }
}
