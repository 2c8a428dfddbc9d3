package io.gatehouse.dast.checks;

import io.gatehouse.dast.checks.BooleanProbes.Pair;
import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Rule;
import io.gatehouse.dast.findings.Severity;
import io.gatehouse.dast.http.ScanHttpClient;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * XPath injection. Error-based: a quote or bracket makes the page show an XPath error (Java, .NET,
 * PHP, libxml2, lxml, Saxon) the original page does not show. Boolean-based, in XPath's own syntax
 * so an SQL injection does not pass for it: {@code value' and count(/*)=1 and 'a'='a} keeps the
 * original page while {@code ...count(/*)=0...} changes it, confirmed with {@code string-length};
 * also in double quotes and without quotes.
 */
public final class XpathInjectionCheck implements ActiveCheck {
  static final Rule RULE =
      Rule.of(
          "xpath-injection",
          "XPath injection",
          Severity.HIGH,
          643,
          "Pass values to XPath as variables (XPathVariableResolver, parameterised queries) rather"
              + " than building the expression from input.");

  static final ErrorSignatures ERRORS =
      ErrorSignatures.of(
          "javax\\.xml\\.(transform\\.TransformerException|xpath\\.XPathExpressionException)",
          "com\\.sun\\.org\\.apache\\.xpath|org\\.apache\\.xpath",
          "net\\.sf\\.saxon\\.trans\\.XPathException|XPST0003",
          "System\\.Xml\\.XPath\\.XPathException|MS\\.Internal\\.Xml\\.",
          "SimpleXMLElement::xpath\\(\\)|DOMXPath::(query|evaluate)\\(\\)",
          "xmlXPathEval: evaluation failed|XPathEvalError|Invalid predicate",
          "Unknown error in XPath|XPathException");

  @Override
  public Rule rule() {
    return RULE;
  }

  @Override
  public Optional<Finding> test(InjectionPoint point, ScanHttpClient client) throws IOException {
    int n = Markers.number(3, 9);
    String word = Markers.next().substring(0, n);
    return QueryInjection.test(
        RULE,
        point,
        client,
        ERRORS,
        List.of("'", "\"", ")]"),
        List.of(style("'", n, word), style("\"", n, word), style("", n, word)));
  }

  private static List<Pair> style(String quote, int n, String word) {
    String tail = quote.isEmpty() ? "" : " and " + quote + "a" + quote + "=" + quote + "a";
    String length = "string-length(" + (quote.isEmpty() ? "'" : quote) + word;
    length += (quote.isEmpty() ? "'" : quote) + ")=";
    return List.of(
        new Pair(quote + " and count(/*)=1" + tail, quote + " and count(/*)=0" + tail),
        new Pair(quote + " and " + length + n + tail, quote + " and " + length + (n + 1) + tail));
  }
}
