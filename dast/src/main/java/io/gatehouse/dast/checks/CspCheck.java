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
import java.util.Optional;
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
    Optional<String> header = response.header("Content-Security-Policy");
    if (header.isEmpty() || header.get().isBlank()) {
      return List.of(
          EvidenceText.siteFinding(
              MISSING, Confidence.HIGH, response, "", "no Content-Security-Policy header"));
    }
    Map<String, List<String>> directives = directives(header.get());
    List<String> scriptSources =
        directives.getOrDefault("script-src", directives.getOrDefault("default-src", List.of()));
    List<Finding> findings = new ArrayList<>();
    String detail = "Content-Security-Policy: " + header.get();
    boolean hasNonceOrHash =
        scriptSources.stream().anyMatch(s -> s.startsWith("'nonce-") || s.startsWith("'sha"));
    if (scriptSources.contains("'unsafe-inline'") && !hasNonceOrHash) {
      findings.add(EvidenceText.siteFinding(UNSAFE_INLINE, Confidence.HIGH, response, "", detail));
    }
    if (scriptSources.contains("'unsafe-eval'")) {
      findings.add(EvidenceText.siteFinding(UNSAFE_EVAL, Confidence.HIGH, response, "", detail));
    }
    if ((!directives.containsKey("script-src") && !directives.containsKey("default-src"))
        || scriptSources.stream().anyMatch(CspCheck::isWildcard)) {
      findings.add(EvidenceText.siteFinding(WILDCARD, Confidence.HIGH, response, "", detail));
    }
    return findings;
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
