package io.gatehouse.dast.findings;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
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

  /**
   * A stable identity of this finding across scans: 32 hex digits of a SHA-256 over the rule id,
   * the method, the normalised URL and the parameter. The URL is normalised to lower-case scheme
   * and host, no default port, no fragment, and the sorted query parameter names without their
   * values; for per-site rules it is the site ({@code scheme://host:port}) alone.
   */
  public String fingerprint() {
    String text = rule.id() + "\n" + method + "\n" + normalisedUrl() + "\n" + parameter;
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  /** The URL as the fingerprint sees it. */
  String normalisedUrl() {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      return url;
    }
    if (uri.getScheme() == null || uri.getHost() == null) {
      return url;
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    boolean defaultPort =
        port == -1
            || (scheme.equals("http") && port == 80)
            || (scheme.equals("https") && port == 443);
    String site =
        scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    if (rule.perSite()) {
      return site;
    }
    String path = uri.normalize().getRawPath();
    return site + (path == null || path.isEmpty() ? "/" : path) + queryNames(uri.getRawQuery());
  }

  private static String queryNames(String query) {
    if (query == null || query.isEmpty()) {
      return "";
    }
    return "?"
        + String.join(
            "&",
            Arrays.stream(query.split("&"))
                .map(pair -> pair.split("=", 2)[0])
                .sorted()
                .distinct()
                .toList());
  }

  /** The severity of its rule. */
  public Severity severity() {
    return rule.severity();
  }

  /** {@code text} cut to at most {@code max} characters, marking the cut. */
  public static String clip(String text, int max) {
    return text.length() <= max ? text : text.substring(0, boundary(text, max)) + "…";
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
    int from = boundary(body, Math.max(0, at - 120));
    int to = boundary(body, Math.min(body.length(), at + needle.length() + 200));
    return (from > 0 ? "…" : "") + body.substring(from, to) + (to < body.length() ? "…" : "");
  }

  /** {@code index}, moved back by one when it would split a surrogate pair of {@code text}. */
  private static int boundary(String text, int index) {
    return index > 0
            && index < text.length()
            && Character.isHighSurrogate(text.charAt(index - 1))
            && Character.isLowSurrogate(text.charAt(index))
        ? index - 1
        : index;
  }
}
