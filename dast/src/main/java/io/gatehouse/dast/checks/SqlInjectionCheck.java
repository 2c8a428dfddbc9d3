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

/**
 * SQL injection, two ways. Error-based: a quote makes the page show a database's error message
 * (PostgreSQL, MySQL/MariaDB, H2, HSQLDB, SQLite, Oracle, SQL Server) that the original page does
 * not show. Boolean-based: an always-true condition appended to the value gives the original page
 * while an always-false one gives a different page, twice with different constants, on a page that
 * is stable when requested again; reflections of the payloads are removed before comparing.
 */
public final class SqlInjectionCheck implements ActiveCheck {
  static final double SAME = 0.97;
  static final double MARGIN = 0.03;

  private static final List<String> ERROR_SUFFIXES = List.of("'", "\"", "')", "\\", "1'\"(");

  /** A true and a false variant of the value, in one quoting style. */
  private record Pair(String truePart, String falsePart) {}

  static final Rule RULE =
      Rule.of(
          "sql-injection",
          "SQL injection",
          Severity.HIGH,
          89,
          "Use parameterised queries (prepared statements) for every value; never build SQL by"
              + " concatenating input.");

  @Override
  public Rule rule() {
    return RULE;
  }

  @Override
  public Optional<Finding> test(InjectionPoint point, ScanHttpClient client) throws IOException {
    Response original = client.follow(point.original());
    Optional<Finding> error = errorBased(point, client, original);
    if (error.isPresent()) {
      return error;
    }
    return booleanBased(point, client, original);
  }

  private static Optional<Finding> errorBased(
      InjectionPoint point, ScanHttpClient client, Response original) throws IOException {
    if (DatabaseErrors.find(original.body()).isPresent()) {
      return Optional.empty();
    }
    for (String suffix : ERROR_SUFFIXES) {
      Response response = client.follow(point.with(point.value() + suffix));
      Optional<DatabaseErrors.Match> match = DatabaseErrors.find(response.body());
      if (match.isPresent()) {
        return Optional.of(
            point.finding(
                RULE,
                Confidence.HIGH,
                response,
                match.get().text(),
                "error-based: appending "
                    + suffix
                    + " gives a "
                    + match.get().database()
                    + " error: "
                    + match.get().text()));
      }
    }
    return Optional.empty();
  }

  private static Optional<Finding> booleanBased(
      InjectionPoint point, ScanHttpClient client, Response original) throws IOException {
    Response again = client.follow(point.original());
    if (Similarity.of(original.body(), again.body()) < 0.99) {
      return Optional.empty();
    }
    int a = Markers.number(10, 99);
    int b = Markers.number(100, 999);
    List<List<Pair>> styles =
        List.of(
            List.of(
                new Pair("' AND '" + a + "'='" + a, "' AND '" + a + "'='" + (a + 1)),
                new Pair("' AND '" + b + "'='" + b, "' AND '" + b + "'='" + (b + 1))),
            List.of(
                new Pair(" AND " + a + "=" + a, " AND " + a + "=" + (a + 1)),
                new Pair(" AND " + b + "=" + b, " AND " + b + "=" + (b + 1))),
            List.of(
                new Pair("\" AND \"" + a + "\"=\"" + a, "\" AND \"" + a + "\"=\"" + (a + 1)),
                new Pair("\" AND \"" + b + "\"=\"" + b, "\" AND \"" + b + "\"=\"" + (b + 1))));
    for (List<Pair> style : styles) {
      Optional<Response> first = differs(point, client, original, style.get(0));
      if (first.isPresent() && differs(point, client, original, style.get(1)).isPresent()) {
        Pair pair = style.get(0);
        return Optional.of(
            point.finding(
                RULE,
                Confidence.HIGH,
                first.get(),
                "",
                "boolean-based: value+["
                    + pair.truePart()
                    + "] gives the original page,"
                    + " value+["
                    + pair.falsePart()
                    + "] a different one (confirmed twice)"));
      }
    }
    return Optional.empty();
  }

  /** The true variant's response when it matches the original and the false variant's does not. */
  private static Optional<Response> differs(
      InjectionPoint point, ScanHttpClient client, Response original, Pair pair)
      throws IOException {
    String trueValue = point.value() + pair.truePart();
    String falseValue = point.value() + pair.falsePart();
    Response whenTrue = client.follow(point.with(trueValue));
    List<String> payloads = List.of(trueValue, falseValue, point.value());
    String base = Similarity.withoutReflections(original.body(), payloads);
    String trueBody = Similarity.withoutReflections(whenTrue.body(), payloads);
    double trueSimilarity = Similarity.of(base, trueBody);
    if (whenTrue.status() != original.status() || trueSimilarity < SAME) {
      return Optional.empty();
    }
    Response whenFalse = client.follow(point.with(falseValue));
    String falseBody = Similarity.withoutReflections(whenFalse.body(), payloads);
    boolean different =
        whenFalse.status() != original.status()
            || Similarity.of(trueBody, falseBody) < trueSimilarity - MARGIN;
    return different ? Optional.of(whenFalse) : Optional.empty();
  }
}
