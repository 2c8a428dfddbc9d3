package io.gatehouse.dast.checks;

import io.gatehouse.dast.checks.ReflectionContexts.Context;
import io.gatehouse.dast.findings.Confidence;
import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Rule;
import io.gatehouse.dast.findings.Severity;
import io.gatehouse.dast.http.Response;
import io.gatehouse.dast.http.ScanHttpClient;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Reflected cross-site scripting. A harmless unique marker finds where the input is reflected (HTML
 * text, attribute, URL attribute, script, comment); payloads for those contexts only are sent, and
 * a finding needs the page, parsed as a browser parses it, to contain what the payload injected: an
 * element or attribute named by the marker, a {@code javascript:} URL, or a statement outside any
 * script string. A string match alone never counts.
 */
public final class ReflectedXssCheck implements ActiveCheck {
  static final Rule RULE =
      Rule.of(
          "xss-reflected",
          "Reflected cross-site scripting",
          Severity.HIGH,
          79,
          "Encode output for its context (HTML text, attribute, JavaScript string, URL) with the"
              + " template engine's auto-escaping, and validate URL schemes; add a strict CSP.");

  @Override
  public Rule rule() {
    return RULE;
  }

  @Override
  public Optional<Finding> test(InjectionPoint point, ScanHttpClient client) throws IOException {
    String marker = Markers.next();
    Response probe = client.follow(point.with(marker));
    if (!probe.isHtml() || !probe.body().contains(marker)) {
      return Optional.empty();
    }
    Set<Context> contexts = ReflectionContexts.of(probe.body(), marker);
    for (Context context : contexts) {
      for (String payload : payloads(context, marker)) {
        Response response = client.follow(point.with(payload));
        Optional<String> proof = injected(response, marker);
        if (proof.isPresent()) {
          return Optional.of(
              point.finding(
                  RULE,
                  Confidence.CONFIRMED,
                  response,
                  marker,
                  "reflected in " + context.name().toLowerCase(Locale.ROOT) + "; " + proof.get()));
        }
      }
    }
    return Optional.empty();
  }

  /** The payloads that break out of {@code context}. */
  static List<String> payloads(Context context, String m) {
    return switch (context) {
      case TEXT -> List.of("<" + m + " x=1>", "<" + m + ">");
      case RCDATA -> List.of("</textarea></title><" + m + ">");
      case COMMENT -> List.of("--><" + m + ">");
      case ATTRIBUTE_DOUBLE -> List.of("\" " + m + "=1 x=\"", "\"><" + m + ">");
      case ATTRIBUTE_SINGLE -> List.of("' " + m + "=1 x='", "'><" + m + ">");
      case ATTRIBUTE_UNQUOTED -> List.of("x " + m + "=1", "x><" + m + ">");
      case URL_ATTRIBUTE -> List.of("javascript:" + m + "(1)", "\" " + m + "=1 x=\"");
      case SCRIPT_CODE -> List.of(";" + m + "=1;//", "</script><" + m + ">");
      case SCRIPT_STRING_DOUBLE -> List.of("\";" + m + "=1;//", "</script><" + m + ">");
      case SCRIPT_STRING_SINGLE -> List.of("';" + m + "=1;//", "</script><" + m + ">");
      case SCRIPT_TEMPLATE -> List.of("${" + m + "=1}", "`;" + m + "=1;//", "</script><" + m + ">");
    };
  }

  /** What in the parsed page proves the marker was injected as markup or code, if anything. */
  static Optional<String> injected(Response response, String marker) {
    if (!response.isHtml() || !response.body().contains(marker)) {
      return Optional.empty();
    }
    Document document = Jsoup.parse(response.body());
    for (Element element : document.getAllElements()) {
      if (element.tagName().equals(marker)) {
        return Optional.of("injected element <" + marker + ">");
      }
      for (Attribute attribute : element.attributes()) {
        if (attribute.getKey().equalsIgnoreCase(marker)) {
          return Optional.of("injected attribute " + marker + " on <" + element.tagName() + ">");
        }
        String value = attribute.getValue().strip().toLowerCase(Locale.ROOT);
        if (value.startsWith("javascript:" + marker)) {
          return Optional.of("injected javascript: URL in " + attribute.getKey());
        }
      }
      if (element.tagName().equals("script") && executesMarker(element.data(), marker)) {
        return Optional.of("injected statement " + marker + "=1 in a script");
      }
    }
    return Optional.empty();
  }

  private static boolean executesMarker(String code, String marker) {
    String statement = marker + "=1";
    int from = 0;
    while (true) {
      int at = code.indexOf(statement, from);
      if (at < 0) {
        return false;
      }
      boolean inTemplateExpression = at >= 2 && code.startsWith("${", at - 2);
      char quote = ReflectionContexts.jsQuoteAt(code, 0, at);
      if (quote == 0 || (quote == '`' && inTemplateExpression)) {
        return true;
      }
      from = at + statement.length();
    }
  }
}
