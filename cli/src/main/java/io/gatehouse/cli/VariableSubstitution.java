package io.gatehouse.cli;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces <code>${NAME}</code> in a text with the value of the environment variable NAME, as
 * {@code gatehouse apply} does for gatehouse.yaml. <code>$${</code> is a literal <code>${</code>; a
 * lone {@code $} stays as it is. Values are inserted as they are and not read again.
 */
final class VariableSubstitution {
  private static final Pattern REFERENCE = Pattern.compile("\\$\\$\\{|\\$\\{([^}\\n]*)(})?");
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final Map<String, String> variables;

  VariableSubstitution(Map<String, String> variables) {
    this.variables = Map.copyOf(variables);
  }

  /**
   * The text with every reference replaced.
   *
   * @param source names the text in messages (a file name)
   * @throws SubstitutionException naming the source, the line and the variable when a variable is
   *     not set or a reference is malformed
   */
  String apply(String source, String text) {
    Matcher matcher = REFERENCE.matcher(text);
    StringBuilder result = new StringBuilder(text.length());
    int end = 0;
    while (matcher.find()) {
      result.append(text, end, matcher.start());
      end = matcher.end();
      if (matcher.group().equals("$${")) {
        result.append("${");
        continue;
      }
      String name = matcher.group(1);
      int line = lineOf(text, matcher.start());
      if (matcher.group(2) == null || !NAME.matcher(name).matches()) {
        throw new SubstitutionException(
            source
                + ":"
                + line
                + ": '${"
                + name
                + (matcher.group(2) == null ? "" : "}")
                + "' is not a variable reference; write ${NAME} with letters, digits and _, or $${"
                + " for a literal ${");
      }
      String value = variables.get(name);
      if (value == null) {
        throw new SubstitutionException(
            source + ":" + line + ": environment variable " + name + " is not set");
      }
      result.append(value);
    }
    return result.append(text, end, text.length()).toString();
  }

  private static int lineOf(String text, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  /** A reference that cannot be replaced. */
  static final class SubstitutionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SubstitutionException(String message) {
      super(message);
    }
  }
}
