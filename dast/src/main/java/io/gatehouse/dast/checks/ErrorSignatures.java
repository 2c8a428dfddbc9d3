package io.gatehouse.dast.checks;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Error messages of one kind of interpreter (LDAP, XPath) by which a page shows a failed query. */
final class ErrorSignatures {
  private final List<Pattern> patterns;

  private ErrorSignatures(List<Pattern> patterns) {
    this.patterns = patterns;
  }

  /** Signatures from regular expressions. */
  static ErrorSignatures of(String... regexes) {
    return new ErrorSignatures(List.of(regexes).stream().map(Pattern::compile).toList());
  }

  /** The first signature's text found in {@code text}, if any. */
  Optional<String> find(String text) {
    for (Pattern pattern : patterns) {
      Matcher matcher = pattern.matcher(text);
      if (matcher.find()) {
        return Optional.of(matcher.group());
      }
    }
    return Optional.empty();
  }
}
