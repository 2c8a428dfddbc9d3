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
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Content-Security-Policy on HTML pages: missing, or weakened by {@code 'unsafe-inline'}, {@code
 * 'unsafe-eval'} or wildcard script sources. A report-only policy does not count.
 */
public final class CspCheck implements PassiveCheck {
  static final Rule MISSING =
      Rule.perSite(
          "csp-missing",
          "Content-Security-Policy header missing",
          Severity.MEDIUM,
          693,
          "Send a Content-Security-Policy that restricts script-src (and default-src) to the"
              + " sources the application needs.");
  static final Rule UNSAFE_INLINE =
      Rule.perSite(
          "csp-unsafe-inline",
          "Content-Security-Policy allows inline script",
          Severity.MEDIUM,
          693,
          "Remove 'unsafe-inline' from script-src; use nonces or hashes for the inline scripts"
              + " that must stay.");
  static final Rule UNSAFE_EVAL =
      Rule.perSite(
          "csp-unsafe-eval",
          "Content-Security-Policy allows eval",
          Severity.LOW,
          693,
          "Remove 'unsafe-eval' from script-src and stop using eval-like functions.");
  static final Rule WILDCARD =
      Rule.perSite(
          "csp-wildcard-source",
          "Content-Security-Policy allows scripts from any host",
          Severity.MEDIUM,
          693,
          "List the exact script hosts instead of *, https://*, http:, https: or data:.");

  /** A source that names every host: {@code https://*}, {@code http://*:*}, {@code *:443}. */
  private static final Pattern ANY_HOST =
      Pattern.compile("([a-z][a-z0-9+.-]{0,20}://)?\\*(:(\\*|\\d{1,5}))?/?");

  @Override
  public List<Rule> rules() {
    return List.of(MISSING, UNSAFE_INLINE, UNSAFE_EVAL, WILDCARD);
  }

  @Override
  public List<Finding> inspect(Response response) {
    if (!response.isHtml() || response.status() >= 300) {
      return List.of();
    }
    List<Map<String, List<String>>> policies = policies(response);
    if (policies.isEmpty()) {
      return List.of(
          EvidenceText.siteFinding(
              MISSING, Confidence.HIGH, response, "", "no Content-Security-Policy header"));
    }
    String detail =
        "Content-Security-Policy: "
            + String.join(", ", response.headerValues("Content-Security-Policy"));
    List<Finding> findings = new ArrayList<>();
    // a browser enforces every policy: a script runs only when each of them allows it
    if (everyAllows(policies, CspCheck::allowsInline)
        && policies.stream().anyMatch(p -> !unrestricted(p))) {
      findings.add(EvidenceText.siteFinding(UNSAFE_INLINE, Confidence.HIGH, response, "", detail));
    }
    if (everyAllows(policies, sources -> sources.contains("'unsafe-eval'"))
        && policies.stream().anyMatch(p -> !unrestricted(p))) {
      findings.add(EvidenceText.siteFinding(UNSAFE_EVAL, Confidence.HIGH, response, "", detail));
    }
    if (everyAllows(policies, sources -> sources.stream().anyMatch(CspCheck::isWildcard))) {
      findings.add(EvidenceText.siteFinding(WILDCARD, Confidence.HIGH, response, "", detail));
    }
    return findings;
  }

  /**
   * The enforced policies of {@code response}: every {@code Content-Security-Policy} header, each
   * of which may hold several policies separated by commas.
   */
  static List<Map<String, List<String>>> policies(Response response) {
    List<Map<String, List<String>>> policies = new ArrayList<>();
    for (String header : response.headerValues("Content-Security-Policy")) {
      for (String policy : header.split(",", 20)) {
        if (!policy.isBlank()) {
          policies.add(directives(policy));
        }
      }
    }
    return policies;
  }

  /**
   * Whether every policy lets scripts through as {@code weak} says of its script sources, a policy
   * without {@code script-src} and {@code default-src} letting every script through.
   */
  private static boolean everyAllows(
      List<Map<String, List<String>>> policies, Predicate<List<String>> weak) {
    return policies.stream().allMatch(p -> unrestricted(p) || weak.test(scriptSources(p)));
  }

  private static boolean unrestricted(Map<String, List<String>> policy) {
    return !policy.containsKey("script-src") && !policy.containsKey("default-src");
  }

  private static List<String> scriptSources(Map<String, List<String>> policy) {
    return policy.getOrDefault("script-src", policy.getOrDefault("default-src", List.of()));
  }

  private static boolean allowsInline(List<String> sources) {
    boolean nonceOrHash =
        sources.stream().anyMatch(s -> s.startsWith("'nonce-") || s.startsWith("'sha"));
    return sources.contains("'unsafe-inline'") && !nonceOrHash;
  }

  private static boolean isWildcard(String source) {
    return source.equals("*")
        || source.equals("http:")
        || source.equals("https:")
        || source.equals("data:")
        || ANY_HOST.matcher(source).matches();
  }

  /** The directives of a policy, names and sources in lower case; the first of a name wins. */
  static Map<String, List<String>> directives(String policy) {
    Map<String, List<String>> directives = new HashMap<>();
    for (String directive : policy.split(";", 100)) {
      List<String> tokens =
          List.of(directive.strip().toLowerCase(Locale.ROOT).split("\\s+", 200)).stream()
              .filter(t -> !t.isEmpty())
              .toList();
      if (!tokens.isEmpty()) {
        directives.putIfAbsent(tokens.get(0), tokens.subList(1, tokens.size()));
      }
    }
    return directives;
  }
}
