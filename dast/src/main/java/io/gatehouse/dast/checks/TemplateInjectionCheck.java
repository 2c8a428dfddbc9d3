package io.gatehouse.dast.checks;

import io.gatehouse.dast.findings.Confidence;
import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Rule;
import io.gatehouse.dast.findings.Severity;
import io.gatehouse.dast.http.Response;
import io.gatehouse.dast.http.ScanHttpClient;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Server-side template injection. The value gets a multiplication of two random numbers in the
 * expression syntax of common engines (Jinja2, Twig, Nunjucks, Handlebars-like {@code {{ }}};
 * FreeMarker, Thymeleaf, JSP EL, Velocity {@code ${ }}; ERB, EJS {@code <%= %>}; Ruby and JSF
 * {@code #{ }}; Smarty {@code { }}; Razor {@code @( )}) after the value, when the value is shown in
 * the page at all (a harmless marker first); the product appearing in the page, absent from the
 * original, shows the engine evaluated it (plain or grouped by thousands, as engines print numbers
 * by locale). A second multiplication in the same syntax confirms it. A page that echoes the
 * payload shows the expression, never the product.
 */
public final class TemplateInjectionCheck implements ActiveCheck {
  static final Rule RULE =
      Rule.of(
          "template-injection",
          "Server-side template injection",
          Severity.HIGH,
          1336,
          "Never build a template from input: pass input to a fixed template as data, and use the"
              + " engine's sandbox or logic-less mode where it has one.");

  /** An expression syntax: what comes before and after {@code a*b}. */
  record Syntax(String open, String close) {
    String of(long a, long b) {
      return open + a + "*" + b + close;
    }
  }

  static final List<Syntax> SYNTAXES =
      List.of(
          new Syntax("{{", "}}"),
          new Syntax("${", "}"),
          new Syntax("<%= ", " %>"),
          new Syntax("#{", "}"),
          new Syntax("{", "}"),
          new Syntax("@(", ")"),
          new Syntax("*{", "}"),
          new Syntax("#set($gh=", ")${gh}"));

  @Override
  public Rule rule() {
    return RULE;
  }

  @Override
  public Optional<Finding> test(InjectionPoint point, ScanHttpClient client) throws IOException {
    String marker = Markers.next();
    if (!client.follow(point.with(point.value() + marker)).body().contains(marker)) {
      return Optional.empty();
    }
    Response original = client.follow(point.original());
    long a = Markers.number(1000, 9999);
    long b = Markers.number(101, 999);
    for (Syntax syntax : SYNTAXES) {
      if (evaluated(point, client, original, syntax, a, b).isEmpty()) {
        continue;
      }
      long c = Markers.number(1000, 9999);
      long d = Markers.number(101, 999);
      Optional<Response> confirmed = evaluated(point, client, original, syntax, c, d);
      if (confirmed.isPresent()) {
        return Optional.of(
            point.finding(
                RULE,
                Confidence.CONFIRMED,
                confirmed.get(),
                evidence(confirmed.get(), c * d),
                "the server evaluated "
                    + syntax.of(a, b)
                    + " to "
                    + a * b
                    + " and "
                    + syntax.of(c, d)
                    + " to "
                    + c * d));
      }
    }
    return Optional.empty();
  }

  private static String evidence(Response response, long value) {
    java.util.regex.Matcher matcher = product(value).matcher(response.body());
    return matcher.find() ? matcher.group() : Long.toString(value);
  }

  private static Optional<Response> evaluated(
      InjectionPoint point, ScanHttpClient client, Response original, Syntax syntax, long a, long b)
      throws IOException {
    Pattern product = product(a * b);
    if (product.matcher(original.body()).find()) {
      return Optional.empty();
    }
    Response response = client.follow(point.with(point.value() + syntax.of(a, b)));
    return product.matcher(response.body()).find() ? Optional.of(response) : Optional.empty();
  }

  /**
   * {@code value} as an engine prints a number: plain ({@code 1234567}) or grouped by thousands
   * with the separator of a locale ({@code 1,234,567}, {@code 1.234.567}, {@code 1 234 567}, {@code
   * 1'234'567}), as FreeMarker and Velocity's number tools do by default. The value before the
   * payload may end in a digit, so digits around it do not matter.
   */
  static Pattern product(long value) {
    String digits = Long.toString(value);
    StringBuilder regex = new StringBuilder();
    int first = digits.length() % 3 == 0 ? 3 : digits.length() % 3;
    regex.append(digits, 0, first);
    for (int i = first; i < digits.length(); i += 3) {
      regex.append("[,.'\\u00a0\\u202f ]?").append(digits, i, i + 3);
    }
    return Pattern.compile(regex.toString());
  }
}
