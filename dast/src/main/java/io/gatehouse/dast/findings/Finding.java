package io.gatehouse.dast.findings;

import java.util.Objects;
import java.util.Optional;

/**
 * One thing wrong with the target.
 *
 * @param rule the rule it breaks
 * @param confidence how sure the scanner is
 * @param url where (the URL requested, without the attack)
 * @param method the HTTP method
 * @param parameter the parameter or header or cookie name, empty for none
 * @param evidence what shows it: the request sent and an excerpt of the answer
 */
public record Finding(
    Rule rule,
    Confidence confidence,
    String url,
    String method,
    String parameter,
    Evidence evidence) {
  /** The longest excerpt of a response body kept as evidence. */
  public static final int EXCERPT_CHARS = 400;

  /** The longest request, response and detail texts of evidence. */
  static final int REQUEST_CHARS = 1_000;

  static final int RESPONSE_CHARS = 2_000;

  public Finding {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(confidence, "confidence");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(parameter, "parameter");
    Objects.requireNonNull(evidence, "evidence");
  }

  /** The request sent and what in the answer shows the problem. */
  public record Evidence(String request, String response, String detail) {
    public Evidence {
      request = clip(request, REQUEST_CHARS);
      response = clip(response, RESPONSE_CHARS);
      detail = clip(detail, EXCERPT_CHARS);
    }
  }

  /** The parameter, when the finding is about one. */
  public Optional<String> parameterName() {
    return parameter.isEmpty() ? Optional.empty() : Optional.of(parameter);
  }

  /** The severity of its rule. */
  public Severity severity() {
    return rule.severity();
  }

  /** {@code text} cut to at most {@code max} characters, marking the cut. */
  public static String clip(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "…";
  }

  /**
   * An excerpt of {@code body} around the first occurrence of {@code needle}, or its start when the
   * needle is not in it.
   */
  public static String excerpt(String body, String needle) {
    int at = needle.isEmpty() ? -1 : body.indexOf(needle);
    if (at < 0) {
      return clip(body, EXCERPT_CHARS);
    }
    int from = Math.max(0, at - 120);
    int to = Math.min(body.length(), at + needle.length() + 200);
    return (from > 0 ? "…" : "") + body.substring(from, to) + (to < body.length() ? "…" : "");
  }
}
