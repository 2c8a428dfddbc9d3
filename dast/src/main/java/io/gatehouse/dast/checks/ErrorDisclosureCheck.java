package io.gatehouse.dast.checks;

import io.gatehouse.dast.findings.Confidence;
import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Rule;
import io.gatehouse.dast.findings.Severity;
import io.gatehouse.dast.http.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Stack traces and database error messages in pages: internals an attacker should not see. */
public final class ErrorDisclosureCheck implements PassiveCheck {
  // lines start with [ \t]*, not \s*: \s spans line breaks, and retrying it at every line start of
  // a page of blank lines takes quadratic time
  private static final List<Pattern> STACK_TRACES =
      List.of(
          Pattern.compile("(?m)^[ \\t]*at [\\w$.<>]+\\([\\w$]+\\.(java|kt|scala|groovy):\\d+\\)"),
          Pattern.compile("Exception in thread \"[^\"]{1,80}\""),
          Pattern.compile("Traceback \\(most recent call last\\):"),
          Pattern.compile("(?m)^[ \\t]*at [\\w.<>`]+\\(.*\\) in [^\\n]{1,200}:line \\d+"),
          Pattern.compile("(Fatal error|Parse error|Warning)</b>: .{1,300} on line <b>\\d+"),
          Pattern.compile("(?m)^[ \\t]+from [^\\n]{1,200}\\.rb:\\d+:in `"),
          Pattern.compile("(?m)^[ \\t]+at [^\\n]{1,200} \\((/|node:)[^\\n]{1,200}:\\d+:\\d+\\)"));

  static final Rule STACK_TRACE =
      Rule.of(
          "stack-trace-disclosure",
          "Stack trace in response",
          Severity.MEDIUM,
          209,
          "Show users a generic error page; log the details on the server only.");
  static final Rule DATABASE_ERROR =
      Rule.of(
          "database-error-disclosure",
          "Database error message in response",
          Severity.MEDIUM,
          209,
          "Catch database errors, log them on the server and show users a generic message.");

  @Override
  public List<Rule> rules() {
    return List.of(STACK_TRACE, DATABASE_ERROR);
  }

  @Override
  public List<Finding> inspect(Response response) {
    List<Finding> findings = new ArrayList<>();
    stackTrace(response.body())
        .ifPresent(
            trace ->
                findings.add(
                    pageFinding(STACK_TRACE, response, trace, "stack trace: " + trace.strip())));
    DatabaseErrors.find(response.body())
        .ifPresent(
            match ->
                findings.add(
                    pageFinding(
                        DATABASE_ERROR,
                        response,
                        match.text(),
                        match.database() + " error: " + match.text())));
    return findings;
  }

  private static Optional<String> stackTrace(String body) {
    for (Pattern pattern : STACK_TRACES) {
      Matcher matcher = pattern.matcher(body);
      if (matcher.find()) {
        return Optional.of(matcher.group());
      }
    }
    return Optional.empty();
  }

  private static Finding pageFinding(Rule rule, Response response, String needle, String detail) {
    return new Finding(
        rule,
        Confidence.HIGH,
        EvidenceText.withoutQuery(response.uri().toString()),
        response.request().method(),
        "",
        EvidenceText.of(response, needle, detail));
  }
}
